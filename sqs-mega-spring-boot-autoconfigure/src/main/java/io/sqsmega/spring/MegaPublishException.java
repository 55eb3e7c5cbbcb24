package io.sqsmega.spring;

/**
 * A publish that did not happen, with what to do about it: a missing queue, an unreachable
 * endpoint, a rejected message.
 */
public class MegaPublishException extends RuntimeException {

    /**
     * @param message what happened and how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public MegaPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
