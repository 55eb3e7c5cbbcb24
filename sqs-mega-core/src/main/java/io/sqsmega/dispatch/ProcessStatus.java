package io.sqsmega.dispatch;

/**
 * What a listener says about a message it handled. A {@code void} listener that returns normally
 * is {@link #DONE}; one that throws is {@link #RETRIABLE_ERROR} or {@link #FATAL_ERROR} depending
 * on whether the exception type is configured as retriable.
 */
public enum ProcessStatus {

    /** Handled; nothing more to do. */
    DONE,
    /** Not now: keep the message and deliver it again after the retry backoff. */
    RETRY_LATER,
    /** Failed, but may succeed later: like {@link #RETRY_LATER}, counted as an error. */
    RETRIABLE_ERROR,
    /** Failed for good: the message goes to the fatal policy (dead-letter, retain or delete). */
    FATAL_ERROR
}
