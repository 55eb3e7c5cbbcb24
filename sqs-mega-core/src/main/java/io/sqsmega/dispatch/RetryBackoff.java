package io.sqsmega.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a message to be retried stays invisible: exponential in its SQS receive count,
 * {@code initial × multiplier^(receiveCount − 1)}, capped at {@code max}, minus up to
 * {@code jitter} of itself at random so that retries of a burst do not return together. SQS
 * counts visibility in whole seconds, up to 12 hours.
 *
 * @param initial the visibility after the first receive
 * @param multiplier the growth per receive, at least 1
 * @param max the cap
 * @param jitter the fraction (0 to 1) that may be taken off at random
 */
public record RetryBackoff(Duration initial, double multiplier, Duration max, double jitter) {

    /** The longest visibility timeout SQS accepts. */
    public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    /** 5 s, doubling, at most 15 minutes, 20% jitter. */
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(15), 0.2);

    /** Validates the settings, naming the one that is wrong. */
    public RetryBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("retry backoff initial must not be negative, got " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry backoff multiplier must be a number of at least 1, got " + multiplier);
        }
        if (max.compareTo(initial) < 0 || max.compareTo(SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("retry backoff max must be between initial (" + initial
                    + ") and 12 hours (the SQS limit), got " + max);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("retry backoff jitter must be between 0 and 1, got " + jitter);
        }
    }

    /**
     * The visibility for a message about to be retried.
     *
     * @param receiveCount its SQS {@code ApproximateReceiveCount} (1 on the first delivery; lower is read as 1)
     * @param random a number in [0, 1) that decides the jitter
     * @return the visibility, in whole seconds, between 0 and {@link #max()}; at least 1 s when the
     *         backoff before jitter is 1 s or more
     */
    public Duration visibilityFor(int receiveCount, double random) {
        double seconds = initial.toMillis() / 1000.0 * Math.pow(multiplier, Math.max(0, receiveCount - 1));
        double capped = Math.min(seconds, max.toMillis() / 1000.0);
        double jittered = capped * (1.0 - jitter * Math.min(Math.max(random, 0.0), 1.0));
        // SQS takes whole seconds. Jitter must not round a pause of a second or more down to none:
        // a 1 s backoff with 20% jitter would otherwise redeliver at once, a retry storm.
        long floor = capped >= 1.0 ? 1 : 0;
        return Duration.ofSeconds(Math.max(floor, (long) Math.floor(jittered)));
    }
}
