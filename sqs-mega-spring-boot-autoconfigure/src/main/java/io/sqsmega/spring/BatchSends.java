package io.sqsmega.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Sends the entries of one {@code publishAll} in batch requests ({@code SendMessageBatch} or SNS
 * {@code PublishBatch}) of up to {@value MegaTemplate#MAX_BATCH_ENTRIES} entries and up to the
 * request's total size ({@value #SQS_MAX_BATCH_BYTES} bytes for SQS, {@value #SNS_MAX_BATCH_BYTES} for
 * SNS: the services refuse a larger request whole), several in flight at once on standard queues and
 * topics, and gives every entry a result:
 * <ul>
 * <li>entries SQS or SNS failed through no fault of the sender are sent again, up to
 * {@value MegaTemplate#MAX_BATCH_ATTEMPTS} attempts;</li>
 * <li>a request that failed as a whole (after the SDK's retries) fails its entries, with the
 * error, and the other requests go on: the caller learns which entries were sent and which were
 * not, so that sending the failed ones again duplicates nothing;</li>
 * <li>on FIFO destinations (one request at a time) a failed entry is sent again only when no later
 * entry of its request was sent (else retrying it would put it behind them), and once an entry has
 * failed for good nothing after it is sent: the rest are reported not sent, in order, for the
 * caller to send again.</li>
 * </ul>
 */
final class BatchSends {

    /** Batch requests of one publishAll in flight at once (standard queues and topics). */
    static final int MAX_IN_FLIGHT = 8;

    /** The most bytes (bodies and attributes) of one SendMessageBatch: SQS refuses more with BatchRequestTooLong. */
    static final int SQS_MAX_BATCH_BYTES = 1024 * 1024;

    /** The most bytes (messages and attributes) of one SNS PublishBatch. */
    static final int SNS_MAX_BATCH_BYTES = 256 * 1024;

    private BatchSends() {
    }

    /** What a batch request answered, in the terms SQS's and SNS's batch APIs share. */
    record Answer(List<Sent> sent, List<Failed> failed) {
    }

    /**
     * @param id the entry id (its index in the publishAll list)
     * @param messageId the id the service gave the message
     */
    record Sent(String id, String messageId) {
    }

    /**
     * @param id the entry id
     * @param code the error code
     * @param message the error message
     * @param senderFault whether the sender caused it (then it is not sent again)
     */
    record Failed(String id, String code, String message, boolean senderFault) {
    }

    /**
     * @param destination the queue URL or topic ARN ({@code .fifo} ones go one batch at a time)
     * @return how many batches may be in flight at once
     */
    static int inFlightFor(String destination) {
        return destination.endsWith(".fifo") ? 1 : MAX_IN_FLIGHT;
    }

    /**
     * Sends every entry.
     *
     * @param destination the queue URL or topic ARN
     * @param entries the request entries, their ids their indexes
     * @param idOf an entry's id
     * @param sizeOf an entry's size as the service counts it (body and attributes, in bytes)
     * @param maxBatchBytes the most bytes one request may carry
     * @param request sends one batch request
     * @return one result per entry, in order; never completes exceptionally
     */
    static <E> CompletableFuture<List<BatchPublishResult.Entry>> sendAll(String destination, List<E> entries,
            Function<E, String> idOf, ToIntFunction<E> sizeOf, int maxBatchBytes,
            Function<List<E>, CompletableFuture<Answer>> request) {
        Sending<E> sending = new Sending<>(destination.endsWith(".fifo"), entries.size(), idOf, request);
        List<Supplier<CompletableFuture<Void>>> batches = new ArrayList<>();
        for (List<E> chunk : chunks(entries, sizeOf, maxBatchBytes)) {
            batches.add(() -> sending.send(chunk, 1));
        }
        return run(batches, inFlightFor(destination)).thenApply(done -> List.of(sending.results));
    }

    /**
     * Cuts the entries, in order, into requests of at most {@value MegaTemplate#MAX_BATCH_ENTRIES} entries
     * and {@code maxBatchBytes} bytes. An entry larger than that on its own goes alone: the service
     * answers for it (the message is too long), and the others are not refused with it.
     */
    static <E> List<List<E>> chunks(List<E> entries, ToIntFunction<E> sizeOf, int maxBatchBytes) {
        List<List<E>> chunks = new ArrayList<>();
        int first = 0;
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            int size = sizeOf.applyAsInt(entries.get(i));
            if (i > first && (i - first == MegaTemplate.MAX_BATCH_ENTRIES || bytes + size > maxBatchBytes)) {
                chunks.add(entries.subList(first, i));
                first = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (first < entries.size()) {
            chunks.add(entries.subList(first, entries.size()));
        }
        return chunks;
    }

    /** The state of one publishAll's sends. */
    private static final class Sending<E> {
        final boolean fifo;
        final BatchPublishResult.Entry[] results;
        final Function<E, String> idOf;
        final Function<List<E>, CompletableFuture<Answer>> request;
        /** FIFO: an entry failed for good, so nothing after it may be sent. */
        final AtomicBoolean halted = new AtomicBoolean();

        Sending(boolean fifo, int size, Function<E, String> idOf, Function<List<E>, CompletableFuture<Answer>> request) {
            this.fifo = fifo;
            this.results = new BatchPublishResult.Entry[size];
            this.idOf = idOf;
            this.request = request;
        }

        CompletableFuture<Void> send(List<E> chunk, int attempt) {
            if (halted.get()) {
                chunk.forEach(entry -> fail(entry, "NotSent", "not sent: an earlier message of this FIFO publishAll was "
                        + "not sent, and this one would have overtaken it", attempt - 1));
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Answer> requested;
            try {
                requested = request.apply(chunk);
            }
            catch (RuntimeException ex) {
                requested = CompletableFuture.failedFuture(ex);
            }
            CompletableFuture<Answer> answer = requested;
            return answer.handle((response, failure) -> failure).thenCompose(failure -> {
                if (failure != null) {
                    Throwable cause = CompletionFailures.cause(failure);
                    String code = cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                            && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode()
                                    : cause.getClass().getSimpleName();
                    chunk.forEach(entry -> fail(entry, code, String.valueOf(cause.getMessage()), attempt));
                    halted.compareAndSet(false, fifo);
                    return CompletableFuture.<Void>completedFuture(null);
                }
                return answered(chunk, answer.join(), attempt);
            });
        }

        private CompletableFuture<Void> answered(List<E> chunk, Answer answer, int attempt) {
            for (Sent sent : answer.sent()) {
                int index = Integer.parseInt(sent.id());
                results[index] = new BatchPublishResult.Entry(index, sent.messageId(), null, null, attempt);
            }
            List<String> retriable = new ArrayList<>();
            boolean senderFault = false;
            for (Failed failed : answer.failed()) {
                int index = Integer.parseInt(failed.id());
                results[index] = new BatchPublishResult.Entry(index, null, failed.code(), failed.message(), attempt);
                if (failed.senderFault()) {
                    senderFault = true;
                }
                else {
                    retriable.add(failed.id());
                }
            }
            if (answer.failed().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<E> again = new ArrayList<>();
            if (fifo) {
                // Only the tail from the first failure on, and only when all of it failed: else it would be reordered.
                int first = firstFailed(chunk);
                List<E> tail = chunk.subList(first, chunk.size());
                boolean allFailedRetriably = !senderFault && tail.stream().allMatch(e -> retriable.contains(idOf.apply(e)));
                if (allFailedRetriably && attempt < MegaTemplate.MAX_BATCH_ATTEMPTS) {
                    again.addAll(tail);
                }
                else {
                    halted.set(true);
                }
            }
            else if (attempt < MegaTemplate.MAX_BATCH_ATTEMPTS) {
                chunk.stream().filter(e -> retriable.contains(idOf.apply(e))).forEach(again::add);
            }
            return again.isEmpty() ? CompletableFuture.completedFuture(null) : send(again, attempt + 1);
        }

        private int firstFailed(List<E> chunk) {
            for (int i = 0; i < chunk.size(); i++) {
                BatchPublishResult.Entry result = results[Integer.parseInt(idOf.apply(chunk.get(i)))];
                if (result == null || !result.succeeded()) {
                    return i;
                }
            }
            return chunk.size();
        }

        private void fail(E entry, String code, String message, int attempts) {
            int index = Integer.parseInt(idOf.apply(entry));
            results[index] = new BatchPublishResult.Entry(index, null, code, message, Math.max(0, attempts));
        }
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
