package io.sqsmega.test;

import java.time.Duration;
import java.util.Objects;

/**
 * A queue a test needs: its name, whether it is FIFO, its visibility timeout, and an optional
 * dead-letter queue that receives a message after {@code maxReceiveCount} receives.
 *
 * @param name the queue name (FIFO names end in {@code .fifo}; added when missing)
 * @param fifo whether the queue is FIFO
 * @param visibilityTimeout the default visibility timeout
 * @param maxReceiveCount receives before a message moves to the DLQ; 0 for no DLQ
 */
public record QueueSpec(String name, boolean fifo, Duration visibilityTimeout, int maxReceiveCount) {

    /** Validates the spec. */
    public QueueSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        if (fifo && !name.endsWith(".fifo")) {
            name = name + ".fifo";
        }
        if (maxReceiveCount < 0) {
            throw new IllegalArgumentException("maxReceiveCount must not be negative");
        }
    }

    /**
     * @param name the queue name
     * @return a standard queue with a 30 s visibility timeout and no DLQ
     */
    public static QueueSpec standard(String name) {
        return new QueueSpec(name, false, Duration.ofSeconds(30), 0);
    }

    /** @return this queue as FIFO */
    public QueueSpec asFifo() {
        return new QueueSpec(name, true, visibilityTimeout, maxReceiveCount);
    }

    /**
     * @param timeout the visibility timeout
     * @return this queue with that timeout
     */
    public QueueSpec withVisibilityTimeout(Duration timeout) {
        return new QueueSpec(name, fifo, timeout, maxReceiveCount);
    }

    /**
     * @param receives receives before a message moves to the DLQ {@code <name>-dlq}
     * @return this queue with a DLQ
     */
    public QueueSpec withDeadLetterQueue(int receives) {
        if (receives < 1) {
            throw new IllegalArgumentException("maxReceiveCount must be at least 1, got " + receives);
        }
        return new QueueSpec(name, fifo, visibilityTimeout, receives);
    }

    /** @return the name of the DLQ this spec creates */
    public String deadLetterQueueName() {
        return fifo ? name.substring(0, name.length() - ".fifo".length()) + "-dlq.fifo" : name + "-dlq";
    }
}
