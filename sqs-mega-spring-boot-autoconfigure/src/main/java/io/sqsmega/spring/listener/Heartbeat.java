package io.sqsmega.spring.listener;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Keeps one message invisible while its listeners work: every half visibility timeout it sets the
 * visibility to the queue's timeout again, until stopped or until the maximum processing time.
 * {@link #stop()} waits for a beat in progress, so no beat lands after the message is settled.
 */
final class Heartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final String receiptHandle;
    private final String messageId;
    private final Duration visibility;
    private final long deadline;
    private ScheduledFuture<?> task;
    private boolean stopped;

    private Heartbeat(SqsAsyncClient sqs, String queueUrl, String receiptHandle, String messageId, Duration visibility,
            Duration maxProcessingTime) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.receiptHandle = receiptHandle;
        this.messageId = messageId;
        this.visibility = visibility;
        this.deadline = System.nanoTime() + maxProcessingTime.toNanos();
    }

    static Heartbeat start(ScheduledExecutorService scheduler, SqsAsyncClient sqs, String queueUrl, String receiptHandle,
            String messageId, Duration visibility, Duration maxProcessingTime) {
        Heartbeat heartbeat = new Heartbeat(sqs, queueUrl, receiptHandle, messageId, visibility, maxProcessingTime);
        long interval = Math.max(500, visibility.toMillis() / 2);
        synchronized (heartbeat) {
            heartbeat.task = scheduler.scheduleWithFixedDelay(heartbeat::beat, interval, interval, TimeUnit.MILLISECONDS);
        }
        return heartbeat;
    }

    private synchronized void beat() {
        if (stopped) {
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            LOG.warn("Message {} still in work after the maximum processing time: no longer extending its visibility; "
                    + "it may be delivered again", messageId);
            stopped = true;
            task.cancel(false);
            return;
        }
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) visibility.toSeconds())).join();
        }
        catch (RuntimeException ex) {
            LOG.warn("Extending the visibility of message {} failed ({}); it may be delivered again", messageId,
                    ex.getMessage());
        }
    }

    /** Stops beating; returns once no beat is in progress. */
    synchronized void stop() {
        stopped = true;
        task.cancel(false);
    }
}
