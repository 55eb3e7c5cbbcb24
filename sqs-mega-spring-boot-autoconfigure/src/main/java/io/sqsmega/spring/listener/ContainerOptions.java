package io.sqsmega.spring.listener;

import io.sqsmega.dispatch.RetryBackoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How a queue's listener container polls and what it does with messages that cannot be handled.
 *
 * @param maxInFlight messages being handled at once (backpressure: no poll while full)
 * @param messagesPerPoll messages asked for per ReceiveMessage (1 to 10)
 * @param pollWait the long-poll wait (0 to 20 s)
 * @param shutdownTimeout how long stopping waits for messages in flight
 * @param retryBackoff the visibility of messages to retry
 * @param fatalPolicy the fate of a message a listener failed for good, or {@code null} for the queue's default
 * @param invalidPolicy the fate of an invalid body, or {@code null} for the queue's default
 * @param unrecognisedPolicy the fate of a payload whose kind no listener of the queue accepts, or
 *        {@code null} for the queue's default
 * @param maxProcessingTime how long the heartbeat keeps a message invisible while listeners work
 * @param unmatchedPolicy the fate of a valid payload no listener matched (delete by default)
 * @param acknowledgementInterval how long acknowledgements wait to fill a {@code DeleteMessageBatch},
 *        or {@code null} for the queue type's default ({@value #STANDARD_ACKNOWLEDGEMENT_INTERVAL_MILLIS} ms
 *        on standard queues, {@value #FIFO_ACKNOWLEDGEMENT_INTERVAL_MILLIS} ms on FIFO queues, where a
 *        group's next messages wait for the deletes)
 * @param acknowledgementThreshold acknowledgements that send a batch at once (1 to 10)
 * @param autoStartup whether the container starts with the application; {@code false} leaves it stopped
 *        until started from the endpoint or Spring Cloud AWS's {@code MessageListenerContainerRegistry}
 */
public record ContainerOptions(int maxInFlight, int messagesPerPoll, Duration pollWait, Duration shutdownTimeout,
        RetryBackoff retryBackoff, FailurePolicy fatalPolicy, FailurePolicy invalidPolicy,
        FailurePolicy unrecognisedPolicy, Duration maxProcessingTime, FailurePolicy unmatchedPolicy,
        Duration acknowledgementInterval, int acknowledgementThreshold, boolean autoStartup) {

    /** The acknowledgement interval of standard queues unless configured. */
    public static final long STANDARD_ACKNOWLEDGEMENT_INTERVAL_MILLIS = 1_000;

    /** The acknowledgement interval of FIFO queues unless configured. */
    public static final long FIFO_ACKNOWLEDGEMENT_INTERVAL_MILLIS = 100;

    /**
     * 10 in flight, 10 per poll, 20 s long polls, 20 s shutdown, default backoff, every failure
     * to the queue's default (dead-letter with a DLQ, else delete), heartbeat for up to 15 minutes,
     * acknowledgements in batches of 10 at the queue type's interval.
     */
    public static final ContainerOptions DEFAULT = new ContainerOptions(10, 10, Duration.ofSeconds(20),
            Duration.ofSeconds(20), RetryBackoff.DEFAULT, null, null, null, Duration.ofMinutes(15), FailurePolicy.DELETE,
            null, 10, true);

    /** Validates the options, naming the one that is wrong. */
    public ContainerOptions {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max-in-flight must be at least 1, got " + maxInFlight);
        }
        if (messagesPerPoll < 1 || messagesPerPoll > 10) {
            throw new IllegalArgumentException("messages-per-poll must be between 1 and 10 (the SQS limit), got "
                    + messagesPerPoll);
        }
        Objects.requireNonNull(pollWait, "pollWait");
        if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("poll-wait must be between 0 and 20 seconds (the SQS limit), got "
                    + pollWait);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxProcessingTime, "maxProcessingTime");
        Objects.requireNonNull(unmatchedPolicy, "unmatchedPolicy");
        if (maxProcessingTime.isNegative() || maxProcessingTime.compareTo(RetryBackoff.SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("max-processing-time must be between 0 and 12 hours (the SQS visibility "
                    + "limit), got " + maxProcessingTime);
        }
        if (acknowledgementInterval != null && (acknowledgementInterval.isNegative() || acknowledgementInterval.isZero())) {
            throw new IllegalArgumentException("acknowledgement-interval must be positive, got " + acknowledgementInterval);
        }
        if (acknowledgementThreshold < 1 || acknowledgementThreshold > 10) {
            throw new IllegalArgumentException("acknowledgement-threshold must be between 1 and 10 (a DeleteMessageBatch "
                    + "holds 10), got " + acknowledgementThreshold);
        }
    }

    /**
     * Options that start with the application.
     *
     * @param maxInFlight messages being handled at once
     * @param messagesPerPoll messages asked for per ReceiveMessage (1 to 10)
     * @param pollWait the long-poll wait (0 to 20 s)
     * @param shutdownTimeout how long stopping waits for messages in flight
     * @param retryBackoff the visibility of messages to retry
     * @param fatalPolicy the fate of a message a listener failed for good, or {@code null}
     * @param invalidPolicy the fate of an invalid body, or {@code null}
     * @param unrecognisedPolicy the fate of a payload no listener's kind accepts, or {@code null}
     * @param maxProcessingTime how long the heartbeat keeps a message invisible
     * @param unmatchedPolicy the fate of a valid payload no listener matched
     * @param acknowledgementInterval how long acknowledgements wait to fill a batch, or {@code null}
     * @param acknowledgementThreshold acknowledgements that send a batch at once (1 to 10)
     */
    public ContainerOptions(int maxInFlight, int messagesPerPoll, Duration pollWait, Duration shutdownTimeout,
            RetryBackoff retryBackoff, FailurePolicy fatalPolicy, FailurePolicy invalidPolicy,
            FailurePolicy unrecognisedPolicy, Duration maxProcessingTime, FailurePolicy unmatchedPolicy,
            Duration acknowledgementInterval, int acknowledgementThreshold) {
        this(maxInFlight, messagesPerPoll, pollWait, shutdownTimeout, retryBackoff, fatalPolicy, invalidPolicy,
                unrecognisedPolicy, maxProcessingTime, unmatchedPolicy, acknowledgementInterval, acknowledgementThreshold,
                true);
    }

    /**
     * @param autoStartup whether the container starts with the application
     * @return these options with that
     */
    public ContainerOptions withAutoStartup(boolean autoStartup) {
        return new ContainerOptions(maxInFlight, messagesPerPoll, pollWait, shutdownTimeout, retryBackoff, fatalPolicy,
                invalidPolicy, unrecognisedPolicy, maxProcessingTime, unmatchedPolicy, acknowledgementInterval,
                acknowledgementThreshold, autoStartup);
    }

    /**
     * @param fifo whether the queue is a FIFO queue
     * @return the acknowledgement interval in force for that queue type
     */
    public Duration acknowledgementIntervalFor(boolean fifo) {
        return acknowledgementInterval != null ? acknowledgementInterval
                : Duration.ofMillis(fifo ? FIFO_ACKNOWLEDGEMENT_INTERVAL_MILLIS : STANDARD_ACKNOWLEDGEMENT_INTERVAL_MILLIS);
    }

    /**
     * These options with a queue's own polling settings.
     *
     * @param maxInFlight the queue's max in flight, or {@code null} to keep this one
     * @param messagesPerPoll the queue's messages per poll, or {@code null} to keep this one
     * @param pollWait the queue's poll wait, or {@code null} to keep this one
     * @return the options for that queue
     */
    public ContainerOptions withPolling(Integer maxInFlight, Integer messagesPerPoll, Duration pollWait) {
        return new ContainerOptions(maxInFlight != null ? maxInFlight : this.maxInFlight,
                messagesPerPoll != null ? messagesPerPoll : this.messagesPerPoll, pollWait != null ? pollWait : this.pollWait,
                shutdownTimeout, retryBackoff, fatalPolicy, invalidPolicy, unrecognisedPolicy, maxProcessingTime,
                unmatchedPolicy, acknowledgementInterval, acknowledgementThreshold, autoStartup);
    }

    /**
     * These options with every unset policy replaced by the queue's default.
     *
     * @param hasDeadLetterQueue whether the queue has a dead-letter queue
     * @return the options with all three policies set
     */
    public ContainerOptions withDefaultPolicies(boolean hasDeadLetterQueue) {
        FailurePolicy fallback = hasDeadLetterQueue ? FailurePolicy.DEAD_LETTER : FailurePolicy.DELETE;
        return new ContainerOptions(maxInFlight, messagesPerPoll, pollWait, shutdownTimeout, retryBackoff,
                fatalPolicy != null ? fatalPolicy : fallback, invalidPolicy != null ? invalidPolicy : fallback,
                unrecognisedPolicy != null ? unrecognisedPolicy : fallback, maxProcessingTime, unmatchedPolicy,
                acknowledgementInterval, acknowledgementThreshold, autoStartup);
    }
}
