package io.sqsmega.spring.listener;

import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.springframework.core.task.TaskExecutor;

/**
 * Where and how the listener methods of every container run.
 *
 * @param taskExecutor the executor to run them on, shared by every container, or {@code null} for
 *        one per container: virtual threads when {@code virtualThreads}, else a pool of
 *        {@code max-in-flight} platform threads. Spring Cloud AWS requires a shared executor's
 *        threads to be virtual or made by its {@code MessageExecutionThreadFactory}.
 * @param virtualThreads whether each container runs its listeners on virtual threads (JDK 21+)
 * @param observationRegistry where each message's observation (and so its trace span) is recorded;
 *        {@link ObservationRegistry#NOOP} for none
 * @param interceptors the application's Spring Cloud AWS message interceptors, run around each message
 * @param errorHandler chooses the outcome of listeners' exceptions, or {@code null} to go by their types
 */
public record ListenerExecution(TaskExecutor taskExecutor, boolean virtualThreads,
        ObservationRegistry observationRegistry, ListenerInterceptors interceptors,
        MegaListenerErrorHandler errorHandler) {

    /** A pool of platform threads per container, no observations, no interceptors. */
    public static final ListenerExecution DEFAULT = new ListenerExecution(null, false, ObservationRegistry.NOOP);

    /** Requires the registry. */
    public ListenerExecution {
        Objects.requireNonNull(observationRegistry, "observationRegistry (ObservationRegistry.NOOP for none)");
        interceptors = interceptors == null ? ListenerInterceptors.NONE : interceptors;
    }

    /**
     * Without interceptors.
     *
     * @param taskExecutor the shared executor, or {@code null}
     * @param virtualThreads whether to run on virtual threads
     * @param observationRegistry where observations go
     */
    public ListenerExecution(TaskExecutor taskExecutor, boolean virtualThreads, ObservationRegistry observationRegistry) {
        this(taskExecutor, virtualThreads, observationRegistry, ListenerInterceptors.NONE, null);
    }
}
