package io.sqsmega.spring.offload;

import io.sqsmega.offload.S3Pointer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Decides, for each message {@code MegaTemplate} sends to a queue or topic, whether its body goes to
 * S3, and if so stores it and gives the pointer and the marker attribute to send instead. The size
 * is counted as SQS counts it (body and attributes, in UTF-8 bytes); a queue's limit is its
 * {@code MaximumMessageSize}, asked once per queue and only for messages above the smallest limit
 * SQS allows.
 */
public final class QueueOffloading {

    /** The smallest MaximumMessageSize a queue may have: messages up to this size never ask. */
    private static final int SMALLEST_QUEUE_LIMIT = 1024;

    private final LargePayloads payloads;
    private final SqsAsyncClient sqs;
    private final Map<String, CompletableFuture<Integer>> queueLimits = new ConcurrentHashMap<>();

    /**
     * @param payloads where and when bodies are offloaded
     * @param sqs asks queues for their MaximumMessageSize
     */
    public QueueOffloading(LargePayloads payloads, SqsAsyncClient sqs) {
        this.payloads = payloads;
        this.sqs = sqs;
    }

    /** @return whether anything is ever offloaded */
    public boolean offloads() {
        return payloads.offloads();
    }

    /** @return the large payloads settings */
    public LargePayloads payloads() {
        return payloads;
    }

    /**
     * @param queueUrl the queue
     * @param body the body
     * @param attributes its attributes
     * @return what to send: the same, or the pointer with the marker attribute once the body is in S3
     */
    public CompletableFuture<Outgoing> toQueue(String queueUrl, String body, Map<String, MessageAttributeValue> attributes) {
        int size = size(body, attributes);
        Integer threshold = payloads.settings().offloadThreshold();
        if (!offloads() || (size <= SMALLEST_QUEUE_LIMIT && (threshold == null || size <= threshold))) {
            return CompletableFuture.completedFuture(new Outgoing(body, attributes, null));
        }
        return queueLimit(queueUrl).thenCompose(limit -> size <= payloads.threshold(limit)
                ? CompletableFuture.completedFuture(new Outgoing(body, attributes, null))
                : offload(body, attributes, queueUrl, false));
    }

    /**
     * @param topic the topic
     * @param body the body
     * @param attributes its attributes
     * @return what to publish: the same, or the pointer with the marker attribute once the body is in S3
     */
    public CompletableFuture<Outgoing> toTopic(String topic, String body, Map<String, MessageAttributeValue> attributes) {
        int size = size(body, attributes);
        if (!offloads() || size <= payloads.threshold(LargePayloads.SNS_MAX_BYTES)) {
            return CompletableFuture.completedFuture(new Outgoing(body, attributes, null));
        }
        // One object for every subscription's copy: stored fanned out, so that no subscriber deletes it.
        return offload(body, attributes, topic, true);
    }

    private CompletableFuture<Outgoing> offload(String body, Map<String, MessageAttributeValue> given,
            String destination, boolean fanOut) {
        Map<String, MessageAttributeValue> attributes = given;
        if (attributes.size() >= 10 && (attributes.containsKey("traceparent") || attributes.containsKey("tracestate"))) {
            // The trace context goes where there is room, and the marker needs the room: as with 9 attributes of yours.
            attributes = new HashMap<>(attributes);
            attributes.remove("traceparent");
            attributes.remove("tracestate");
        }
        if (attributes.size() >= 10) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("The body for " + destination
                    + " goes to S3, and an offloaded message carries an attribute of its own (" + payloads.attributeName()
                    + ") beside its " + attributes.size() + " (yours, " + "mega-payload and any trace context): SQS "
                    + "allows 10, so pass one attribute fewer"));
        }
        // Encoded once: its length is the marker's value, and the same bytes go to S3.
        byte[] encoded = body.getBytes(StandardCharsets.UTF_8);
        int bytes = encoded.length;
        if (bytes > payloads.settings().maxOffloadedBytes()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("The body for " + destination + " is "
                    + bytes + " bytes, over mega.max-offloaded-bytes (" + payloads.settings().maxOffloadedBytes() + ")"));
        }
        Map<String, MessageAttributeValue> kept = attributes;
        return payloads.offload(encoded, fanOut).thenApply(pointer -> {
            Map<String, MessageAttributeValue> marked = new HashMap<>(kept);
            marked.put(payloads.attributeName(), MessageAttributeValue.builder().dataType("Number")
                    .stringValue(String.valueOf(bytes)).build());
            return new Outgoing(pointer.toBody(), marked, pointer);
        });
    }

    /**
     * Waits for a batch's messages to be ready; when one body could not be stored, none is sent, and the
     * bodies already stored are deleted again.
     *
     * @param outgoing each message of a batch, as {@link #toQueue} or {@link #toTopic} prepares it
     * @return them all, in order, or the first failure
     */
    public CompletableFuture<List<Outgoing>> allStored(List<CompletableFuture<Outgoing>> outgoing) {
        return CompletableFuture.allOf(outgoing.toArray(CompletableFuture[]::new)).handle((stored, failure) -> {
            if (failure != null) {
                outgoing.forEach(each -> each.thenAccept(out -> {
                    if (out.pointer() != null) {
                        payloads.discard(out.pointer());
                    }
                }));
                return CompletableFuture.<List<Outgoing>>failedFuture(failure);
            }
            return CompletableFuture.completedFuture(outgoing.stream().map(CompletableFuture::join).toList());
        }).thenCompose(ready -> ready);
    }

    private CompletableFuture<Integer> queueLimit(String queueUrl) {
        CompletableFuture<Integer> limit = queueLimits.computeIfAbsent(queueUrl, url -> sqs.getQueueAttributes(b -> b
                .queueUrl(url).attributeNames(QueueAttributeName.MAXIMUM_MESSAGE_SIZE))
                .thenApply(response -> Integer.parseInt(response.attributes()
                        .getOrDefault(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262144"))));
        // A failed question is asked again next time, not remembered.
        limit.whenComplete((value, failure) -> {
            if (failure != null) {
                queueLimits.remove(queueUrl, limit);
            }
        });
        return limit;
    }

    /**
     * @param body a body
     * @param attributes its attributes
     * @return its size as SQS counts it: the body and each attribute's name, type and value, in UTF-8 bytes
     */
    public static int size(String body, Map<String, MessageAttributeValue> attributes) {
        int size = utf8Length(body);
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            size += utf8Length(attribute.getKey()) + utf8Length(attribute.getValue().dataType());
            if (attribute.getValue().stringValue() != null) {
                size += utf8Length(attribute.getValue().stringValue());
            }
            if (attribute.getValue().binaryValue() != null) {
                size += attribute.getValue().binaryValue().asByteArrayUnsafe().length;
            }
        }
        return size;
    }

    /**
     * @param text text, or {@code null}
     * @return its length in UTF-8 bytes (0 for {@code null}), without encoding plain ASCII
     */
    public static int utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) >= 0x80) {
                // Counted exactly only for text that is not plain ASCII.
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return length;
    }

    /**
     * What to send.
     *
     * @param body the body, or the pointer to it
     * @param attributes the attributes, with the marker when offloaded
     * @param pointer where the body went, or {@code null} when it was sent as it is
     */
    public record Outgoing(String body, Map<String, MessageAttributeValue> attributes, S3Pointer pointer) {
    }
}
