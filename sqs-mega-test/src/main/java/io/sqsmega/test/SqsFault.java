package io.sqsmega.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One fault an {@link SqsFaultInjector} injects: what happens to which SQS operations, and when.
 * Immutable; every {@code with}-style method returns a new fault.
 *
 * <pre>{@code
 * // Deletes fail with HTTP 500 for 3 s (longer than the SDK's own retries, about 1 s).
 * faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(Duration.ofSeconds(3)));
 * // Visibility changes are throttled for 2 s out of every 7, for as long as the test runs.
 * faults.inject(SqsFault.throttling("ChangeMessageVisibilityBatch").lasting(Duration.ofSeconds(2))
 *         .every(Duration.ofSeconds(7)));
 * // Half the entries of every delete batch fail (the request itself succeeds).
 * faults.inject(SqsFault.failedEntries("DeleteMessageBatch").fraction(0.5));
 * // SQS deletes, but the answer is lost: the client sees an error for a delete that happened.
 * faults.inject(SqsFault.lostResponse("DeleteMessageBatch").times(1));
 * // 10 ms on every request, as an in-region SQS call takes.
 * faults.inject(SqsFault.latency(Duration.ofMillis(10)));
 * }</pre>
 *
 * @param kind what happens to a request the fault applies to
 * @param operations the SQS operations it applies to ({@code DeleteMessageBatch}, ...), empty for all
 * @param delay how long a request is held ({@link Kind#LATENCY})
 * @param startAfter when the fault starts, after it was injected
 * @param duration how long it lasts each time ({@code null}: for good)
 * @param period how often it comes back, measured from its start ({@code null}: once)
 * @param fraction the share of the requests in a window it applies to (of the entries, for
 *        {@link Kind#FAILED_ENTRIES}); 1 for all
 * @param times how many requests it applies to at most ({@code 0}: no limit)
 */
public record SqsFault(Kind kind, Set<String> operations, Duration delay, Duration startAfter, Duration duration,
        Duration period, double fraction, int times) {

    /** What happens to a request. */
    public enum Kind {
        /** Answered HTTP 500 {@code InternalError} without reaching SQS (the SDK retries it). */
        SERVER_ERROR,
        /** Answered HTTP 400 {@code RequestThrottled} without reaching SQS (the SDK retries it, backing off). */
        THROTTLING,
        /** Reaches SQS, which acts on it; the client is answered HTTP 500 all the same. */
        LOST_RESPONSE,
        /**
         * Batch requests only: chosen entries fail ({@code Failed}, code {@code InternalError})
         * without reaching SQS; the others go through. The SDK does not retry these.
         */
        FAILED_ENTRIES,
        /** Held for {@link SqsFault#delay()} before it goes on to SQS. */
        LATENCY
    }

    /** Validates. */
    public SqsFault {
        Objects.requireNonNull(kind, "kind");
        operations = Set.copyOf(operations);
        delay = delay == null ? Duration.ZERO : delay;
        startAfter = startAfter == null ? Duration.ZERO : startAfter;
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative, was " + times);
        }
        if (period != null && (duration == null || duration.compareTo(period) >= 0)) {
            throw new IllegalArgumentException("a repeating fault needs a duration shorter than its period");
        }
    }

    private static SqsFault of(Kind kind, String... operations) {
        return new SqsFault(kind, Set.copyOf(Arrays.asList(operations)), Duration.ZERO, Duration.ZERO, null, null, 1, 0);
    }

    /**
     * @param operations the operations ({@code ReceiveMessage}, ...); none for every operation
     * @return HTTP 500 for them, for good until narrowed
     */
    public static SqsFault serverError(String... operations) {
        return of(Kind.SERVER_ERROR, operations);
    }

    /**
     * @param operations the operations; none for every operation
     * @return throttling errors for them
     */
    public static SqsFault throttling(String... operations) {
        return of(Kind.THROTTLING, operations);
    }

    /**
     * @param operations the operations; none for every operation
     * @return requests SQS carries out whose answers are lost
     */
    public static SqsFault lostResponse(String... operations) {
        return of(Kind.LOST_RESPONSE, operations);
    }

    /**
     * @param operations batch operations ({@code DeleteMessageBatch}, {@code ChangeMessageVisibilityBatch},
     *        {@code SendMessageBatch})
     * @return failed entries in their answers
     */
    public static SqsFault failedEntries(String... operations) {
        if (operations.length == 0) {
            throw new IllegalArgumentException("name the batch operations whose entries fail");
        }
        return of(Kind.FAILED_ENTRIES, operations);
    }

    /**
     * @param delay how long each request is held
     * @param operations the operations; none for every operation
     * @return the latency
     */
    public static SqsFault latency(Duration delay, String... operations) {
        return new SqsFault(Kind.LATENCY, Set.copyOf(Arrays.asList(operations)), delay, Duration.ZERO, null, null, 1, 0);
    }

    /**
     * @param duration how long the fault lasts (each time, when it repeats)
     * @return this fault, lasting that long
     */
    public SqsFault lasting(Duration duration) {
        return new SqsFault(kind, operations, delay, startAfter, duration, period, fraction, times);
    }

    /**
     * @param delay how long after it is injected the fault starts
     * @return this fault, starting then
     */
    public SqsFault after(Duration delay) {
        return new SqsFault(kind, operations, this.delay, delay, duration, period, fraction, times);
    }

    /**
     * @param period how often the fault comes back (start to start); needs {@link #lasting(Duration)}
     * @return this fault, repeating
     */
    public SqsFault every(Duration period) {
        return new SqsFault(kind, operations, delay, startAfter, duration, period, fraction, times);
    }

    /**
     * @param fraction the share of requests (of entries, for failed entries) it applies to, chosen at random
     * @return this fault, for that share
     */
    public SqsFault fraction(double fraction) {
        return new SqsFault(kind, operations, delay, startAfter, duration, period, fraction, times);
    }

    /**
     * @param times how many requests it applies to at most
     * @return this fault, that many times
     */
    public SqsFault times(int times) {
        return new SqsFault(kind, operations, delay, startAfter, duration, period, fraction, times);
    }

    /** @return whether it applies to this operation */
    boolean appliesTo(String operation) {
        return operations.isEmpty() || operations.contains(operation);
    }

    /**
     * @param sinceInjected how long ago the fault was injected
     * @return whether a window of the fault is open now
     */
    boolean activeAt(Duration sinceInjected) {
        Duration sinceStart = sinceInjected.minus(startAfter);
        if (sinceStart.isNegative()) {
            return false;
        }
        if (period != null) {
            sinceStart = Duration.ofNanos(sinceStart.toNanos() % period.toNanos());
        }
        return duration == null || sinceStart.compareTo(duration) < 0;
    }
}
