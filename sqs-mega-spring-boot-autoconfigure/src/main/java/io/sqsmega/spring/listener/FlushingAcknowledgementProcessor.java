package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.SqsAcknowledgementException;
import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Spring Cloud AWS's batching acknowledgement processor ({@code DeleteMessageBatch} at a count or
 * an interval, ordered per group on FIFO queues), made to keep every acknowledgement it is given:
 * <ul>
 * <li>a delete that fails (the request after the SDK's retries, or its entry) is sent again, with a
 * growing pause, while the run's heartbeat keeps the message invisible, until its visibility runs
 * out (the heartbeat failed too, or the maximum processing time passed); only then is it given up, logged and
 * counted ({@code sqs.mega.unsettled}, reason {@code delete_failed}). {@code sqs.mega.deleted}
 * counts deletes SQS confirmed, nothing else;</li>
 * <li>an acknowledgement waits at most one interval, whatever other groups do. Spring Cloud AWS
 * 4.1.0 flushes partial batches only once no batch at all was sent for an interval, so under steady
 * load on other groups a quiet group's deletes waited past their visibility;</li>
 * <li>at stop, the run's {@link SettlementGate} closes (waiting for settlements under way) before
 * the processor marks itself stopped, so no acknowledgement made meanwhile is dropped; every
 * acknowledgement it was given is then flushed and every delete awaited (up to the shutdown
 * timeout). 4.1.0 clears its buffer instead (#1661, fixed after 4.1.0 by #1663 and #1664);</li>
 * <li>a batch never names one message twice: when SQS delivers a message again before the first
 * delivery's acknowledgement was sent, 4.1.0 used the message id as the entry id twice and SQS
 * refused the whole batch (#1654). The latest delivery (highest receive count) is the one kept.</li>
 * </ul>
 * One processor is built for every start of the container, and it owns that start's
 * {@link ContainerRun}: it starts the run with itself and stops it last.
 */
final class FlushingAcknowledgementProcessor
        extends BatchingAcknowledgementProcessor<software.amazon.awssdk.services.sqs.model.Message> {

    private static final Logger LOG = LoggerFactory.getLogger(FlushingAcknowledgementProcessor.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LONGEST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String queue;
    private final ContainerRun run;
    private final MegaMetrics metrics;
    private final Object lock = new Object();
    /** Acknowledged, not yet sent. Identity: a processor sees each delivery's message object once. */
    private final Map<Message<software.amazon.awssdk.services.sqs.model.Message>, Acknowledged> pending =
            new IdentityHashMap<>();
    /** Deletes sent whose messages are not all confirmed or given up yet. */
    private final Set<Deletes> sending = ConcurrentHashMap.newKeySet();
    private boolean stopped;
    private Duration shutdownTimeout;
    private long intervalNanos;

    /** An acknowledgement: why, and when it was made. */
    private record Acknowledged(Message<software.amazon.awssdk.services.sqs.model.Message> message, String reason,
            long at, Runnable onConfirmed) {
    }

    /** One batch on its way, retried until each message is confirmed or given up. */
    private final class Deletes {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile List<Acknowledged> unconfirmed;

        Deletes(List<Acknowledged> batch) {
            this.unconfirmed = batch;
        }
    }

    /**
     * @param queue the queue, for the log and the metrics
     * @param containerId the container's id, for the run's thread
     * @param heartbeat the heartbeat of the run this processor begins
     * @param metrics counts confirmed and failed deletes
     */
    FlushingAcknowledgementProcessor(String queue, String containerId, VisibilityHeartbeat heartbeat,
            MegaMetrics metrics) {
        this.queue = queue;
        this.run = new ContainerRun(containerId, heartbeat, this);
        this.metrics = metrics;
    }

    /** @return the run this processor's start began */
    ContainerRun run() {
        return run;
    }

    @Override
    protected void doConfigure(ContainerOptions<?, ?> containerOptions) {
        this.shutdownTimeout = containerOptions.getAcknowledgementShutdownTimeout();
        this.intervalNanos = containerOptions.getAcknowledgementInterval().toNanos();
        // The inherited shutdown wait would spin until its timeout and then drop what it holds: we flush instead.
        super.doConfigure(((SqsContainerOptions) containerOptions).toBuilder()
                .acknowledgementShutdownTimeout(Duration.ZERO).build());
    }

    @Override
    public void doStart() {
        super.doStart();
        run.start();
        run.schedule(this::flushOverdue, intervalNanos);
    }

    /**
     * Acknowledges a message of this run. The only way in: an acknowledgement through Spring Cloud
     * AWS's callback alone (which the containers' manual acknowledgement mode never makes) carries no
     * reason and is not sent.
     *
     * @param message the message
     * @param reason why, for {@code sqs.mega.deleted} once SQS confirmed the delete
     * @return completes once the acknowledgement is queued; fails with {@link IllegalStateException}
     *         when the run has stopped and nothing will delete the message. The run's heartbeat keeps
     *         the message until its delete is confirmed or given up: deletes are retried for as long
     *         as its visibility lasts.
     */
    CompletableFuture<Void> acknowledge(Message<software.amazon.awssdk.services.sqs.model.Message> message,
            String reason) {
        return acknowledge(message, reason, null);
    }

    /**
     * Acknowledges a message of this run, with something to do once SQS confirmed its delete.
     *
     * @param message the message
     * @param reason why, for {@code sqs.mega.deleted} once SQS confirmed the delete
     * @param onConfirmed run once SQS confirmed the delete (never when it is given up), or {@code null}
     * @return as {@link #acknowledge(Message, String)}
     */
    CompletableFuture<Void> acknowledge(Message<software.amazon.awssdk.services.sqs.model.Message> message,
            String reason, Runnable onConfirmed) {
        synchronized (lock) {
            if (stopped) {
                return CompletableFuture.failedFuture(new IllegalStateException("its container run has stopped"));
            }
            pending.put(message, new Acknowledged(message, reason, System.nanoTime(), onConfirmed));
        }
        // Should the processor stop right now, doStop flushes what pending holds: nothing is lost either way.
        return onAcknowledge(message);
    }

    @Override
    protected CompletableFuture<Void> sendToExecutor(
            Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> messagesToAck) {
        List<Acknowledged> owned = new ArrayList<>(messagesToAck.size());
        synchronized (lock) {
            for (Message<software.amazon.awssdk.services.sqs.model.Message> message : messagesToAck) {
                // Already sent by flushOverdue or at stop (the buffer may still hold it): never delete twice.
                Acknowledged acknowledged = pending.remove(message);
                if (acknowledged != null) {
                    owned.add(acknowledged);
                }
            }
        }
        return owned.isEmpty() ? CompletableFuture.completedFuture(null) : send(owned);
    }

    /** Sends what waited longer than an interval, whatever the other groups did meanwhile. */
    private void flushOverdue() {
        try {
            long now = System.nanoTime();
            List<Acknowledged> overdue = new ArrayList<>();
            synchronized (lock) {
                if (stopped) {
                    return;
                }
                pending.values().removeIf(acknowledged -> {
                    if (now - acknowledged.at() >= intervalNanos) {
                        overdue.add(acknowledged);
                        return true;
                    }
                    return false;
                });
            }
            if (!overdue.isEmpty()) {
                LOG.trace("Sending {} acknowledgement(s) of {} that waited an interval", overdue.size(), queue);
                send(overdue);
            }
        }
        catch (RuntimeException ex) {
            LOG.warn("Flushing acknowledgements of {} failed ({}); trying again", queue, ex.toString());
        }
        finally {
            run.schedule(this::flushOverdue, Math.max(intervalNanos / 2, TimeUnit.MILLISECONDS.toNanos(10)));
        }
    }

    private CompletableFuture<Void> send(List<Acknowledged> batch) {
        Deletes deletes = new Deletes(onePerMessage(batch));
        sending.add(deletes);
        deletes.done.whenComplete((done, failure) -> sending.remove(deletes));
        attempt(deletes, FIRST_RETRY_NANOS);
        return deletes.done;
    }

    private void attempt(Deletes deletes, long nextPauseNanos) {
        List<Acknowledged> batch = deletes.unconfirmed;
        List<Message<software.amazon.awssdk.services.sqs.model.Message>> messages = new ArrayList<>(batch.size());
        batch.forEach(acknowledged -> messages.add(acknowledged.message()));
        super.sendToExecutor(messages).whenComplete((done, failure) -> {
            List<Acknowledged> failed = failure == null ? List.of() : failedOf(batch, failure);
            for (Acknowledged acknowledged : batch) {
                if (!failed.contains(acknowledged)) {
                    run.heartbeat().untrack(acknowledged.message().getPayload());
                    metrics.deleted(queue, acknowledged.reason());
                    if (acknowledged.onConfirmed() != null) {
                        acknowledged.onConfirmed().run();
                    }
                }
            }
            if (deletes.done.isDone()) {
                // Given up at stop already: what failed was counted then.
                return;
            }
            if (failed.isEmpty()) {
                deletes.unconfirmed = List.of();
                deletes.done.complete(null);
                return;
            }
            long retryAt = System.nanoTime() + nextPauseNanos;
            List<Acknowledged> again = new ArrayList<>(failed.size());
            for (Acknowledged acknowledged : failed) {
                if (run.heartbeat().visibleUntil(acknowledged.message().getPayload()) - retryAt > 0) {
                    again.add(acknowledged);
                }
                else {
                    giveUp(acknowledged, "its visibility ran out");
                }
            }
            deletes.unconfirmed = again;
            if (again.isEmpty()) {
                deletes.done.complete(null);
            }
            else if (!run.schedule(() -> attempt(deletes, Math.min(LONGEST_RETRY_NANOS, nextPauseNanos * 2)),
                    nextPauseNanos)) {
                again.forEach(acknowledged -> giveUp(acknowledged, "its container run stopped"));
                deletes.unconfirmed = List.of();
                deletes.done.complete(null);
            }
            else {
                LOG.debug("Deleting {} message(s) of {} again in {} ms", again.size(), queue,
                        TimeUnit.NANOSECONDS.toMillis(nextPauseNanos));
            }
        });
    }

    private void giveUp(Acknowledged acknowledged, String why) {
        run.heartbeat().untrack(acknowledged.message().getPayload());
        metrics.unsettled(queue, "delete_failed");
        LOG.warn("Could not delete message {} of {} before {}: SQS delivers it again although it was settled ({})",
                MessageHeaderUtils.getHeaderAsString(acknowledged.message(), SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER),
                queue, why, acknowledged.reason());
    }

    /** The acknowledgements whose deletes failed: those the exception names, or all of them. */
    private static List<Acknowledged> failedOf(List<Acknowledged> batch, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof SqsAcknowledgementException refused)) {
            return batch;
        }
        Set<Object> failedMessages = Collections.newSetFromMap(new IdentityHashMap<>());
        failedMessages.addAll(refused.getFailedAcknowledgementMessages());
        List<Acknowledged> failed = new ArrayList<>();
        for (Acknowledged acknowledged : batch) {
            if (failedMessages.contains(acknowledged.message())) {
                failed.add(acknowledged);
            }
        }
        return failed;
    }

    /**
     * The latest delivery of each message: an earlier receipt handle of the same message is stale.
     * The latest is the one SQS counted last (ApproximateReceiveCount), not the one acknowledged last.
     */
    static <A> List<A> latestDeliveries(List<A> deliveries,
            Function<A, Message<software.amazon.awssdk.services.sqs.model.Message>> message) {
        Map<String, A> latest = new LinkedHashMap<>();
        for (A delivery : deliveries) {
            latest.merge(MessageHeaderUtils.getId(message.apply(delivery)), delivery,
                    (kept, other) -> SqsMessages.receiveCount(message.apply(other).getPayload())
                            >= SqsMessages.receiveCount(message.apply(kept).getPayload()) ? other : kept);
        }
        return latest.size() == deliveries.size() ? deliveries : new ArrayList<>(latest.values());
    }

    private static List<Acknowledged> onePerMessage(List<Acknowledged> batch) {
        return latestDeliveries(batch, Acknowledged::message);
    }

    /**
     * Stops the run's settlements before Spring Cloud AWS marks this processor stopped: the gate
     * closes (waiting for the settlements under way, whose acknowledgements are still taken), then
     * everything acknowledged is flushed and awaited, then the run's heartbeat stops.
     */
    @Override
    public void stop() {
        if (!isRunning()) {
            return;
        }
        if (!run.gate().close(shutdownTimeout)) {
            LOG.warn("Settlements of {} still under way after {}: they are not awaited, and their messages are "
                    + "delivered again", getId(), shutdownTimeout);
        }
        try {
            super.stop();
        }
        finally {
            run.stop();
        }
    }

    @Override
    public void doStop() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        List<Acknowledged> rest;
        synchronized (lock) {
            stopped = true;
            rest = new ArrayList<>(pending.values());
            pending.clear();
        }
        if (!rest.isEmpty()) {
            LOG.debug("Flushing {} acknowledgement(s) of {} at stop", rest.size(), getId());
            send(rest);
        }
        // Every batch sent before the stop too: the client may be closed right after the container stops.
        List<Deletes> unanswered = new ArrayList<>(sending);
        try {
            CompletableFuture.allOf(unanswered.stream().map(deletes -> deletes.done).toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            for (Deletes deletes : unanswered) {
                if (deletes.done.complete(null)) {
                    deletes.unconfirmed.forEach(acknowledged -> giveUp(acknowledged,
                            "the container stopped (" + shutdownTimeout + " shutdown timeout)"));
                }
            }
        }
        catch (ExecutionException ex) {
            LOG.warn("Deletes of {} failed at stop: {}", getId(), VisibilityChanges.rootMessage(ex));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        super.doStop();
    }
}
