package io.sqsmega.benchmarks.e2e;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.BatchPublishResult;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.QueueResolver;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One publisher of a run, in a JVM of its own: {@code Publisher <variant> <endpoint> <queueUrl>
 * <warmup> <total>}. {@code raw}: 8 {@code SendMessageBatch} requests in flight, bodies encoded
 * beforehand; {@code mega}: {@code MegaTemplate.publishAll} of MEGA events (it encodes them).
 * Publishes the warm-up, prints {@code MARK warm}, publishes the measured rest, prints {@code MARK done}.
 */
public final class Publisher {

    private Publisher() {
    }

    /**
     * @param args variant, endpoint, queue URL, warm-up count, total count
     */
    public static void main(String[] args) {
        String variant = args[0];
        String queueUrl = args[2];
        int warmup = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]) - warmup;
        SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        if (variant.equals("raw")) {
            raw(sqs, queueUrl, warmup);
            mark("warm");
            raw(sqs, queueUrl, measured);
        }
        else {
            MegaTemplate template = new MegaTemplate(sqs, new QueueResolver(sqs, Map.of()), PayloadEncoder.create(),
                    Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES);
            mega(template, queueUrl, warmup);
            mark("warm");
            mega(template, queueUrl, measured);
        }
        mark("done");
        System.exit(0);
    }

    private static void raw(SqsAsyncClient sqs, String queueUrl, int count) {
        List<EncodedBody> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(BenchMessages.event(i + 1, i % BenchMessages.SHARDS));
        }
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int first = 0; first < count; first += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
            for (int i = first; i < Math.min(count, first + 10); i++) {
                entries.add(BenchMessages.entry(i - first, null, i + 1, bodies.get(i)));
            }
            inFlight.acquireUninterruptibly();
            sent.add(sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries))
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static void mega(MegaTemplate template, String queueUrl, int count) {
        List<MegaEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(BenchMessages.eventObject(i + 1, i % BenchMessages.SHARDS));
        }
        BatchPublishResult result = template.publishAll(queueUrl, events);
        if (!result.allSucceeded()) {
            throw new IllegalStateException(result.failures().size() + " entries failed");
        }
    }

    private static void mark(String what) {
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.println("MARK " + what + " " + System.nanoTime() + " " + cpu + " 0");
        System.out.flush();
    }
}
