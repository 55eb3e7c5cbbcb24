package io.sqsmega.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps a queue's received, unsettled messages invisible: every half visibility timeout after a
 * message arrived (or was last renewed), its visibility is set to the queue's timeout again, until
 * it is settled or its maximum processing time has passed. All renewals due at one tick go out
 * together as {@code ChangeMessageVisibilityBatch} requests, from one scheduler thread per queue
 * that never blocks on them.
 *
 * <p>Messages are tracked from the moment the container receives them, not from when a listener
 * starts: on a FIFO queue the later messages of a group wait for the earlier ones, and must not
 * become visible (and be delivered again) meanwhile.
 */
final class VisibilityHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final String queue;
    private final VisibilityChanges changes;
    private final int visibilitySeconds;
    private final long renewEveryNanos;
    private final long maxProcessingNanos;
    private final long tickMillis;
    private final Map<String, Beat> beats = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticks;

    /** One tracked delivery. Fields change under the beat's lock. */
    private static final class Beat {
        final String messageId;
        final String receiptHandle;
        final long deadline;
        long nextRenewal;
        CompletableFuture<Void> renewal;

        Beat(String messageId, String receiptHandle, long now, long renewEvery, long maxProcessing) {
            this.messageId = messageId;
            this.receiptHandle = receiptHandle;
            this.deadline = now + maxProcessing;
            this.nextRenewal = now + renewEvery;
        }
    }

    /**
     * @param queue the queue (for the log)
     * @param changes sends the renewals
     * @param visibilityTimeout the queue's visibility timeout: the visibility each renewal sets
     * @param maxProcessingTime how long after its arrival a message is renewed at most
     */
    VisibilityHeartbeat(String queue, VisibilityChanges changes, Duration visibilityTimeout, Duration maxProcessingTime) {
        this.queue = queue;
        this.changes = changes;
        this.visibilitySeconds = (int) Math.max(1, visibilityTimeout.toSeconds());
        this.renewEveryNanos = TimeUnit.SECONDS.toNanos(visibilitySeconds) / 2;
        this.maxProcessingNanos = maxProcessingTime.toNanos();
        // Fine enough that a renewal is never much later than half the timeout, coarse enough to cost nothing.
        this.tickMillis = Math.max(100, Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(renewEveryNanos) / 4));
    }

    /** Starts ticking on the scheduler. */
    synchronized void start(ScheduledExecutorService scheduler) {
        if (ticks == null) {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops ticking and forgets every message: none is renewed after this. */
    synchronized void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        beats.clear();
    }

    /** Starts renewing these deliveries. */
    void track(Collection<Message> messages) {
        long now = System.nanoTime();
        for (Message message : messages) {
            beats.putIfAbsent(message.receiptHandle(),
                    new Beat(message.messageId(), message.receiptHandle(), now, renewEveryNanos, maxProcessingNanos));
        }
    }

    /**
     * Stops renewing a delivery.
     *
     * @param message the delivery
     * @return completes once no renewal of it is on its way, so that one sent before cannot land
     *         after what the caller does next (a retry's shorter visibility, say)
     */
    CompletableFuture<Void> untrack(Message message) {
        Beat beat = beats.remove(message.receiptHandle());
        if (beat == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (beat) {
            return beat.renewal != null ? beat.renewal : CompletableFuture.completedFuture(null);
        }
    }

    /** @return deliveries being kept invisible */
    int tracked() {
        return beats.size();
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            List<Beat> due = new ArrayList<>();
            List<VisibilityChanges.Change> renewals = new ArrayList<>();
            for (Beat beat : beats.values()) {
                synchronized (beat) {
                    if (beat.renewal != null || now - beat.nextRenewal < 0) {
                        continue;
                    }
                    if (now - beat.deadline > 0) {
                        beats.remove(beat.receiptHandle);
                        LOG.warn("Message {} of {} is still unsettled after the maximum processing time: no longer "
                                + "extending its visibility; it may be delivered again", beat.messageId, queue);
                        continue;
                    }
                    due.add(beat);
                    renewals.add(new VisibilityChanges.Change(beat.messageId, beat.receiptHandle, visibilitySeconds));
                }
            }
            if (due.isEmpty()) {
                return;
            }
            CompletableFuture<Void> sent = new CompletableFuture<>();
            for (Beat beat : due) {
                synchronized (beat) {
                    beat.renewal = sent;
                }
            }
            changes.apply(renewals, "extend the visibility of").whenComplete((ignored, failure) -> {
                long renewed = System.nanoTime();
                for (Beat beat : due) {
                    synchronized (beat) {
                        beat.renewal = null;
                        beat.nextRenewal = renewed + renewEveryNanos;
                    }
                }
                sent.complete(null);
            });
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again: keep beating.
            LOG.warn("Heartbeat of {} failed ({}); trying again at the next tick", queue, ex.toString());
        }
    }
}
