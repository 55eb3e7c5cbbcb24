package io.sqsmega.spring;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the batch requests of one {@code publishAll}, several at a time: a batch waits for an SQS
 * or SNS round trip, so sending them one after another leaves the connection idle most of the
 * time. FIFO destinations send one batch after another, so the order of a group is kept.
 */
final class BatchSends {

    /** Batch requests of one publishAll in flight at once (standard queues and topics). */
    static final int MAX_IN_FLIGHT = 8;

    private BatchSends() {
    }

    /**
     * @param destination the queue URL or topic ARN ({@code .fifo} ones go one batch at a time)
     * @return how many batches may be in flight at once
     */
    static int inFlightFor(String destination) {
        return destination.endsWith(".fifo") ? 1 : MAX_IN_FLIGHT;
    }

    /**
     * Starts the sends in list order, at most {@code limit} at once.
     *
     * @param sends each starts one batch request
     * @param limit how many may be in flight
     * @return completes when all are done, exceptionally as soon as one fails
     */
    static CompletableFuture<Void> run(List<Supplier<CompletableFuture<Void>>> sends, int limit) {
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<?>[] lanes = new CompletableFuture<?>[Math.max(1, Math.min(limit, sends.size()))];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = lane(sends, next);
        }
        return CompletableFuture.allOf(lanes);
    }

    /** Takes the next send whenever the previous one of this lane is done; loops rather than nests when it already is. */
    private static CompletableFuture<Void> lane(List<Supplier<CompletableFuture<Void>>> sends, AtomicInteger next) {
        while (true) {
            int index = next.getAndIncrement();
            if (index >= sends.size()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> sent = sends.get(index).get();
            if (!sent.isDone() || sent.isCompletedExceptionally()) {
                return sent.thenCompose(done -> lane(sends, next));
            }
        }
    }
}
