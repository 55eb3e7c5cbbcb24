package io.sqsmega.spring;

/**
 * A receive, acknowledgement or release of {@link MegaTemplate#receive} that did not happen, with what
 * to do about it: a missing queue, an unreachable endpoint, a broken match expression.
 */
public class MegaReceiveException extends RuntimeException {

    /**
     * @param message what happened and how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public MegaReceiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
