package io.sqsmega.sample;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sample's queues: {@code orders} with a dead-letter queue (a message moves there after
 * {@value #MAX_RECEIVE_COUNT} receives, or at once when a listener fails for good) and
 * {@code inbox} without one. Created at startup, before the listener containers look them up, when
 * {@code sample.create-queues} is on; CreateQueue is idempotent for the same attributes.
 *
 * @param orders the orders queue name
 * @param ordersDeadLetters its DLQ's name
 * @param inbox the inbox queue name
 * @param ordersDeadLettersUrl the DLQ's URL, once created or found
 */
public record SampleQueues(String orders, String ordersDeadLetters, String inbox, String ordersDeadLettersUrl) {

    /** Receives of one message on {@code orders} before SQS itself moves it to the DLQ. */
    static final int MAX_RECEIVE_COUNT = 5;

    /**
     * Creates (or finds) the queues.
     *
     * @param sqs the SQS client
     * @param orders the orders queue name
     * @param inbox the inbox queue name
     * @param create whether to create missing queues; otherwise they must exist
     * @return the queues, with the DLQ's URL
     */
    static SampleQueues provision(SqsAsyncClient sqs, String orders, String inbox, boolean create) {
        String deadLetters = orders + "-dlq";
        if (!create) {
            return new SampleQueues(orders, deadLetters, inbox,
                    sqs.getQueueUrl(b -> b.queueName(deadLetters)).join().queueUrl());
        }
        String dlqUrl = sqs.createQueue(b -> b.queueName(deadLetters)).join().queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join().attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
        sqs.createQueue(b -> b.queueName(orders).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).join();
        sqs.createQueue(b -> b.queueName(inbox)).join();
        return new SampleQueues(orders, deadLetters, inbox, dlqUrl);
    }
}
