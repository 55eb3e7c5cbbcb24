package io.sqsmega.spring;

import io.sqsmega.codec.EncodedBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.QueueOffloading;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * {@link TopicPublisher} on the SNS SDK. Topics are topic ARNs or logical names from
 * {@code mega.topics.*} (by ARN, or by name, found with ListTopics and cached).
 */
public final class SnsTopicPublisher implements TopicPublisher, AutoCloseable {

    private final SnsAsyncClient sns;
    private final boolean ownsClient;
    private final Map<String, TopicDefinition> logicalTopics;
    private final Map<String, CompletableFuture<String>> arns = new ConcurrentHashMap<>();

    /**
     * A configured topic.
     *
     * @param name the SNS topic name, or {@code null} to use the logical name
     * @param arn the topic ARN (wins over the name), or {@code null}
     */
    public record TopicDefinition(String name, String arn) {
    }

    /**
     * @param sns the SNS client
     * @param logicalTopics logical name to definition
     */
    public SnsTopicPublisher(SnsAsyncClient sns, Map<String, TopicDefinition> logicalTopics) {
        this(sns, logicalTopics, false);
    }

    private SnsTopicPublisher(SnsAsyncClient sns, Map<String, TopicDefinition> logicalTopics, boolean ownsClient) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.logicalTopics = Map.copyOf(logicalTopics);
        this.ownsClient = ownsClient;
    }

    /**
     * A publisher that closes its client when it is closed.
     *
     * @param sns a client made for this publisher alone
     * @param logicalTopics logical name to definition
     * @return the publisher
     */
    public static SnsTopicPublisher owning(SnsAsyncClient sns, Map<String, TopicDefinition> logicalTopics) {
        return new SnsTopicPublisher(sns, logicalTopics, true);
    }

    /** Closes the client when this publisher made it; a client it was given is its owner's to close. */
    @Override
    public void close() {
        if (ownsClient) {
            sns.close();
        }
    }

    @Override
    public boolean isTopic(String destination) {
        return logicalTopics.containsKey(destination) || destination.startsWith("arn:aws:sns:");
    }

    @Override
    public CompletableFuture<String> publish(String destination, EncodedBody body, PublishOptions options) {
        return arn(destination).thenCompose(arn -> sns.publish(b -> b.topicArn(arn).message(body.body())
                .messageAttributes(attributes(body, options)).subject(options.subject())
                .messageGroupId(options.messageGroupId()).messageDeduplicationId(options.deduplicationId())))
                .thenApply(response -> response.messageId());
    }

    @Override
    public CompletableFuture<List<BatchPublishResult.Entry>> publishAll(String destination, List<EncodedBody> bodies,
            PublishOptions options) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            EncodedBody body = bodies.get(i);
            entries.add(PublishBatchRequestEntry.builder().id(String.valueOf(i)).message(body.body())
                    .messageAttributes(attributes(body, options)).subject(options.subject())
                    .messageGroupId(options.messageGroupId())
                    .messageDeduplicationId(options.deduplicationId() == null ? null : options.deduplicationId() + "-" + i)
                    .build());
        }
        return arn(destination).thenCompose(arn -> BatchSends.sendAll(arn, entries, PublishBatchRequestEntry::id,
                SnsTopicPublisher::size, BatchSends.SNS_MAX_BATCH_BYTES,
                chunk -> sns.publishBatch(b -> b.topicArn(arn).publishBatchRequestEntries(chunk))
                        .thenApply(response -> new BatchSends.Answer(
                                response.successful().stream().map(ok -> new BatchSends.Sent(ok.id(), ok.messageId())).toList(),
                                response.failed().stream().map(failed -> new BatchSends.Failed(failed.id(), failed.code(),
                                        failed.message(), Boolean.TRUE.equals(failed.senderFault()))).toList()))));
    }

    @Override
    public CompletableFuture<Boolean> isFifo(String destination) {
        return arn(destination).thenApply(arn -> arn.endsWith(".fifo"));
    }

    private CompletableFuture<String> arn(String destination) {
        TopicDefinition logical = logicalTopics.get(destination);
        if (logical == null) {
            return CompletableFuture.completedFuture(destination);
        }
        if (logical.arn() != null && !logical.arn().isBlank()) {
            return CompletableFuture.completedFuture(logical.arn());
        }
        String name = logical.name() != null && !logical.name().isBlank() ? logical.name() : destination;
        CompletableFuture<String> cached = arns.get(destination);
        if (cached != null && !cached.isCompletedExceptionally()) {
            return cached;
        }
        CompletableFuture<String> lookup = findByName(name, null, destination);
        arns.put(destination, lookup);
        return lookup;
    }

    private CompletableFuture<String> findByName(String name, String nextToken, String destination) {
        return sns.listTopics(b -> b.nextToken(nextToken)).thenCompose(page -> {
            for (Topic topic : page.topics()) {
                if (topic.topicArn().endsWith(":" + name)) {
                    return CompletableFuture.completedFuture(topic.topicArn());
                }
            }
            if (page.nextToken() != null) {
                return findByName(name, page.nextToken(), destination);
            }
            return CompletableFuture.failedFuture(new MegaPublishException("SNS topic '" + name + "' does not exist "
                    + "(destination '" + destination + "'). Create it, or point mega.topics." + destination
                    + ".name or .arn at an existing topic", null));
        });
    }

    private static Map<String, MessageAttributeValue> attributes(EncodedBody body, PublishOptions options) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        // The marker of an offloaded body is a Number, as AWS's extended clients write it.
        options.attributesWith(body).forEach((name, value) -> attributes.put(name, LargePayloads.isMarker(name)
                ? MessageAttributeValue.builder().dataType("Number").stringValue(value).build() : stringAttribute(value)));
        return attributes;
    }

    /** An entry's size as SNS counts it toward a PublishBatch's total: the message and its attributes. */
    private static int size(PublishBatchRequestEntry entry) {
        int size = QueueOffloading.utf8Length(entry.message());
        for (Map.Entry<String, MessageAttributeValue> attribute : entry.messageAttributes().entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            size += QueueOffloading.utf8Length(attribute.getKey()) + QueueOffloading.utf8Length(value.dataType())
                    + QueueOffloading.utf8Length(value.stringValue());
            if (value.binaryValue() != null) {
                size += value.binaryValue().asByteArrayUnsafe().length;
            }
        }
        return size;
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
