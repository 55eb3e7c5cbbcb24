package io.sqsmega.spring.listener;

/**
 * A {@code @MegaListener} method that cannot work: its message names the bean method, what is
 * wrong and how to fix it (for a match expression, with the caret under the column).
 */
public class MegaListenerException extends RuntimeException {

    /**
     * @param message what is wrong, naming the method
     * @param cause the underlying error, or {@code null}
     */
    public MegaListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
