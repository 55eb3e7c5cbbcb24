package io.sqsmega.spring;

import io.micrometer.observation.ObservationRegistry;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadFormat;
import io.sqsmega.spring.metrics.MegaMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Publishes MEGA events, data objects ({@code Map}s, POJOs, records), text ({@code String}) and
 * binary ({@code byte[]}) to SQS queues, in JSON by default or BSON-in-Base64 on request, always
 * with the {@value PayloadFormat#ATTRIBUTE} attribute. Destinations are logical names from
 * {@code mega.queues.*}, queue names, URLs or ARNs. Thread-safe.
 *
 * <pre>{@code
 * String id = megaTemplate.publish("orders", MegaEvent.builder().name("item.added").timestampNow().build());
 * megaTemplate.publish("orders", cart, PublishOptions.builder().encoding(Encoding.BSON).build());
 * BatchPublishResult result = megaTemplate.publishAll("orders", events);
 * }</pre>
 */
public class MegaTemplate {

    /** Entries per SendMessageBatch request (the SQS limit). */
    public static final int MAX_BATCH_ENTRIES = 10;

    /** Message attributes per message (the SQS limit), ours included. */
    public static final int MAX_ATTRIBUTES = 10;

    /** Attempts for a batch entry that SQS says failed through no fault of the sender. */
    static final int MAX_BATCH_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MegaTemplate.class);

    private final SqsAsyncClient sqs;
    private final QueueResolver queues;
    private final PayloadEncoder encoder;
    private final Encoding defaultEncoding;
    private final int maxBodyBytes;
    private final MegaMetrics metrics;
    private final TopicPublisher topics;
    private final ObservationRegistry observations;

    /**
     * @param sqs the SQS client
     * @param queues resolves destinations
     * @param encoder writes payloads
     * @param defaultEncoding the encoding when a call does not choose one
     * @param maxBodyBytes the largest body to send (SQS: 1 MiB)
     */
    public MegaTemplate(SqsAsyncClient sqs, QueueResolver queues, PayloadEncoder encoder, Encoding defaultEncoding,
            int maxBodyBytes) {
        this(sqs, queues, encoder, defaultEncoding, maxBodyBytes, MegaMetrics.NOOP, null);
    }

    /**
     * @param sqs the SQS client
     * @param queues resolves destinations
     * @param encoder writes payloads
     * @param defaultEncoding the encoding when a call does not choose one
     * @param maxBodyBytes the largest body to send (SQS: 1 MiB)
     * @param metrics counts and times publishing
     * @param topics publishes to SNS topics, or {@code null} when there is no SNS client
     */
    public MegaTemplate(SqsAsyncClient sqs, QueueResolver queues, PayloadEncoder encoder, Encoding defaultEncoding,
            int maxBodyBytes, MegaMetrics metrics, TopicPublisher topics) {
        this(sqs, queues, encoder, defaultEncoding, maxBodyBytes, metrics, topics, ObservationRegistry.NOOP);
    }

    /**
     * @param sqs the SQS client
     * @param queues resolves destinations
     * @param encoder writes payloads
     * @param defaultEncoding the encoding when a call does not choose one
     * @param maxBodyBytes the largest body to send (SQS: 1 MiB)
     * @param metrics counts and times publishing
     * @param topics publishes to SNS topics, or {@code null} when there is no SNS client
     * @param observations where each publish is observed, its trace context sent along as a
     *        message attribute; {@link ObservationRegistry#NOOP} for none
     */
    public MegaTemplate(SqsAsyncClient sqs, QueueResolver queues, PayloadEncoder encoder, Encoding defaultEncoding,
            int maxBodyBytes, MegaMetrics metrics, TopicPublisher topics, ObservationRegistry observations) {
        this.observations = Objects.requireNonNull(observations, "observations");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.topics = topics;
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.defaultEncoding = Objects.requireNonNull(defaultEncoding, "defaultEncoding");
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Publishes one payload with default options.
     *
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @return the SQS message id
     * @throws MegaPublishException when it was not sent, with the reason and the fix
     * @throws IllegalArgumentException when the payload cannot be written as its kind requires
     */
    public String publish(String destination, Object payload) {
        return publish(destination, payload, PublishOptions.defaults());
    }

    /**
     * Publishes one payload.
     *
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @param options encoding, delay, FIFO ids, attributes
     * @return the SQS message id
     * @throws MegaPublishException when it was not sent, with the reason and the fix
     */
    public String publish(String destination, Object payload, PublishOptions options) {
        return join(publishAsync(destination, payload, options));
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @return the SQS message id, when sent
     */
    public CompletableFuture<String> publishAsync(String destination, Object payload) {
        return publishAsync(destination, payload, PublishOptions.defaults());
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @param options encoding, delay, FIFO ids, attributes
     * @return the SQS message id, when sent
     */
    public CompletableFuture<String> publishAsync(String destination, Object payload, PublishOptions options) {
        long start = System.nanoTime();
        EncodedBody body;
        try {
            body = encode(payload, options);
        }
        catch (RuntimeException ex) {
            metrics.published(destination, "unknown", "failure", Duration.ofNanos(System.nanoTime() - start));
            return CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<String> sent;
        PublishObservation observation = null;
        try {
            boolean topic = isTopic(destination, options);
            observation = PublishObservation.start(observations, destination, 1);
            PublishOptions traced = options.withTraceContext(observation.context());
            sent = topic ? topics.publish(destination, body, traced) : sendToQueue(destination, body, traced);
        }
        catch (RuntimeException ex) {
            metrics.published(destination, body.attributeValue(), "failure", Duration.ofNanos(System.nanoTime() - start));
            CompletableFuture<String> failed = CompletableFuture.failedFuture(ex);
            return observation == null ? failed : observation.stopWhenDone(failed);
        }
        return observation.stopWhenDone(sent).handle((messageId, failure) -> {
            metrics.published(destination, body.attributeValue(), failure == null ? "success" : "failure",
                    Duration.ofNanos(System.nanoTime() - start));
            if (failure != null) {
                throw asPublishException(failure, destination);
            }
            LOG.debug("Published {} to {} as {}", body.attributeValue(), destination, messageId);
            return messageId;
        });
    }

    private CompletableFuture<String> sendToQueue(String destination, EncodedBody body, PublishOptions options) {
        return queues.resolve(destination).thenCompose(url -> sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(url)
                .messageBody(body.body())
                .messageAttributes(attributes(body, options))
                .delaySeconds(delaySeconds(options))
                .messageGroupId(options.messageGroupId())
                .messageDeduplicationId(options.deduplicationId())
                .build()))
                .thenApply(response -> response.messageId());
    }

    /**
     * Whether a destination is an SNS topic; refuses options of the other service and a topic
     * without an SNS client, with what to do.
     */
    private boolean isTopic(String destination, PublishOptions options) {
        boolean topic = destination.startsWith("arn:aws:sns:") || (topics != null && topics.isTopic(destination));
        if (topic && topics == null) {
            throw new MegaPublishException("Publishing to SNS topic '" + destination + "' needs an SNS client, and "
                    + "there is none: SQS MEGA uses your SnsAsyncClient bean, or makes one from Spring Cloud AWS's SNS "
                    + "settings when spring-cloud-aws-starter-sns is there (sqs-mega-spring-boot-starter brings it) and "
                    + "spring.cloud.aws.sns.enabled is not false", null);
        }
        if (topic && options.delay() != null) {
            throw new IllegalArgumentException("delay applies to SQS queues; SNS topics have no per-message delay");
        }
        if (!topic && options.subject() != null) {
            throw new IllegalArgumentException("subject applies to SNS topics; '" + destination + "' is an SQS queue");
        }
        return topic;
    }

    /**
     * Publishes many payloads in batches of {@value #MAX_BATCH_ENTRIES}, with default options.
     *
     * @param destination logical queue name, queue name, URL or ARN
     * @param payloads the payloads, any number
     * @return one entry per payload; failed entries say why (none is dropped silently)
     */
    public BatchPublishResult publishAll(String destination, List<?> payloads) {
        return publishAll(destination, payloads, PublishOptions.defaults());
    }

    /**
     * Publishes many payloads in batches of {@value #MAX_BATCH_ENTRIES}. Entries SQS rejects through no
     * fault of the sender are sent again (up to {@value #MAX_BATCH_ATTEMPTS} attempts); the others
     * are reported as failed.
     *
     * @param destination logical queue name, queue name, URL or ARN
     * @param payloads the payloads, any number
     * @param options options for every payload (a FIFO deduplication id gets the index appended)
     * @return one entry per payload, in order
     */
    public BatchPublishResult publishAll(String destination, List<?> payloads, PublishOptions options) {
        return join(publishAllAsync(destination, payloads, options));
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payloads the payloads
     * @param options options for every payload
     * @return one entry per payload, when all batches are done
     */
    public CompletableFuture<BatchPublishResult> publishAllAsync(String destination, List<?> payloads,
            PublishOptions options) {
        long start = System.nanoTime();
        List<EncodedBody> bodies = new ArrayList<>(payloads.size());
        CompletableFuture<List<BatchPublishResult.Entry>> sent;
        PublishObservation observation = null;
        try {
            for (Object payload : payloads) {
                bodies.add(encode(payload, options));
            }
            boolean topic = isTopic(destination, options);
            observation = PublishObservation.start(observations, destination, bodies.size());
            PublishOptions traced = options.withTraceContext(observation.context());
            sent = observation.stopWhenDone(topic ? topics.publishAll(destination, bodies, traced)
                    : sendAllToQueue(destination, bodies, traced));
        }
        catch (RuntimeException ex) {
            // Once started, the observation must stop with the failure, or it would stay open for good.
            CompletableFuture<BatchPublishResult> failed = CompletableFuture.failedFuture(ex);
            return observation == null ? failed : observation.stopWhenDone(failed);
        }
        return sent.handle((entries, failure) -> {
            Duration each = Duration.ofNanos((System.nanoTime() - start) / Math.max(1, bodies.size()));
            for (int i = 0; i < bodies.size(); i++) {
                boolean ok = failure == null && entries.get(i).succeeded();
                metrics.published(destination, bodies.get(i).attributeValue(), ok ? "success" : "failure", each);
            }
            if (failure != null) {
                throw asPublishException(failure, destination);
            }
            BatchPublishResult result = new BatchPublishResult(entries);
            if (!result.allSucceeded()) {
                BatchPublishResult.Entry first = result.failures().get(0);
                LOG.warn("publishAll to {}: {} of {} not sent (first: #{} {}: {}); the result says which", destination,
                        result.failures().size(), entries.size(), first.index(), first.errorCode(), first.errorMessage());
            }
            return result;
        });
    }

    private CompletableFuture<List<BatchPublishResult.Entry>> sendAllToQueue(String destination, List<EncodedBody> bodies,
            PublishOptions options) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            EncodedBody body = bodies.get(i);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(String.valueOf(i))
                    .messageBody(body.body())
                    .messageAttributes(attributes(body, options))
                    .delaySeconds(delaySeconds(options))
                    .messageGroupId(options.messageGroupId())
                    .messageDeduplicationId(options.deduplicationId() == null ? null : options.deduplicationId() + "-" + i)
                    .build());
        }
        return queues.resolve(destination).thenCompose(url -> BatchSends.sendAll(url, entries,
                SendMessageBatchRequestEntry::id, chunk -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(chunk))
                        .thenApply(response -> new BatchSends.Answer(
                                response.successful().stream().map(ok -> new BatchSends.Sent(ok.id(), ok.messageId())).toList(),
                                response.failed().stream().map(failed -> new BatchSends.Failed(failed.id(), failed.code(),
                                        failed.message(), Boolean.TRUE.equals(failed.senderFault()))).toList()))));
    }

    private EncodedBody encode(Object payload, PublishOptions options) {
        Objects.requireNonNull(payload, "payload must not be null");
        EncodedBody body = encoder.encode(payload, options.encoding() != null ? options.encoding() : defaultEncoding);
        int bytes = body.body().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBodyBytes) {
            throw new IllegalArgumentException("The encoded " + body.attributeValue() + " body is " + bytes
                    + " bytes, over the SQS limit of " + maxBodyBytes + " bytes: store large content elsewhere "
                    + "(e.g. S3) and publish a reference");
        }
        if (options.attributes().size() + 1 > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("SQS allows " + MAX_ATTRIBUTES + " message attributes and SQS MEGA sets "
                    + PayloadFormat.ATTRIBUTE + ": pass at most " + (MAX_ATTRIBUTES - 1) + ", got "
                    + options.attributes().size());
        }
        if (options.attributes().containsKey(PayloadFormat.ATTRIBUTE)) {
            throw new IllegalArgumentException(PayloadFormat.ATTRIBUTE + " is set by MegaTemplate from the payload; "
                    + "do not pass it as an attribute");
        }
        return body;
    }

    private static Map<String, MessageAttributeValue> attributes(EncodedBody body, PublishOptions options) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        options.attributesWith(body).forEach((name, value) -> attributes.put(name, stringAttribute(value)));
        return attributes;
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static Integer delaySeconds(PublishOptions options) {
        Duration delay = options.delay();
        return delay == null ? null : (int) delay.toSeconds();
    }

    private static RuntimeException asPublishException(Throwable failure, String destination) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof MegaPublishException || cause instanceof IllegalArgumentException) {
            return (RuntimeException) cause;
        }
        return new MegaPublishException("Publishing to '" + destination + "' failed: " + cause.getMessage(), cause);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MegaPublishException("Interrupted while publishing", ex);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new MegaPublishException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
