package io.sqsmega.spring.listener;

import io.sqsmega.dispatch.DeadLetterAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A queue's dead-letter queue, found from its RedrivePolicy, and the sending of failed messages to
 * it with the reason. The names of the attributes it adds are {@link DeadLetterAttributes}'s (also
 * here, where applications first found them).
 */
public final class DeadLetters {

    /** What failed: {@code fatal}, {@code invalid} or {@code unrecognised}. */
    public static final String FAILURE = DeadLetterAttributes.FAILURE;
    /** Why, e.g. the invalid body's reason (at most 256 characters). */
    public static final String REASON = DeadLetterAttributes.REASON;
    /** The listeners that failed. */
    public static final String LISTENERS = DeadLetterAttributes.LISTENERS;
    /** The queue the message came from. */
    public static final String SOURCE_QUEUE = DeadLetterAttributes.SOURCE_QUEUE;
    /** The message id on the source queue. */
    public static final String ORIGINAL_ID = DeadLetterAttributes.ORIGINAL_ID;

    private static final int MAX_ATTRIBUTES = 10;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /** The DLQ URL named by a queue's RedrivePolicy, or {@code null} when it has none. */
    static String find(SqsAsyncClient sqs, String policy, String queueUrl) {
        if (policy == null || policy.isBlank()) {
            return null;
        }
        String arn = jsonString(policy, "deadLetterTargetArn");
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6) {
            throw new MegaListenerException("Queue " + queueUrl + " has a RedrivePolicy without a usable deadLetterTargetArn: "
                    + policy, null);
        }
        return sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).join().queueUrl();
    }

    private static String jsonString(String json, String key) {
        try {
            Object value = io.sqsmega.json.MegaJson.mapper().readValue(json, Map.class).get(key);
            return value instanceof String text ? text : null;
        }
        catch (java.io.IOException ex) {
            return null;
        }
    }

    /** Sends the message with the failure attributes (as many as fit beside the original ones). */
    static CompletableFuture<Void> send(SqsAsyncClient sqs, String deadLetterUrl, Message message, String queue,
            String failure, String reason, List<String> listeners) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
        // Most telling first: when the message's own attributes leave little room (SQS allows 10), the reason
        // (which names the failure and the listeners) still fits.
        List<Map.Entry<String, String>> ours = new ArrayList<>();
        ours.add(Map.entry(REASON, reason.length() <= 256 ? reason : reason.substring(0, 253) + "..."));
        ours.add(Map.entry(FAILURE, failure));
        ours.add(Map.entry(ORIGINAL_ID, message.messageId()));
        ours.add(Map.entry(SOURCE_QUEUE, queue));
        if (!listeners.isEmpty()) {
            ours.add(Map.entry(LISTENERS, String.join(",", listeners)));
        }
        for (Map.Entry<String, String> entry : ours) {
            if (attributes.size() < MAX_ATTRIBUTES && !entry.getValue().isEmpty()) {
                attributes.put(entry.getKey(), MessageAttributeValue.builder().dataType("String")
                        .stringValue(entry.getValue()).build());
            }
        }
        if (!attributes.containsKey(REASON)) {
            // The copy keeps every attribute of the message (SQS allows 10): the reason goes to the log instead.
            LOG.warn("Dead letter of message {} of {} carries no {}: its own {} attributes leave no room (SQS allows "
                    + "{}). Failure {}: {}", message.messageId(), queue, REASON, message.messageAttributes().size(),
                    MAX_ATTRIBUTES, failure, reason);
        }
        boolean fifo = deadLetterUrl.endsWith(".fifo");
        String group = message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "mega-dead-letters");
        return sqs.sendMessage(b -> b.queueUrl(deadLetterUrl).messageBody(message.body()).messageAttributes(attributes)
                .messageGroupId(fifo ? group : null).messageDeduplicationId(fifo ? message.messageId() : null))
                .thenApply(response -> null);
    }
}
