package io.sqsmega.spring.listener;

import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps the received, unsettled messages of one container run invisible: every half visibility
 * timeout after a message arrived (or was last renewed), its visibility is set to the queue's
 * timeout again, until it is settled or its maximum processing time, counted from when its
 * listeners started, has passed. All renewals due at one tick go out together as
 * {@code ChangeMessageVisibilityBatch} requests, from the run's scheduler thread, which never
 * blocks on them.
 *
 * <p>A message settled by a delete is renewed until SQS confirmed the delete (or it was given up),
 * so that deletes failing for a while never find the visibility run out.
 *
 * <p>A renewal that failed (the request after the SDK's retries, or its entry) is tried again at
 * the next tick, until the visibility it was meant to extend has run out; only then is the message
 * given up, logged and counted ({@code sqs.mega.unsettled}, reason {@code heartbeat_lapsed}),
 * since SQS may now deliver it again while its listener runs.
 *
 * <p>Messages are tracked from the moment the container receives them, not from when a listener
 * starts: on a FIFO queue the later messages of a group wait for the earlier ones, and must not
 * become visible (and be delivered again) meanwhile.
 */
final class VisibilityHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final String queue;
    private final VisibilityChanges changes;
    private final MegaMetrics metrics;
    private final int visibilitySeconds;
    private final long visibilityNanos;
    private final long renewEveryNanos;
    private final long maxProcessingNanos;
    private final long tickMillis;
    private final Map<String, Beat> beats = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticks;

    /** One tracked delivery. Fields change under the beat's lock. */
    private static final class Beat {
        final String messageId;
        final String receiptHandle;
        /** When SQS makes the message visible again unless it is renewed before. */
        long visibleUntil;
        /** When the maximum processing time is over; {@code Long.MAX_VALUE} until a listener starts. */
        long deadline = Long.MAX_VALUE;
        boolean started;
        /** Settled by a delete not yet confirmed: renewed until the delete is confirmed or given up. */
        boolean deleting;
        long nextRenewal;
        /** The renewal on its way, or {@code null}. */
        CompletableFuture<Void> renewal;

        Beat(String messageId, String receiptHandle, long now, long visibility, long renewEvery) {
            this.messageId = messageId;
            this.receiptHandle = receiptHandle;
            this.visibleUntil = now + visibility;
            this.nextRenewal = now + renewEvery;
        }
    }

    /**
     * @param queue the queue (for the log)
     * @param changes sends the renewals
     * @param visibilityTimeout the queue's visibility timeout: the visibility each renewal sets
     * @param maxProcessingTime how long after its listeners started a message is renewed at most
     * @param metrics counts lapsed heartbeats
     */
    VisibilityHeartbeat(String queue, VisibilityChanges changes, Duration visibilityTimeout, Duration maxProcessingTime,
            MegaMetrics metrics) {
        this.queue = queue;
        this.changes = changes;
        this.metrics = metrics;
        this.visibilitySeconds = (int) Math.max(1, visibilityTimeout.toSeconds());
        this.visibilityNanos = TimeUnit.SECONDS.toNanos(visibilitySeconds);
        this.renewEveryNanos = visibilityNanos / 2;
        this.maxProcessingNanos = maxProcessingTime.toNanos();
        // Fine enough that a renewal is never much later than half the timeout, and that a failed one is tried
        // again several times before the visibility runs out; coarse enough to cost nothing.
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
                    new Beat(message.messageId(), message.receiptHandle(), now, visibilityNanos, renewEveryNanos));
        }
    }

    /**
     * Starts the maximum processing time of a delivery: its listeners start now.
     *
     * @param message the delivery
     */
    void started(Message message) {
        Beat beat = beats.get(message.receiptHandle());
        if (beat != null) {
            synchronized (beat) {
                beat.started = true;
                beat.deadline = System.nanoTime() + maxProcessingNanos;
            }
        }
    }

    /**
     * Keeps renewing a delivery whose delete is on its way, until {@link #untrack} (the delete was
     * confirmed or given up): a delete that fails for a while must not find the visibility run out.
     *
     * @param message the delivery
     */
    void deleting(Message message) {
        Beat beat = beats.get(message.receiptHandle());
        if (beat != null) {
            synchronized (beat) {
                beat.deleting = true;
            }
        }
    }

    /**
     * @param message a delivery
     * @return the {@link System#nanoTime()} at which its visibility runs out as far as the heartbeat
     *         knows, or now when it no longer keeps it
     */
    long visibleUntil(Message message) {
        Beat beat = beats.get(message.receiptHandle());
        if (beat == null) {
            return System.nanoTime();
        }
        synchronized (beat) {
            return beat.visibleUntil;
        }
    }

    /**
     * Stops renewing a delivery once its receive is done with, unless its delete is on its way.
     *
     * @param message the delivery
     */
    void receiveDone(Message message) {
        Beat beat = beats.get(message.receiptHandle());
        if (beat != null) {
            synchronized (beat) {
                if (beat.deleting) {
                    return;
                }
            }
            untrack(message);
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
            CompletableFuture<Void> sent = new CompletableFuture<>();
            for (Beat beat : beats.values()) {
                synchronized (beat) {
                    // The map's iterator may still show a beat untrack has just removed: untrack answered (or is
                    // about to answer) that no renewal is on its way, so none may start.
                    if (beat.renewal != null || now - beat.nextRenewal < 0 || beats.get(beat.receiptHandle) != beat) {
                        continue;
                    }
                    if (beat.started && now - beat.deadline > 0) {
                        beats.remove(beat.receiptHandle);
                        LOG.warn("Message {} of {} is still unsettled after the maximum processing time: no longer "
                                + "extending its visibility; it may be delivered again", beat.messageId, queue);
                        continue;
                    }
                    if (now - beat.visibleUntil >= 0) {
                        beats.remove(beat.receiptHandle);
                        metrics.unsettled(queue, "heartbeat_lapsed");
                        LOG.warn("Could not extend the visibility of message {} of {} before it ran out: SQS may "
                                + "deliver it again while it is being handled", beat.messageId, queue);
                        continue;
                    }
                    // Marked in the same locked step that found it due: an untrack from now on waits for this renewal.
                    beat.renewal = sent;
                    due.add(beat);
                    renewals.add(new VisibilityChanges.Change(beat.messageId, beat.receiptHandle, visibilitySeconds));
                }
            }
            if (due.isEmpty()) {
                return;
            }
            changes.apply(renewals, "extend the visibility of").whenComplete((failed, failure) ->
                    answered(due, now, failed == null ? null : receiptHandles(failed), sent));
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again: keep beating.
            LOG.warn("Heartbeat of {} failed ({}); trying again at the next tick", queue, ex.toString());
        }
    }

    private void answered(List<Beat> due, long sentAt, Set<String> failed, CompletableFuture<Void> sent) {
        long now = System.nanoTime();
        for (Beat beat : due) {
            synchronized (beat) {
                beat.renewal = null;
                if (failed == null || failed.contains(beat.receiptHandle)) {
                    // Tried again at the next tick, for as long as the visibility it had lasts.
                    beat.nextRenewal = now;
                }
                else {
                    // SQS counts the new timeout from when it got the request: sentAt is on the safe side.
                    beat.visibleUntil = sentAt + visibilityNanos;
                    beat.nextRenewal = sentAt + renewEveryNanos;
                }
            }
        }
        sent.complete(null);
    }

    private static Set<String> receiptHandles(List<VisibilityChanges.Change> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        Set<String> handles = new HashSet<>();
        changes.forEach(change -> handles.add(change.receiptHandle()));
        return handles;
    }
}
