package io.sqsmega.benchmarks.e2e;

import io.micrometer.observation.ObservationRegistry;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.offload.S3Pointer;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.QueueResolver;
import io.sqsmega.spring.ReceiveOptions;
import io.sqsmega.spring.ReceivedMessage;
import io.sqsmega.spring.TransactionMode;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.PayloadStore;
import io.sqsmega.spring.offload.S3PayloadStore;
import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * What an offloaded message costs: {@code MegaTemplate} publishes N messages and receives them (as
 * listeners read them: the body fetched from S3, bounded) and acknowledges them, once with bodies
 * SQS takes (200 KiB) and once with bodies it does not (2 MiB, offloaded), against the embedded SQS
 * and S3, each behind a proxy that holds every request for the given latency (10 ms is about an
 * in-region call). Counts SQS requests by operation and S3 round trips, and times each phase per
 * message. One JVM, sequential calls: latency per message, not throughput.
 *
 * <pre>
 * java -cp "benchmarks/e2e/target/classes:$(cat benchmarks/e2e/target/e2e.classpath)" \
 *     io.sqsmega.benchmarks.e2e.OffloadBenchmark [messages] [latency-ms...]
 * </pre>
 */
public final class OffloadBenchmark {

    private OffloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        List<Integer> latencies = args.length > 1 ? java.util.Arrays.stream(args).skip(1).map(Integer::parseInt).toList()
                : List.of(0, 10);
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        EmbeddedS3 s3 = EmbeddedS3.shared();
        s3.createBucket("bench-payloads");
        System.out.println("| latency | body | offloaded | publish ms/msg | receive+ack ms/msg | SQS requests/msg | S3 requests/msg |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int latency : latencies) {
            for (int round = 0; round < 2; round++) {
                for (int bodyBytes : new int[] {200 * 1024, 2 * 1024 * 1024}) {
                    run(sqs, s3, latency, bodyBytes, messages, round == 1);
                }
            }
        }
        System.exit(0);
    }

    private static void run(EmbeddedSqs sqs, EmbeddedS3 s3, int latencyMs, int bodyBytes, int messages, boolean print)
            throws Exception {
        try (SqsFaultInjector sqsProxy = SqsFaultInjector.inFrontOf(sqs.endpoint());
                SqsFaultInjector s3Proxy = SqsFaultInjector.inFrontOf(s3.endpoint())) {
            if (latencyMs > 0) {
                sqsProxy.inject(SqsFault.latency(Duration.ofMillis(latencyMs)));
                s3Proxy.inject(SqsFault.latency(Duration.ofMillis(latencyMs)));
            }
            Map<String, LongAdder> sqsRequests = new ConcurrentHashMap<>();
            SqsAsyncClient client = SqsAsyncClient.builder().endpointOverride(sqsProxy.endpoint()).region(EmbeddedSqs.REGION)
                    .credentialsProvider(EmbeddedSqs.credentials())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void beforeTransmission(Context.BeforeTransmission context,
                                ExecutionAttributes attributes) {
                            sqsRequests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                    name -> new LongAdder()).increment();
                        }
                    })).build();
            S3AsyncClient s3Client = S3AsyncClient.builder().endpointOverride(s3Proxy.endpoint()).region(EmbeddedSqs.REGION)
                    .forcePathStyle(true).credentialsProvider(EmbeddedSqs.credentials()).build();
            AtomicInteger s3Requests = new AtomicInteger();
            PayloadStore store = counting(new S3PayloadStore(s3Client), s3Requests);
            LargePayloads payloads = LargePayloads.over(store, new LargePayloads.Settings("bench-payloads", List.of(),
                    32 * 1024 * 1024, null, true, "", true));
            String queue = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("offload")));
            BodyDecoder decoder = BodyDecoder.create();
            MegaTemplate mega = new MegaTemplate(client, new QueueResolver(client, Map.of()), PayloadEncoder.create(),
                    Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES, MegaMetrics.NOOP, null, ObservationRegistry.NOOP,
                    TransactionMode.IMMEDIATE, decoder, MatchCompiler.create());
            mega.setLargePayloads(payloads);
            String text = "x".repeat(bodyBytes);
            mega.publish(queue, text);
            mega.receive(queue).orElseThrow().acknowledge();
            sqsRequests.clear();
            s3Requests.set(0);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                mega.publish(queue, text);
            }
            long published = System.nanoTime();
            int received = 0;
            while (received < messages) {
                List<ReceivedMessage> batch = mega.receiveMany(queue, ReceiveOptions.builder().maxMessages(10)
                        .waitTime(Duration.ofSeconds(1)).build());
                for (ReceivedMessage message : batch) {
                    if (message.text().orElseThrow().length() != bodyBytes) {
                        throw new IllegalStateException("body of " + message.text().orElseThrow().length() + " chars");
                    }
                    message.acknowledge();
                    received++;
                }
            }
            long done = System.nanoTime();
            long sqsTotal = sqsRequests.values().stream().mapToLong(LongAdder::sum).sum();
            if (print) {
                System.out.printf("| %d ms | %d KiB | %s | %.1f | %.1f | %.2f %s | %.2f |%n", latencyMs, bodyBytes / 1024,
                        bodyBytes > 256 * 1024 ? "yes" : "no", (published - start) / 1e6 / messages,
                        (done - published) / 1e6 / messages, (double) sqsTotal / messages, new java.util.TreeMap<>(
                                sqsRequests.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                        e -> e.getValue().sum()))), (double) s3Requests.get() / messages);
            }
            client.close();
            s3Client.close();
        }
    }

    /** Counts the store's round trips (a cleanup is asynchronous: it is counted when asked for). */
    private static PayloadStore counting(PayloadStore store, AtomicInteger requests) {
        return new PayloadStore() {
            @Override
            public CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes) {
                requests.incrementAndGet();
                return store.get(pointer, maxBytes);
            }

            @Override
            public CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut) {
                requests.incrementAndGet();
                return store.put(pointer, body, fanOut);
            }

            @Override
            public CompletableFuture<Void> delete(S3Pointer pointer) {
                requests.incrementAndGet();
                return store.delete(pointer);
            }
        };
    }
}
