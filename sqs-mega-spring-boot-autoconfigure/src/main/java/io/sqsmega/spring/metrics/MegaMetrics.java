package io.sqsmega.spring.metrics;

import java.time.Duration;

/**
 * The events SQS MEGA measures. Implementations must be thread-safe and must not throw.
 * {@link #NOOP} when Micrometer is absent; {@link MicrometerMegaMetrics} otherwise.
 */
public interface MegaMetrics {

    /** Measures nothing. */
    MegaMetrics NOOP = new MegaMetrics() {
    };

    /**
     * A message was received and decoded.
     *
     * @param queue the queue
     * @param kind {@code mega}, {@code data}, {@code text}, {@code binary}, {@code invalid} or {@code sns-confirmation}
     */
    default void received(String queue, String kind) {
    }

    /**
     * A listener handled a message.
     *
     * @param queue the queue
     * @param listener the listener id
     * @param kind the payload kind
     * @param outcome {@code done}, {@code retry_later}, {@code retriable_error} or {@code fatal_error}
     * @param duration how long it took
     */
    default void dispatched(String queue, String listener, String kind, String outcome, Duration duration) {
    }

    /**
     * A valid payload matched no listener (deleted).
     *
     * @param queue the queue
     * @param kind the payload kind
     */
    default void unmatched(String queue, String kind) {
    }

    /**
     * A match evaluation was undecided (a user function threw).
     *
     * @param queue the queue
     * @param listener the listener id
     */
    default void undecided(String queue, String listener) {
    }

    /**
     * A message was kept for a retry.
     *
     * @param queue the queue
     */
    default void retried(String queue) {
    }

    /**
     * A failure policy was applied.
     *
     * @param queue the queue
     * @param failure {@code fatal}, {@code invalid} or {@code unrecognised}
     * @param policy {@code delete}, {@code retain} or {@code dead_letter}
     */
    default void failed(String queue, String failure, String policy) {
    }

    /**
     * SQS confirmed a message's delete.
     *
     * @param queue the queue
     * @param reason {@code done}, {@code unmatched}, {@code confirmation}, {@code policy} or {@code dead_lettered}
     */
    default void deleted(String queue, String reason) {
    }

    /**
     * A message was left to SQS against what its handling decided: SQS delivers it again after
     * its visibility timeout, although it may already have been handled.
     *
     * @param queue the queue
     * @param reason {@code delete_failed} (its delete failed until its visibility ran out),
     *        {@code heartbeat_lapsed} (its visibility could not be extended before it ran out, while it
     *        was being handled) or {@code after_stop} (handled after its container run stopped)
     */
    default void unsettled(String queue, String reason) {
    }

    /**
     * A publish call ended.
     *
     * @param destination the destination as given
     * @param format the {@code mega-payload} value, or {@code unknown} when encoding failed
     * @param outcome {@code success} or {@code failure}
     * @param duration how long it took
     */
    default void published(String destination, String format, String outcome, Duration duration) {
    }

    /**
     * Counts publishes held for a transaction's commit ({@code sqs.mega.publish.deferred}), by what
     * became of them.
     *
     * @param destination the destination as given
     * @param outcome {@code sent} (after the commit), {@code failed} (the send after the commit
     *        failed) or {@code dropped} (the transaction rolled back)
     * @param count how many messages
     */
    default void deferredPublish(String destination, String outcome, int count) {
    }
}
