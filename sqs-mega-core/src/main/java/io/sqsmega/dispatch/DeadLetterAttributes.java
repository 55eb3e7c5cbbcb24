package io.sqsmega.dispatch;

import java.util.List;

/**
 * The message attributes a listener container adds when it dead-letters a message, so that whoever
 * reads the dead-letter queue (a person, the {@code sqs-mega redrive} command) knows what failed,
 * why, and where the message came from. A redrive removes exactly these before sending a message back.
 */
public final class DeadLetterAttributes {

    /** What failed: {@code fatal}, {@code invalid} or {@code unrecognised}. */
    public static final String FAILURE = "mega-failure";
    /** Why, e.g. the invalid body's reason (at most 256 characters). */
    public static final String REASON = "mega-failure-reason";
    /** The listeners that failed, comma-separated. */
    public static final String LISTENERS = "mega-failed-listeners";
    /** The name of the queue the message came from. */
    public static final String SOURCE_QUEUE = "mega-source-queue";
    /** The message id on the source queue. */
    public static final String ORIGINAL_ID = "mega-original-message-id";

    /** Every attribute above, in the order they are added. */
    public static final List<String> ALL = List.of(FAILURE, REASON, LISTENERS, SOURCE_QUEUE, ORIGINAL_ID);

    private DeadLetterAttributes() {
    }
}
