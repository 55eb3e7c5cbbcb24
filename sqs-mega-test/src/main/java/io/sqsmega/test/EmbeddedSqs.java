package io.sqsmega.test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * An SQS-compatible server (ElasticMQ) on 127.0.0.1 and a free port, for tests: no Docker, no AWS
 * account. One server is shared per JVM ({@link #shared()}; starting takes about a second, later
 * uses nothing); tests keep apart by creating queues with {@link #uniqueName(String)}.
 *
 * <pre>{@code
 * EmbeddedSqs sqs = EmbeddedSqs.shared();
 * String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("orders")).withDeadLetterQueue(3));
 * sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("hi"));
 * }</pre>
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** The region the server and its clients use. */
    public static final Region REGION = Region.US_EAST_1;

    /** The account id in queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    private static EmbeddedSqs shared;

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final SqsAsyncClient asyncClient;
    private final AtomicLong sequence = new AtomicLong();

    private EmbeddedSqs() {
        this.server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion(REGION.id()).withAWSAccountId(ACCOUNT_ID).start();
        Http.ServerBinding binding = server.waitUntilStarted();
        this.endpoint = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
        this.client = SqsClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(credentials()).build();
        this.asyncClient = newAsyncClient();
    }

    /**
     * Starts a server of its own; close it when done.
     *
     * @return the running server
     */
    public static EmbeddedSqs start() {
        return new EmbeddedSqs();
    }

    /**
     * The server shared by this JVM, started on first use and stopped when the JVM exits.
     *
     * @return the running server
     */
    public static synchronized EmbeddedSqs shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-sqs-shutdown"));
        }
        return shared;
    }

    /** Dummy credentials: any work with ElasticMQ, none are real. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
    }

    /** @return the endpoint to point SQS clients at, {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return endpoint;
    }

    /** @return a synchronous client for this server */
    public SqsClient client() {
        return client;
    }

    /**
     * The shared asynchronous client. Do not register it as a Spring bean: a closing context closes
     * {@code AutoCloseable} beans; use {@link #newAsyncClient()} there.
     *
     * @return an asynchronous client for this server
     */
    public SqsAsyncClient asyncClient() {
        return asyncClient;
    }

    /**
     * A new asynchronous client for this server, owned (and closed) by the caller, e.g. a Spring
     * context it is registered in.
     *
     * @return a new client
     */
    public SqsAsyncClient newAsyncClient() {
        return SqsAsyncClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                .build();
    }

    /**
     * @param prefix a readable prefix
     * @return a queue name no other test in this JVM uses
     */
    public String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet();
    }

    /**
     * Creates a queue (and its DLQ when the spec has one), or gives a queue of that name that
     * already exists the spec's attributes: SQS refuses to create an existing queue with other
     * attributes, and tests that share this server may declare one queue differently (with a
     * dead-letter queue in one test, without in another). An existing queue keeps its messages,
     * except one that had a dead-letter queue and is now declared without: ElasticMQ cannot remove
     * a RedrivePolicy, so that queue is deleted and made anew.
     *
     * @param spec the queue
     * @return the queue URL
     */
    public String createQueue(QueueSpec spec) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(spec.visibilityTimeout().toSeconds()));
        if (spec.maxReceiveCount() > 0) {
            String dlqUrl = createQueue(new QueueSpec(spec.deadLetterQueueName(), spec.fifo(), Duration.ofSeconds(30), 0));
            String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + spec.maxReceiveCount()
                    + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}");
        }
        String existing = existingQueueUrl(spec.name());
        if (existing != null) {
            boolean hasRedrive = client.getQueueAttributes(b -> b.queueUrl(existing)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes()
                    .containsKey(QueueAttributeName.REDRIVE_POLICY);
            if (!hasRedrive || attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
                client.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
                return existing;
            }
            // ElasticMQ cannot remove a RedrivePolicy: a queue declared without one is made anew.
            client.deleteQueue(b -> b.queueUrl(existing));
        }
        if (spec.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        return client.createQueue(CreateQueueRequest.builder().queueName(spec.name()).attributes(attributes).build())
                .queueUrl();
    }

    private String existingQueueUrl(String name) {
        try {
            return client.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
        catch (QueueDoesNotExistException ex) {
            return null;
        }
    }

    /**
     * @param url a queue URL
     * @return the messages ready to be received (SQS's approximate count, exact on this server)
     */
    public long visibleMessages(String url) {
        return count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /**
     * @param url a queue URL
     * @return the messages received and neither deleted nor visible again yet
     */
    public long inFlightMessages(String url) {
        return count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /**
     * Both counts of one moment: asked separately, a message made visible again between the two
     * questions would be in neither.
     *
     * @param url a queue URL
     * @return whether the queue holds no message, visible or in flight
     */
    public boolean isEmpty(String url) {
        Map<QueueAttributeName, String> counts = client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private long count(String url, QueueAttributeName attribute) {
        return Long.parseLong(client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(attribute)).attributes()
                .get(attribute));
    }

    /**
     * @param name a queue name
     * @return its URL
     */
    public String queueUrl(String name) {
        return client.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    /** Stops the server and closes the clients. */
    @Override
    public void close() {
        client.close();
        asyncClient.close();
        server.stopAndWait();
    }
}
