package io.sqsmega.spring.listener;

/**
 * The fate of a message that cannot be handled: a listener failed for good, the body is invalid,
 * or no listener accepts its kind.
 */
public enum FailurePolicy {

    /** Delete it (it is gone). */
    DELETE,
    /** Leave it: it becomes visible again and, after the queue's maxReceiveCount, SQS moves it to the DLQ. */
    RETAIN
}
