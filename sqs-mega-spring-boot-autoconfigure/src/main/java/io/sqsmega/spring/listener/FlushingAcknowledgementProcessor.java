package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Spring Cloud AWS's batching acknowledgement processor ({@code DeleteMessageBatch} at a count or
 * an interval, ordered per group on FIFO queues), with two fixes of 4.1.0 that 4.1.1 has and we
 * cannot have yet:
 * <ul>
 * <li>at stop, every acknowledgement it was given is flushed, and every delete sent is awaited
 * (up to the shutdown timeout). 4.1.0 clears its buffer instead, and so loses the
 * acknowledgements of up to a threshold's worth of handled messages at every shutdown (#1661,
 * fixed by #1663 and #1664), and does not wait for deletes under way, which fail when the
 * client closes next;</li>
 * <li>a batch never names one message twice: when SQS delivers a message again before the first
 * delivery's acknowledgement was sent, 4.1.0 used the message id as the entry id twice and SQS
 * refused the whole batch (#1654). The latest delivery's receipt handle is the one kept.</li>
 * </ul>
 * Before flushing at stop it closes the container's {@link SettlementGate}, so that everything
 * settled before the stop is deleted and nothing is settled after it.
 */
final class FlushingAcknowledgementProcessor
        extends BatchingAcknowledgementProcessor<software.amazon.awssdk.services.sqs.model.Message> {

    private static final Logger LOG = LoggerFactory.getLogger(FlushingAcknowledgementProcessor.class);

    private final SettlementGate gate;
    private final Object lock = new Object();
    /** Acknowledged, not yet handed to the executor. Identity: a processor sees each delivery's message object once. */
    private final Set<Message<software.amazon.awssdk.services.sqs.model.Message>> pending =
            Collections.newSetFromMap(new IdentityHashMap<>());
    /** Batches handed to the executor whose DeleteMessageBatch has not answered yet. */
    private final Set<CompletableFuture<Void>> sending = ConcurrentHashMap.newKeySet();
    private Duration shutdownTimeout;

    FlushingAcknowledgementProcessor(SettlementGate gate) {
        this.gate = gate;
    }

    @Override
    protected void doConfigure(ContainerOptions<?, ?> containerOptions) {
        this.shutdownTimeout = containerOptions.getAcknowledgementShutdownTimeout();
        // The inherited shutdown wait would spin until its timeout and then drop what it holds: we flush instead.
        super.doConfigure(((SqsContainerOptions) containerOptions).toBuilder()
                .acknowledgementShutdownTimeout(Duration.ZERO).build());
    }

    @Override
    protected CompletableFuture<Void> doOnAcknowledge(Message<software.amazon.awssdk.services.sqs.model.Message> message) {
        synchronized (lock) {
            pending.add(message);
        }
        return super.doOnAcknowledge(message);
    }

    @Override
    protected CompletableFuture<Void> sendToExecutor(
            Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> messagesToAck) {
        List<Message<software.amazon.awssdk.services.sqs.model.Message>> owned = new ArrayList<>(messagesToAck.size());
        synchronized (lock) {
            for (Message<software.amazon.awssdk.services.sqs.model.Message> message : messagesToAck) {
                // Already flushed at stop (the buffer thread may still hold it): never delete twice.
                if (pending.remove(message)) {
                    owned.add(message);
                }
            }
        }
        return owned.isEmpty() ? CompletableFuture.completedFuture(null) : send(onePerMessage(owned));
    }

    private CompletableFuture<Void> send(List<Message<software.amazon.awssdk.services.sqs.model.Message>> batch) {
        CompletableFuture<Void> sent = super.sendToExecutor(batch);
        sending.add(sent);
        sent.whenComplete((done, failure) -> sending.remove(sent));
        return sent;
    }

    /** The latest delivery of each message: an earlier receipt handle of the same message is stale. */
    private static List<Message<software.amazon.awssdk.services.sqs.model.Message>> onePerMessage(
            List<Message<software.amazon.awssdk.services.sqs.model.Message>> messages) {
        Map<String, Message<software.amazon.awssdk.services.sqs.model.Message>> latest = new LinkedHashMap<>();
        for (Message<software.amazon.awssdk.services.sqs.model.Message> message : messages) {
            latest.remove(MessageHeaderUtils.getId(message));
            latest.put(MessageHeaderUtils.getId(message), message);
        }
        return latest.size() == messages.size() ? messages : new ArrayList<>(latest.values());
    }

    @Override
    public void doStop() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        if (!gate.close(shutdownTimeout)) {
            LOG.warn("Settlements of {} still under way after {}: they are not awaited", getId(), shutdownTimeout);
        }
        List<Message<software.amazon.awssdk.services.sqs.model.Message>> rest;
        synchronized (lock) {
            rest = new ArrayList<>(pending);
            pending.clear();
        }
        if (!rest.isEmpty()) {
            send(onePerMessage(rest));
            LOG.debug("Flushing {} acknowledgement(s) of {} at stop", rest.size(), getId());
        }
        // Every batch sent before the stop too: the client may be closed right after the container stops.
        List<CompletableFuture<Void>> unanswered = new ArrayList<>(sending);
        try {
            CompletableFuture.allOf(unanswered.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            LOG.warn("Deletes of {} not answered within {}: those messages may be delivered again", getId(),
                    shutdownTimeout);
        }
        catch (ExecutionException ex) {
            // The executor logged which messages failed.
            LOG.warn("Some deletes of {} failed at stop: those messages may be delivered again", getId());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        super.doStop();
    }
}
