package io.sqsmega.spring;

import io.micrometer.observation.ObservationRegistry;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadFormat;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.QueueOffloading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.util.ClassUtils;
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
 * <p><b>Inside a Spring transaction</b> (with the default {@link TransactionMode#AFTER_COMMIT},
 * {@code mega.publish.transactional}), every publish is checked and encoded at once (a bad payload
 * throws inside the transaction) but sent only after the transaction commits, and dropped when it rolls
 * back. Then {@code publish} returns {@code null} (there is no message id yet), {@code publishAll} a
 * {@link BatchPublishResult#deferred() deferred} result, and the async methods a future completed after
 * the commit (with a {@link PublishDroppedException} on rollback). A send that fails after the commit is
 * logged at ERROR, counted ({@code sqs.mega.publish.deferred{outcome=failed}}) and published as an
 * {@link AfterCommitPublishFailedEvent}. A transaction's publishes to one destination and FIFO group go
 * out one after another in the order made. Outside a transaction, and with
 * {@link TransactionMode#IMMEDIATE}, every call sends at once.
 *
 * <pre>{@code
 * String id = megaTemplate.publish("orders", MegaEvent.builder().name("item.added").timestampNow().build());
 * megaTemplate.publish("orders", cart, PublishOptions.builder().encoding(Encoding.BSON).build());
 * BatchPublishResult result = megaTemplate.publishAll("orders", events);
 * }</pre>
 */
public class MegaTemplate implements ApplicationEventPublisherAware, DisposableBean {

    /** Entries per SendMessageBatch request (the SQS limit). */
    public static final int MAX_BATCH_ENTRIES = 10;

    /** Message attributes per message (the SQS limit), ours included. */
    public static final int MAX_ATTRIBUTES = 10;

    /** Attempts for a batch entry that SQS says failed through no fault of the sender. */
    static final int MAX_BATCH_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MegaTemplate.class);

    /** How long closing waits for sends started after commits. */
    private static final Duration AFTER_COMMIT_SENDS_TIMEOUT = Duration.ofSeconds(10);

    private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager", MegaTemplate.class.getClassLoader());

    private final SqsAsyncClient sqs;
    private final QueueResolver queues;
    private final PayloadEncoder encoder;
    private final Encoding defaultEncoding;
    private final int maxBodyBytes;
    private final MegaMetrics metrics;
    private final TopicPublisher topics;
    private final ObservationRegistry observations;
    private final TransactionMode transactionMode;
    private final PublishDeferral deferral;
    private final QueueReceiver receiver;
    private volatile ApplicationEventPublisher events;
    private volatile QueueOffloading offloading;

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
        this(sqs, queues, encoder, defaultEncoding, maxBodyBytes, metrics, topics, observations,
                TransactionMode.AFTER_COMMIT, BodyDecoder.builder().maxBodyBytes(maxBodyBytes).build(),
                MatchCompiler.create());
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
     * @param transactionMode when a publish inside a Spring transaction is sent, when a call does not say
     * @param decoder decodes what {@link #receive} reads, as the listener containers do
     * @param matchCompiler compiles the match expressions of {@link #receive} (with the application's functions)
     */
    public MegaTemplate(SqsAsyncClient sqs, QueueResolver queues, PayloadEncoder encoder, Encoding defaultEncoding,
            int maxBodyBytes, MegaMetrics metrics, TopicPublisher topics, ObservationRegistry observations,
            TransactionMode transactionMode, BodyDecoder decoder, MatchCompiler matchCompiler) {
        this.transactionMode = Objects.requireNonNull(transactionMode, "transactionMode");
        this.receiver = new QueueReceiver(sqs, queues, decoder, matchCompiler);
        this.deferral = SPRING_TX_PRESENT ? new TransactionBoundPublishing() : PublishDeferral.NONE;
        this.observations = Objects.requireNonNull(observations, "observations");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.topics = topics;
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.defaultEncoding = Objects.requireNonNull(defaultEncoding, "defaultEncoding");
        this.maxBodyBytes = maxBodyBytes;
        this.offloading = new QueueOffloading(LargePayloads.unavailable(LargePayloads.NOT_CONFIGURED), sqs);
    }

    /**
     * Offloads bodies larger than their destination takes to S3 (set before the template is used).
     *
     * @param largePayloads where and when bodies are offloaded
     */
    public void setLargePayloads(LargePayloads largePayloads) {
        this.offloading = new QueueOffloading(largePayloads, sqs);
        this.receiver.setLargePayloads(largePayloads);
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
     * @param options encoding, delay, FIFO ids, attributes, transaction mode
     * @return the SQS message id; {@code null} when the message is held for the commit of the current
     *         transaction ({@link TransactionMode#AFTER_COMMIT}): use {@link #publishAsync} for the id then
     * @throws MegaPublishException when it was not sent, with the reason and the fix
     */
    public String publish(String destination, Object payload, PublishOptions options) {
        boolean held = heldForCommit(options);
        CompletableFuture<String> sent = publishAsync(destination, payload, options, held);
        // Not done: held for the commit (a payload refused before holding fails at once).
        if (held && !sent.isDone()) {
            return null;
        }
        return join(sent);
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @return the SQS message id, when sent (after the commit, inside a transaction)
     */
    public CompletableFuture<String> publishAsync(String destination, Object payload) {
        return publishAsync(destination, payload, PublishOptions.defaults());
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payload a MegaEvent, Map/POJO, String or byte[]
     * @param options encoding, delay, FIFO ids, attributes, transaction mode
     * @return the SQS message id, when sent; inside a transaction with {@link TransactionMode#AFTER_COMMIT},
     *         after the commit, or a {@link PublishDroppedException} when it rolls back
     */
    public CompletableFuture<String> publishAsync(String destination, Object payload, PublishOptions options) {
        return publishAsync(destination, payload, options, heldForCommit(options));
    }

    private CompletableFuture<String> publishAsync(String destination, Object payload, PublishOptions options,
            boolean heldForCommit) {
        long start = System.nanoTime();
        EncodedBody body;
        try {
            body = encode(payload, options);
        }
        catch (RuntimeException ex) {
            metrics.published(destination, "unknown", "failure", Duration.ofNanos(System.nanoTime() - start));
            return CompletableFuture.failedFuture(ex);
        }
        boolean topic;
        try {
            topic = isTopic(destination, options);
        }
        catch (RuntimeException ex) {
            metrics.published(destination, body.attributeValue(), "failure", Duration.ofNanos(System.nanoTime() - start));
            return CompletableFuture.failedFuture(ex);
        }
        if (heldForCommit) {
            CompletableFuture<String> held = deferral.hold(destination, options.messageGroupId(),
                    () -> send(destination, body, topic, options, System.nanoTime()));
            held.whenComplete((messageId, failure) -> afterCommit(destination, List.of(payload), options, failure, null));
            return held;
        }
        return send(destination, body, topic, options, start);
    }

    private CompletableFuture<String> send(String destination, EncodedBody body, boolean topic, PublishOptions options,
            long start) {
        CompletableFuture<String> sent;
        PublishObservation observation = null;
        try {
            observation = PublishObservation.start(observations, destination, 1);
            PublishOptions traced = options.withTraceContext(observation.context());
            sent = topic ? publishToTopic(destination, body, traced) : sendToQueue(destination, body, traced);
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
        QueueOffloading offloading = this.offloading;
        return queues.resolve(destination).thenCompose(url -> {
            Map<String, MessageAttributeValue> attributes = attributes(body, options);
            if (!offloading.offloads()) {
                return sendToQueue(url, body.body(), attributes, options);
            }
            return offloading.toQueue(url, body.body(), attributes).thenCompose(outgoing ->
                    forgetOnFailure(sendToQueue(url, outgoing.body(), outgoing.attributes(), options), outgoing, offloading));
        });
    }

    private CompletableFuture<String> sendToQueue(String url, String body, Map<String, MessageAttributeValue> attributes,
            PublishOptions options) {
        return sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(url)
                .messageBody(body)
                .messageAttributes(attributes)
                .delaySeconds(delaySeconds(options))
                .messageGroupId(options.messageGroupId())
                .messageDeduplicationId(options.deduplicationId())
                .build())
                .thenApply(response -> response.messageId());
    }

    /**
     * Publishes to a topic, the body offloaded to S3 when it is larger than SNS takes (subscribers
     * must use raw message delivery for the marker attribute to reach them).
     */
    private CompletableFuture<String> publishToTopic(String destination, EncodedBody body, PublishOptions options) {
        QueueOffloading offloading = this.offloading;
        if (!offloading.offloads()) {
            return topics.publish(destination, body, options);
        }
        return offloading.toTopic(destination, body.body(), attributes(body, options)).thenCompose(outgoing ->
                publishToTopic(destination, body, options, outgoing, offloading));
    }

    /** Publishes a message as {@link QueueOffloading#toTopic} prepared it: the pointer and its marker, or as it is. */
    private CompletableFuture<String> publishToTopic(String destination, EncodedBody body, PublishOptions options,
            QueueOffloading.Outgoing outgoing, QueueOffloading offloading) {
        if (outgoing.pointer() == null) {
            return topics.publish(destination, body, options);
        }
        Map<String, String> marked = new java.util.LinkedHashMap<>();
        outgoing.attributes().forEach((name, value) -> {
            if (!name.equals(body.attributeName())) {
                marked.put(name, value.stringValue());
            }
        });
        PublishOptions withMarker = new PublishOptions(options.encoding(), options.delay(), options.messageGroupId(),
                options.deduplicationId(), marked, options.subject(), options.transactionMode());
        return forgetOnFailure(topics.publish(destination, new EncodedBody(outgoing.body(), body.format()), withMarker),
                outgoing, offloading);
    }

    /**
     * Publishes a batch to a topic; when offloading is on and a body needs it, one by one (each
     * offloaded body has a marker of its own, and a batch shares its options).
     */
    private CompletableFuture<List<BatchPublishResult.Entry>> publishAllToTopic(String destination,
            List<EncodedBody> bodies, PublishOptions options) {
        QueueOffloading offloading = this.offloading;
        if (!offloading.offloads()) {
            return topics.publishAll(destination, bodies, options);
        }
        List<CompletableFuture<QueueOffloading.Outgoing>> outgoing = new ArrayList<>(bodies.size());
        for (EncodedBody body : bodies) {
            outgoing.add(offloading.toTopic(destination, body.body(), attributes(body, options)));
        }
        return offloading.allStored(outgoing).thenCompose(ready -> ready.stream().allMatch(out -> out.pointer() == null)
                ? topics.publishAll(destination, bodies, options)
                : publishEachToTopic(destination, bodies, options, ready, offloading));
    }

    private CompletableFuture<List<BatchPublishResult.Entry>> publishEachToTopic(String destination,
            List<EncodedBody> bodies, PublishOptions options, List<QueueOffloading.Outgoing> ready,
            QueueOffloading offloading) {
        List<CompletableFuture<BatchPublishResult.Entry>> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            int index = i;
            entries.add(publishToTopic(destination, bodies.get(i), options, ready.get(i), offloading)
                    .handle((messageId, failure) -> {
                        if (failure == null) {
                            return new BatchPublishResult.Entry(index, messageId, null, null, 1);
                        }
                        Throwable cause = CompletionFailures.cause(failure);
                        return new BatchPublishResult.Entry(index, null, cause.getClass().getSimpleName(),
                                cause.getMessage(), 1);
                    }));
        }
        return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
                .thenApply(all -> entries.stream().map(CompletableFuture::join).toList());
    }

    /** An offloaded body whose message was not sent points at nothing: its object goes too. */
    private static <T> CompletableFuture<T> forgetOnFailure(CompletableFuture<T> sent, QueueOffloading.Outgoing outgoing,
            QueueOffloading offloading) {
        if (outgoing.pointer() != null) {
            sent.whenComplete((done, failure) -> {
                if (failure != null) {
                    offloading.payloads().discard(outgoing.pointer());
                }
            });
        }
        return sent;
    }

    /** Whether a destination names an SNS topic: a topic ARN, or a logical topic of {@code mega.topics}. */
    private boolean namesTopic(String destination) {
        return destination.startsWith("arn:aws:sns:") || (topics != null && topics.isTopic(destination));
    }

    /**
     * Whether a destination is an SNS topic; refuses options of the other service and a topic
     * without an SNS client, with what to do.
     */
    private boolean isTopic(String destination, PublishOptions options) {
        boolean topic = namesTopic(destination);
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
     * @return one entry per payload, in order; a {@link BatchPublishResult#deferred() deferred} result when
     *         the payloads are held for the commit of the current transaction
     */
    public BatchPublishResult publishAll(String destination, List<?> payloads, PublishOptions options) {
        boolean held = heldForCommit(options);
        CompletableFuture<BatchPublishResult> sent = publishAllAsync(destination, payloads, options, held);
        if (held && !sent.isDone()) {
            return BatchPublishResult.heldForCommit();
        }
        return join(sent);
    }

    /**
     * @param destination logical queue name, queue name, URL or ARN
     * @param payloads the payloads
     * @param options options for every payload
     * @return one entry per payload, when all batches are done (after the commit, inside a transaction)
     */
    public CompletableFuture<BatchPublishResult> publishAllAsync(String destination, List<?> payloads,
            PublishOptions options) {
        return publishAllAsync(destination, payloads, options, heldForCommit(options));
    }

    private CompletableFuture<BatchPublishResult> publishAllAsync(String destination, List<?> payloads,
            PublishOptions options, boolean heldForCommit) {
        List<EncodedBody> bodies = new ArrayList<>(payloads.size());
        boolean topic;
        try {
            for (Object payload : payloads) {
                bodies.add(encode(payload, options));
            }
            topic = isTopic(destination, options);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (heldForCommit) {
            List<?> given = List.copyOf(payloads);
            CompletableFuture<BatchPublishResult> held = deferral.hold(destination, options.messageGroupId(),
                    () -> sendAll(destination, bodies, topic, options));
            held.whenComplete((result, failure) -> afterCommit(destination, given, options, failure, result));
            return held;
        }
        return sendAll(destination, bodies, topic, options);
    }

    private CompletableFuture<BatchPublishResult> sendAll(String destination, List<EncodedBody> bodies, boolean topic,
            PublishOptions options) {
        long start = System.nanoTime();
        CompletableFuture<List<BatchPublishResult.Entry>> sent;
        PublishObservation observation = null;
        try {
            observation = PublishObservation.start(observations, destination, bodies.size());
            PublishOptions traced = options.withTraceContext(observation.context());
            sent = observation.stopWhenDone(topic ? publishAllToTopic(destination, bodies, traced)
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
        QueueOffloading offloading = this.offloading;
        if (!offloading.offloads()) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                entries.add(entry(i, bodies.get(i).body(), attributes(bodies.get(i), options), options));
            }
            return queues.resolve(destination).thenCompose(url -> sendAllToQueue(url, entries));
        }
        return queues.resolve(destination).thenCompose(url -> {
            List<CompletableFuture<QueueOffloading.Outgoing>> outgoing = new ArrayList<>(bodies.size());
            for (EncodedBody body : bodies) {
                outgoing.add(offloading.toQueue(url, body.body(), attributes(body, options)));
            }
            return offloading.allStored(outgoing).thenCompose(ready -> {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
                for (int i = 0; i < bodies.size(); i++) {
                    entries.add(entry(i, ready.get(i).body(), ready.get(i).attributes(), options));
                }
                return sendAllToQueue(url, entries).thenApply(results -> {
                    for (BatchPublishResult.Entry result : results) {
                        QueueOffloading.Outgoing out = ready.get(result.index());
                        if (!result.succeeded() && out.pointer() != null) {
                            offloading.payloads().discard(out.pointer());
                        }
                    }
                    return results;
                });
            });
        });
    }

    private static SendMessageBatchRequestEntry entry(int index, String body, Map<String, MessageAttributeValue> attributes,
            PublishOptions options) {
        return SendMessageBatchRequestEntry.builder()
                .id(String.valueOf(index))
                .messageBody(body)
                .messageAttributes(attributes)
                .delaySeconds(delaySeconds(options))
                .messageGroupId(options.messageGroupId())
                .messageDeduplicationId(options.deduplicationId() == null ? null : options.deduplicationId() + "-" + index)
                .build();
    }

    private CompletableFuture<List<BatchPublishResult.Entry>> sendAllToQueue(String url,
            List<SendMessageBatchRequestEntry> entries) {
        return BatchSends.sendAll(url, entries, SendMessageBatchRequestEntry::id,
                entry -> QueueOffloading.size(entry.messageBody(), entry.messageAttributes()),
                BatchSends.SQS_MAX_BATCH_BYTES, chunk -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(chunk))
                        .thenApply(response -> new BatchSends.Answer(
                                response.successful().stream().map(ok -> new BatchSends.Sent(ok.id(), ok.messageId())).toList(),
                                response.failed().stream().map(failed -> new BatchSends.Failed(failed.id(), failed.code(),
                                        failed.message(), Boolean.TRUE.equals(failed.senderFault()))).toList())));
    }

    /**
     * Reads one message from a queue without a listener, waiting up to {@link ReceiveOptions#defaults()
     * 1 s}: for scripts, batch jobs and tests. Acknowledge or release what it returns.
     *
     * @param queue logical queue name, queue name, URL or ARN
     * @return the message, or empty when none came within the wait
     * @throws MegaReceiveException when the queue cannot be read, with the reason and the fix
     */
    public Optional<ReceivedMessage> receive(String queue) {
        return receive(queue, ReceiveOptions.defaults());
    }

    /**
     * Reads one message from a queue without a listener.
     *
     * @param queue logical queue name, queue name, URL or ARN
     * @param options the wait, a match expression, the visibility timeout ({@code maxMessages} is 1 here)
     * @return the message, or empty when none (that matched) came within the wait
     * @throws MegaReceiveException when the queue cannot be read or the expression does not compile
     */
    public Optional<ReceivedMessage> receive(String queue, ReceiveOptions options) {
        ReceiveOptions one = new ReceiveOptions(options.waitTime(), 1, options.match(), options.visibilityTimeout());
        return join(receiver.receive(queue, one), "receiving", MegaReceiveException::new).stream().findFirst();
    }

    /**
     * Reads up to {@link ReceiveOptions#maxMessages()} messages from a queue without a listener, in one
     * ReceiveMessage request. Each is decoded as a listener would see it; messages the match expression does
     * not match are released at once and not returned (on FIFO queues with the rest of their group in this
     * batch, so group order holds); without an expression, invalid bodies are returned too, with their reason.
     *
     * @param queue logical queue name, queue name, URL or ARN
     * @param options the wait, the maximum, a match expression, the visibility timeout
     * @return the messages, in the order SQS returned them (group order, on FIFO queues); empty when none came
     * @throws MegaReceiveException when the queue cannot be read or the expression does not compile
     */
    public List<ReceivedMessage> receiveMany(String queue, ReceiveOptions options) {
        return join(receiver.receive(queue, options), "receiving", MegaReceiveException::new);
    }

    /**
     * @param queue logical queue name, queue name, URL or ARN
     * @param options the wait, the maximum, a match expression, the visibility timeout
     * @return the messages, when the request is done
     */
    public CompletableFuture<List<ReceivedMessage>> receiveManyAsync(String queue, ReceiveOptions options) {
        return receiver.receive(queue, options);
    }

    /**
     * Whether a destination is a FIFO queue or topic, which needs a message group id.
     *
     * @param destination logical queue or topic name, queue name, URL or ARN
     * @return whether its name ends in {@code .fifo}, once resolved; fails as a publish to it would
     */
    public CompletableFuture<Boolean> isFifo(String destination) {
        if (namesTopic(destination)) {
            return topics == null ? CompletableFuture.completedFuture(destination.endsWith(".fifo"))
                    : topics.isFifo(destination);
        }
        return queues.resolve(destination).thenApply(url -> url.endsWith(".fifo"));
    }

    private boolean heldForCommit(PublishOptions options) {
        TransactionMode mode = options.transactionMode() != null ? options.transactionMode() : transactionMode;
        return mode == TransactionMode.AFTER_COMMIT && deferral.inTransaction();
    }

    /** Counts and reports what became of payloads held for a commit; a failed send is never silent. */
    private void afterCommit(String destination, List<?> payloads, PublishOptions options, Throwable failure,
            BatchPublishResult result) {
        Throwable cause = CompletionFailures.cause(failure);
        if (cause instanceof PublishDroppedException) {
            metrics.deferredPublish(destination, "dropped", payloads.size());
            LOG.debug("{} message(s) to '{}' not published: {}", payloads.size(), destination, cause.getMessage());
            return;
        }
        if (cause != null) {
            afterCommitFailed(destination, payloads, options, cause);
            return;
        }
        List<Object> failed = new ArrayList<>();
        if (result != null) {
            result.failures().forEach(entry -> failed.add(payloads.get(entry.index())));
        }
        metrics.deferredPublish(destination, "sent", payloads.size() - failed.size());
        if (!failed.isEmpty()) {
            BatchPublishResult.Entry first = result.failures().get(0);
            afterCommitFailed(destination, failed, options, new MegaPublishException(failed.size() + " of "
                    + payloads.size() + " not sent (first: #" + first.index() + " " + first.errorCode() + ": "
                    + first.errorMessage() + ")", null));
        }
    }

    private void afterCommitFailed(String destination, List<?> payloads, PublishOptions options, Throwable cause) {
        metrics.deferredPublish(destination, "failed", payloads.size());
        LOG.error("{} message(s) published to '{}' inside a transaction were not sent after it committed: {}. The "
                + "transaction's data is committed and these messages are not on their way: handle "
                + "AfterCommitPublishFailedEvent to keep them, or publish through Spring Modulith's event publication "
                + "registry (see the README)", payloads.size(), destination, cause.getMessage(), cause);
        ApplicationEventPublisher publisher = events;
        if (publisher != null) {
            try {
                publisher.publishEvent(new AfterCommitPublishFailedEvent(destination, payloads, options, cause));
            }
            catch (RuntimeException ex) {
                LOG.error("An AfterCommitPublishFailedEvent listener failed", ex);
            }
        }
    }

    /** @param publisher where {@link AfterCommitPublishFailedEvent}s go */
    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.events = publisher;
    }

    /** Waits (up to 10 s) for messages being sent after commits, so that closing the context does not cut them off. */
    @Override
    public void destroy() {
        int unfinished = deferral.awaitSends(AFTER_COMMIT_SENDS_TIMEOUT);
        if (unfinished > 0) {
            LOG.warn("Closing with {} message(s) still being sent after their transactions committed; they may be lost",
                    unfinished);
        }
    }

    private EncodedBody encode(Object payload, PublishOptions options) {
        Objects.requireNonNull(payload, "payload must not be null");
        EncodedBody body = encoder.encode(payload, options.encoding() != null ? options.encoding() : defaultEncoding);
        // Cheap first: a body of n chars has at most 3n UTF-8 bytes.
        if ((long) body.body().length() * 3 > maxBodyBytes) {
            int bytes = body.body().getBytes(StandardCharsets.UTF_8).length;
            QueueOffloading offloading = this.offloading;
            if (offloading.offloads()) {
                int max = offloading.payloads().settings().maxOffloadedBytes();
                if (bytes > max) {
                    throw new IllegalArgumentException("The encoded " + body.attributeValue() + " body is " + bytes
                            + " bytes, over mega.max-offloaded-bytes (" + max + ")");
                }
            }
            else if (bytes > maxBodyBytes) {
                throw new IllegalArgumentException("The encoded " + body.attributeValue() + " body is " + bytes
                        + " bytes, over the SQS limit of " + maxBodyBytes + " bytes: set mega.s3.bucket (or "
                        + "spring.cloud.aws.sqs.extended.bucket) to offload large bodies to S3, or publish a reference");
            }
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
        Throwable cause = CompletionFailures.cause(failure);
        if (cause instanceof MegaPublishException || cause instanceof IllegalArgumentException) {
            return (RuntimeException) cause;
        }
        return new MegaPublishException("Publishing to '" + destination + "' failed: " + cause.getMessage(), cause);
    }

    private static <T> T join(CompletableFuture<T> future) {
        return join(future, "publishing", MegaPublishException::new);
    }

    /** Waits for a send or a receive, throwing what it failed with (checked causes wrapped as {@code failure}). */
    private static <T> T join(CompletableFuture<T> future, String doing,
            BiFunction<String, Throwable, RuntimeException> failure) {
        try {
            return future.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure.apply("Interrupted while " + doing, ex);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failure.apply(String.valueOf(cause.getMessage()), cause);
        }
    }
}
