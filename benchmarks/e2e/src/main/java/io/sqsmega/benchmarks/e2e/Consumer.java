package io.sqsmega.benchmarks.e2e;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One consumer of a run, in a JVM of its own: {@code Consumer <variant> <endpoint> <queueUrl>
 * <warmup> <total>}. Variants:
 * <ul>
 * <li>{@code raw}: a hand-tuned SDK loop, 8 threads each receiving 10 and deleting them with one
 * {@code DeleteMessageBatch} that it does not wait for;</li>
 * <li>{@code sca}: plain Spring Cloud AWS, {@code @SqsListener} at its best settings
 * (maxConcurrentMessages 100, maxMessagesPerPoll 10; on FIFO queues batched acknowledgement
 * every 100 ms or 10, ordered by group);</li>
 * <li>{@code mega}: one {@code @MegaListener}, max-in-flight 100, messages-per-poll 10;</li>
 * <li>{@code mega100}: the same with 100 listeners on the queue, each matching one shard.</li>
 * </ul>
 */
public final class Consumer {

    static volatile Progress progress;

    private Consumer() {
    }

    /**
     * @param args variant, endpoint, queue URL, warm-up count, total count
     * @throws Exception when the run breaks
     */
    public static void main(String[] args) throws Exception {
        String variant = args[0];
        String endpoint = args[1];
        String queueUrl = args[2];
        progress = new Progress(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        boolean fifo = queueUrl.endsWith(".fifo");
        switch (variant) {
            case "raw" -> raw(endpoint, queueUrl, false);
            // The raw loop as Spring Cloud AWS receives from FIFO queues: a new ReceiveRequestAttemptId per
            // receive (so that the SDK's retry of a lost response gets the same messages back).
            case "rawattempt" -> raw(endpoint, queueUrl, true);
            case "sca" -> boot(ScaApp.class, endpoint, queueUrl, fifo, "mega.enabled=false");
            case "mega" -> boot(MegaApp.class, endpoint, queueUrl, fifo);
            case "mega100" -> boot(Mega100App.class, endpoint, queueUrl, fifo);
            // As many polls at once as the raw loop has threads (8 of 10 messages), instead of 10.
            case "mega80" -> boot(MegaApp.class, endpoint, queueUrl, fifo, "mega.listener.max-in-flight=80");
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
        // The runner stops this JVM once the queue is empty (all deletes landed).
        Thread.currentThread().join();
    }

    private static void boot(Class<?> app, String endpoint, String queueUrl, boolean fifo, String... extra)
            throws InterruptedException {
        List<String> properties = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--spring.cloud.aws.sqs.endpoint=" + endpoint, "--spring.cloud.aws.sns.enabled=false",
                "--spring.cloud.aws.region.static=us-east-1", "--spring.cloud.aws.credentials.access-key=x",
                "--spring.cloud.aws.credentials.secret-key=x", "--bench.queue=" + queueUrl, "--bench.fifo=" + fifo,
                "--mega.listener.max-in-flight=100", "--mega.listener.messages-per-poll=10"));
        for (String property : extra) {
            // A setting given here replaces the default above (a repeated argument would be read as a list).
            String name = property.substring(0, property.indexOf('='));
            properties.removeIf(given -> given.startsWith("--" + name + "="));
            properties.add("--" + property);
        }
        ConfigurableApplicationContext context = SpringApplication.run(app, properties.toArray(String[]::new));
        progress.awaitDone();
        context.registerShutdownHook();
    }

    private static void raw(String endpoint, String queueUrl, boolean attemptIds) {
        SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        // Deletes in flight at once, so a slow delete path cannot grow without bound.
        Semaphore deletes = new Semaphore(64);
        for (int t = 0; t < 8; t++) {
            threads.execute(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    List<software.amazon.awssdk.services.sqs.model.Message> messages = sqs.receiveMessage(r -> r
                            .queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(20).messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                            .receiveRequestAttemptId(attemptIds ? java.util.UUID.randomUUID().toString() : null))
                            .join().messages();
                    if (messages.isEmpty()) {
                        continue;
                    }
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
                    for (int i = 0; i < messages.size(); i++) {
                        software.amazon.awssdk.services.sqs.model.Message message = messages.get(i);
                        progress.handled(BenchMessages.group(message), BenchMessages.seq(message));
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                .receiptHandle(message.receiptHandle()).build());
                    }
                    deletes.acquireUninterruptibly();
                    sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(entries))
                            .whenComplete((response, failure) -> deletes.release());
                }
            });
        }
    }

    // Each application is configured without component scanning, so none sees another's listeners.

    /** Plain Spring Cloud AWS. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    public static class ScaApp {

        /**
         * @param properties the run's settings
         * @return the listener factory: SCA's defaults, and on FIFO queues its batched, group-ordered acknowledgement
         */
        @Bean
        SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(
                org.springframework.core.env.Environment properties, SqsAsyncClient sqs) {
            boolean fifo = properties.getProperty("bench.fifo", Boolean.class, false);
            return SqsMessageListenerContainerFactory.builder().sqsAsyncClient(sqs).configure(options -> {
                if (fifo) {
                    options.acknowledgementInterval(Duration.ofMillis(100)).acknowledgementThreshold(10)
                            .acknowledgementOrdering(AcknowledgementOrdering.ORDERED_BY_GROUP);
                }
            }).build();
        }

        @SqsListener(queueNames = "${bench.queue}", maxConcurrentMessages = "100", maxMessagesPerPoll = "10")
        void onMessage(Message<String> message) {
            Map<String, Object> headers = message.getHeaders();
            progress.handled((String) headers.get("group"), Integer.parseInt((String) headers.get("seq")));
        }
    }

    /** One {@code @MegaListener}. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    public static class MegaApp {

        @MegaListener(queue = "${bench.queue}")
        void onItem(MegaEvent event, MegaMessage message) {
            progress.handled(message.attributes().get("group"), Integer.parseInt(message.attributes().get("seq")));
        }
    }

    /** A hundred {@code @MegaListener}s on the queue, one per shard. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(HundredListeners.class)
    public static class Mega100App {
    }
}
