package io.sqsmega.spring;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link MegaTemplate#publishAll}: one entry per payload, in the order given; or, for a
 * {@code publishAll} inside a transaction whose messages wait for its commit ({@link #deferred()}),
 * no entries yet: the outcome comes with {@code publishAllAsync}'s future after the commit, and a
 * failure then is logged, counted and published as an {@link AfterCommitPublishFailedEvent}.
 *
 * @param entries the entries (none when deferred)
 * @param deferred whether the payloads are held for the commit of the current transaction
 */
public record BatchPublishResult(List<Entry> entries, boolean deferred) {

    /** Copies the entries. */
    public BatchPublishResult {
        entries = List.copyOf(entries);
    }

    /** @param entries one per payload, sent or not */
    public BatchPublishResult(List<Entry> entries) {
        this(entries, false);
    }

    /** @return the result of a {@code publishAll} held for the commit of the current transaction */
    public static BatchPublishResult heldForCommit() {
        return new BatchPublishResult(List.of(), true);
    }

    /**
     * @return {@code true} when no payload failed: every payload was sent, or, when
     *         {@link #deferred()}, none has been tried yet
     */
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
