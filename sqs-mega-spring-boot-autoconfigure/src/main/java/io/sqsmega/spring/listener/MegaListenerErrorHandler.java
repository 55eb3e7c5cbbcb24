package io.sqsmega.spring.listener;

import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.spring.MegaMessage;

/**
 * Chooses the outcome of a listener's exception, where the exception types alone
 * ({@code retriable}, {@code mega.listener.retriable-exceptions}) are not enough: a status code inside a
 * client exception, the receive count, the tenant. Declare one as a bean; it sees every exception of
 * every {@code @MegaListener} (not invalid payloads, which are never retried).
 */
@FunctionalInterface
public interface MegaListenerErrorHandler {

    /**
     * @param listener {@code BeanClass.method}
     * @param message the message the listener failed on
     * @param failure what it threw (or its future failed with)
     * @param proposed the outcome by exception type: {@link ProcessStatus#RETRIABLE_ERROR} or
     *        {@link ProcessStatus#FATAL_ERROR}
     * @return the outcome: {@code RETRIABLE_ERROR} or {@code RETRY_LATER} to retry with the backoff,
     *         {@code FATAL_ERROR} for the fatal policy, {@code DONE} to treat the message as handled;
     *         {@code proposed} to keep it
     */
    ProcessStatus handle(String listener, MegaMessage message, Throwable failure, ProcessStatus proposed);
}
