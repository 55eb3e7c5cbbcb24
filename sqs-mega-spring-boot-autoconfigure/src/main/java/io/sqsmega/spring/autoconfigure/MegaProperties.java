package io.sqsmega.spring.autoconfigure;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.Encoding;
import io.sqsmega.dispatch.RetryBackoff;
import io.sqsmega.spring.TransactionMode;
import io.sqsmega.spring.listener.ContainerOptions;
import io.sqsmega.spring.listener.FailurePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SQS MEGA's configuration, under {@code mega}.
 *
 * <pre>
 * mega:
 *   encoding: json            # or bson: how MegaTemplate writes events and data objects
 *   queues:
 *     orders:                 # a logical name, usable as a destination and in @MegaListener(queue = ...)
 *       name: orders-prod     # the SQS queue name (default: the logical name)
 *       # url: https://sqs.eu-west-1.amazonaws.com/123456789012/orders-prod   (wins over name)
 *       create-if-missing: false
 * </pre>
 *
 * @param enabled whether SQS MEGA is active at all
 * @param encoding how events and data objects are written when a publish call does not say
 * @param maxBodyBytes the largest message body to send or accept
 * @param queues logical queues by name
 * @param listener how listener containers poll, retry and treat failures
 * @param topics logical SNS topics by name, usable as MegaTemplate destinations
 * @param tracing Micrometer Observation of publishing and consuming
 * @param publish how MegaTemplate publishes inside transactions
 * @param modulith Spring Modulith's event externalization through MegaTemplate
 * @param maxOffloadedBytes the largest body offloaded to S3 that is sent or read (read with a
 *        bounded, ranged GET; held in memory while its message is handled)
 * @param s3 large payloads through S3
 */
@ConfigurationProperties("mega")
public record MegaProperties(@DefaultValue("true") boolean enabled, @DefaultValue("json") Encoding encoding,
        @DefaultValue("" + BodyDecoder.SQS_MAX_BODY_BYTES) int maxBodyBytes, Map<String, Queue> queues,
        @DefaultValue Listener listener, Map<String, Topic> topics, @DefaultValue Tracing tracing,
        @DefaultValue Publish publish, @DefaultValue Modulith modulith,
        @DefaultValue("33554432") int maxOffloadedBytes, @DefaultValue S3 s3) {

    /**
     * Bodies too large for a message, offloaded to S3 in the format of AWS's extended clients. Unset
     * settings follow Spring Cloud AWS's {@code spring.cloud.aws.sqs.extended.*} ones.
     *
     * @param bucket the bucket bodies are offloaded to (default {@code spring.cloud.aws.sqs.extended.bucket});
     *        none: nothing is offloaded
     * @param allowedBuckets the buckets offloaded bodies are read from; empty: the bucket above only.
     *        A pointer to another bucket is invalid
     * @param offloadThreshold offload a body when it and its attributes are larger than this many
     *        bytes (default: what the destination accepts: the queue's MaximumMessageSize, 256 KiB for
     *        topics)
     * @param cleanupPayload delete the object once its message was handled and deleted (default
     *        {@code spring.cloud.aws.sqs.extended.cleanup-s3-payload}, true); never when dead-lettered, nor for a body that came through a topic
     * @param keyPrefix prefix of the keys of offloaded bodies (default
     *        {@code spring.cloud.aws.sqs.extended.s3-key-prefix})
     * @param legacyAttributeName mark offloaded messages with {@code SQSLargePayloadSize}, as older
     *        extended clients read it, rather than {@code ExtendedPayloadSize} (default
     *        {@code spring.cloud.aws.sqs.extended.use-legacy-reserved-attribute-name}, true); both are read
     * @param ignorePayloadNotFound delete a message whose offloaded body no longer exists (with a WARN)
     *        instead of treating it as invalid (dead-lettered by default) (default
     *        {@code spring.cloud.aws.sqs.extended.ignore-payload-not-found}, false)
     */
    public record S3(String bucket, List<String> allowedBuckets, Integer offloadThreshold, Boolean cleanupPayload,
            String keyPrefix, Boolean legacyAttributeName, Boolean ignorePayloadNotFound) {

        /** Defaults the list. */
        public S3 {
            allowedBuckets = allowedBuckets == null ? List.of() : List.copyOf(allowedBuckets);
        }
    }

    /**
     * Spring Modulith's event externalization through {@code MegaTemplate}, when the application has
     * Spring Modulith's events ({@code spring-modulith-starter-jdbc} or {@code -jpa}).
     *
     * @param enabled send {@code @Externalized} events through {@code MegaTemplate}
     */
    public record Modulith(@DefaultValue("true") boolean enabled) {
    }

    /**
     * Publishing with {@code MegaTemplate}.
     *
     * @param transactional inside an active Spring transaction: {@code after-commit} holds each publish
     *        until the commit and drops it on rollback; {@code immediate} sends at once. A call's
     *        {@code PublishOptions.transactionMode} wins.
     */
    public record Publish(@DefaultValue("after-commit") TransactionMode transactional) {
    }

    /**
     * Micrometer Observation of publishing ({@code MegaTemplate}) and consuming (one observation per
     * message, around every listener it reaches), so that a publish and its listeners are one trace.
     *
     * @param enabled observe when tracing is present (a Micrometer Tracing {@code Tracer} bean and an
     *        {@code ObservationRegistry} bean); {@code false} turns it off
     */
    public record Tracing(@DefaultValue("true") boolean enabled) {
    }

    /** Defaults the maps. */
    public MegaProperties {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
        topics = topics == null ? Map.of() : Map.copyOf(topics);
    }

    /**
     * One logical SNS topic.
     *
     * @param name the topic name (default: the logical name), found with ListTopics
     * @param arn the topic ARN; wins over the name
     */
    public record Topic(String name, String arn) {
    }

    /**
     * Listener containers, one per queue.
     *
     * @param maxInFlight messages handled at once per queue
     * @param messagesPerPoll messages asked for per poll (1 to 10)
     * @param pollWait the long-poll wait (0 to 20 s)
     * @param shutdownTimeout how long stopping waits for messages in flight
     * @param retry the visibility backoff of messages to retry
     * @param fatalPolicy what happens to a message a listener failed for good (unset: dead-letter
     *        when the queue has a DLQ, else delete)
     * @param invalidPolicy what happens to an invalid body (unset: as above)
     * @param unrecognisedPolicy what happens to a payload whose kind no listener of the queue
     *        accepts (unset: as above)
     * @param retriableExceptions exception types that mean retry for every listener
     * @param maxProcessingTime how long the heartbeat keeps extending a message's visibility while
     *        its listeners work
     * @param unmatchedPolicy what happens to a valid payload that no listener matched
     * @param acknowledgementInterval how long deletes wait to fill a DeleteMessageBatch (unset: 1 s on
     *        standard queues, 100 ms on FIFO queues, whose groups wait for the deletes)
     * @param acknowledgementThreshold deletes that send a DeleteMessageBatch at once (1 to 10)
     */
    public record Listener(@DefaultValue("10") int maxInFlight, @DefaultValue("10") int messagesPerPoll,
            @DefaultValue("20s") Duration pollWait, @DefaultValue("20s") Duration shutdownTimeout,
            @DefaultValue Retry retry, FailurePolicy fatalPolicy, FailurePolicy invalidPolicy,
            FailurePolicy unrecognisedPolicy,
            List<Class<? extends Throwable>> retriableExceptions, @DefaultValue("15m") Duration maxProcessingTime,
            @DefaultValue("delete") FailurePolicy unmatchedPolicy, Duration acknowledgementInterval,
            @DefaultValue("10") int acknowledgementThreshold) {

        /** Defaults the exception list. */
        public Listener {
            retriableExceptions = retriableExceptions == null ? List.of() : List.copyOf(retriableExceptions);
        }

        /** @return the container options these properties describe */
        public ContainerOptions toOptions() {
            return new ContainerOptions(maxInFlight, messagesPerPoll, pollWait, shutdownTimeout,
                    new RetryBackoff(retry.initial(), retry.multiplier(), retry.max(), retry.jitter()), fatalPolicy,
                    invalidPolicy, unrecognisedPolicy, maxProcessingTime, unmatchedPolicy, acknowledgementInterval,
                    acknowledgementThreshold);
        }
    }

    /**
     * The retry backoff: {@code initial × multiplier^(receiveCount − 1)}, at most {@code max}, minus
     * up to {@code jitter} of itself.
     *
     * @param initial the first retry's visibility
     * @param multiplier the growth per receive
     * @param max the cap (at most 12 h)
     * @param jitter the random fraction taken off (0 to 1)
     */
    public record Retry(@DefaultValue("5s") Duration initial, @DefaultValue("2.0") double multiplier,
            @DefaultValue("15m") Duration max, @DefaultValue("0.2") double jitter) {
    }

    /**
     * One logical queue.
     *
     * @param name the SQS queue name; defaults to the logical name
     * @param url the queue URL; wins over the name
     * @param createIfMissing create the queue at first use when it does not exist; otherwise a
     *        missing queue is an error that says how to fix it
     * @param maxInFlight this queue's {@code mega.listener.max-in-flight}, when set
     * @param messagesPerPoll this queue's {@code mega.listener.messages-per-poll}, when set
     * @param pollWait this queue's {@code mega.listener.poll-wait}, when set
     * @param autoStartup whether this queue's listener container starts with the application; {@code false}
     *        leaves it stopped (health and {@code /actuator/mega} say so, without reporting it down) until it
     *        is started through {@code /actuator/mega/{queue}} or Spring Cloud AWS's
     *        {@code MessageListenerContainerRegistry} ({@code getContainerById("mega-<name>")})
     */
    public record Queue(String name, String url, @DefaultValue("false") boolean createIfMissing, Integer maxInFlight,
            Integer messagesPerPoll, Duration pollWait, @DefaultValue("true") boolean autoStartup) {
    }

    /**
     * The container options of every logical queue that overrides the listener defaults (polling, or
     * auto-startup).
     *
     * @return options by logical queue name
     */
    public Map<String, ContainerOptions> queueOptions() {
        ContainerOptions defaults = listener.toOptions();
        Map<String, ContainerOptions> options = new java.util.LinkedHashMap<>();
        queues.forEach((name, queue) -> {
            if (queue.maxInFlight() != null || queue.messagesPerPoll() != null || queue.pollWait() != null
                    || !queue.autoStartup()) {
                options.put(name, defaults.withPolling(queue.maxInFlight(), queue.messagesPerPoll(), queue.pollWait())
                        .withAutoStartup(queue.autoStartup()));
            }
        });
        return options;
    }
}
