package io.sqsmega.spring;

import java.util.concurrent.CompletionException;

/**
 * The failure a future completed with, as the code that failed threw it: a stage that threw wraps
 * its exception in a {@link CompletionException}, which says nothing to a caller or a log.
 */
public final class CompletionFailures {

    private CompletionFailures() {
    }

    /**
     * @param failure what a future completed with (or a stage was handed)
     * @return its cause when it is a {@link CompletionException} with one, else itself
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
