package io.sqsmega.spring.listener;

/**
 * The fate of a message that cannot be handled: a listener failed for good, the body is invalid,
 * or no listener accepts its kind. When a policy is not configured, a queue with a dead-letter
 * queue (a RedrivePolicy) uses {@link #DEAD_LETTER}, one without uses {@link #DELETE} and says so
 * at startup.
 */
public enum FailurePolicy {

    /** Delete it (it is gone). */
    DELETE,
    /** Leave it: it becomes visible again and, after the queue's maxReceiveCount, SQS moves it to the DLQ. */
    RETAIN,
    /**
     * Send the original body and attributes, plus {@code mega-failure*} attributes saying what
     * failed and why, to the queue's dead-letter queue at once, then delete it.
     */
    DEAD_LETTER
}
