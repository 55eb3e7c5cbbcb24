package io.sqsmega.spring.listener;

/**
 * Says that a FIFO message stays on its queue (kept for a retry, retained, or not settled), so
 * the later messages of its group must not run before it comes back. A signal between our
 * listener and our group-ordered sink, not an error: it has no stack trace.
 */
final class MessageKeptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient MessageSettler.Settlement settlement;

    MessageKeptException(String messageId, MessageSettler.Settlement settlement) {
        super("message " + messageId + " stays on the queue (" + settlement.name().toLowerCase(java.util.Locale.ROOT)
                + "): the rest of its group waits for it", null, false, false);
        this.settlement = settlement;
    }

    /** @return how the message was left */
    MessageSettler.Settlement settlement() {
        return settlement;
    }

    /**
     * @param failure what a message's processing completed with
     * @return the signal inside it, or {@code null} when it is another failure
     */
    static MessageKeptException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MessageKeptException kept) {
                return kept;
            }
            if (cause.getCause() == cause) {
                return null;
            }
        }
        return null;
    }
}
