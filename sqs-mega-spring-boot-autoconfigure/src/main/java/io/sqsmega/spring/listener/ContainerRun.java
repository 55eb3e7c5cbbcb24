package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessagingHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementCallback;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.Message;

/**
 * What one run of a queue's container keeps, from the start Spring Cloud AWS gives it to its stop:
 * the {@link SettlementGate} that lets settlements through, the {@link VisibilityHeartbeat} of the
 * messages received in this run, and the thread that ticks the heartbeat and retries deletes.
 * Spring Cloud AWS builds new parts (message source, sink, acknowledgement processor) for every
 * start; a run belongs to that start's {@link FlushingAcknowledgementProcessor}, which starts and
 * stops it with itself. So a message received in one run is renewed and settled by that run only:
 * when its container was stopped and started again meanwhile, its run is closed and refuses the
 * settlement (logged and counted), instead of acknowledging it through a processor that no longer
 * deletes anything.
 *
 * <p>Every message carries its run: the acknowledgement callback in its headers is that run's
 * processor.
 */
final class ContainerRun {

    private final String name;
    private final SettlementGate gate = new SettlementGate();
    private final VisibilityHeartbeat heartbeat;
    private final FlushingAcknowledgementProcessor acknowledgements;
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param name the container id, for the thread's name
     * @param heartbeat this run's heartbeat
     * @param acknowledgements the processor whose start began this run
     */
    ContainerRun(String name, VisibilityHeartbeat heartbeat, FlushingAcknowledgementProcessor acknowledgements) {
        this.name = name;
        this.heartbeat = heartbeat;
        this.acknowledgements = acknowledgements;
    }

    /**
     * @param message a message a container received
     * @return the run that received it, or {@code null} when it carries none (not one of ours)
     */
    static ContainerRun of(Message<?> message) {
        return ofCallback(message.getHeaders().get(MessagingHeaders.ACKNOWLEDGMENT_CALLBACK_HEADER));
    }

    /**
     * @param callback the acknowledgement callback of a run's processor
     * @return its run, or {@code null} when it is not one of ours
     */
    static ContainerRun of(AcknowledgementCallback<?> callback) {
        return ofCallback(callback);
    }

    /** Our processors are the callbacks of our runs; any other callback belongs to no run of ours. */
    private static ContainerRun ofCallback(Object callback) {
        return callback instanceof FlushingAcknowledgementProcessor processor ? processor.run() : null;
    }

    /** @return the gate settlements of this run pass */
    SettlementGate gate() {
        return gate;
    }

    /** @return the acknowledgement processor of this run */
    FlushingAcknowledgementProcessor acknowledgements() {
        return acknowledgements;
    }

    /** @return the heartbeat of the messages received in this run */
    VisibilityHeartbeat heartbeat() {
        return heartbeat;
    }

    /** Starts the run's thread and its heartbeat. */
    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.start(scheduler);
    }

    /**
     * Runs a task later on the run's thread.
     *
     * @param task the task
     * @param delayNanos after how long
     * @return whether it was scheduled (not once the run has stopped)
     */
    boolean schedule(Runnable task, long delayNanos) {
        ScheduledExecutorService current = scheduler;
        if (current == null) {
            return false;
        }
        try {
            current.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return true;
        }
        catch (RejectedExecutionException ex) {
            return false;
        }
    }

    /** Stops the heartbeat and the run's thread: nothing of this run is renewed or retried after this. */
    synchronized void stop() {
        heartbeat.stop();
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
