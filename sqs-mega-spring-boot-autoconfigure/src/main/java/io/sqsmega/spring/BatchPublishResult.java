package io.sqsmega.spring;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link MegaTemplate#publishAll}: one entry per payload, in the order given.
 *
 * @param entries the entries
 */
public record BatchPublishResult(List<Entry> entries) {

    /** Copies the entries. */
    public BatchPublishResult {
        entries = List.copyOf(entries);
    }

    /** @return {@code true} when every payload was sent */
    public boolean allSucceeded() {
        return entries.stream().allMatch(Entry::succeeded);
    }

    /** @return the entries that were not sent */
    public List<Entry> failures() {
        return entries.stream().filter(e -> !e.succeeded()).toList();
    }

    /**
     * One payload's outcome.
     *
     * @param index its position in the list given to {@code publishAll}
     * @param messageId the SQS message id when sent, else {@code null}
     * @param errorCode the SQS error code when not sent, else {@code null}
     * @param errorMessage the SQS error message when not sent, else {@code null}
     * @param attempts how many requests carried it (retryable failures are sent again)
     */
    public record Entry(int index, String messageId, String errorCode, String errorMessage, int attempts) {

        /** @return {@code true} when the payload was sent */
        public boolean succeeded() {
            return messageId != null;
        }

        /** @return the message id, when sent */
        public Optional<String> sentMessageId() {
            return Optional.ofNullable(messageId);
        }
    }
}
