package io.sqsmega.benchmarks.e2e;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Shows what sets the pace of the FIFO benchmarks on this machine: the CPU ElasticMQ spends while
 * a long poll waits on a FIFO queue whose every message group is in flight. Ten groups of
 * {@code perGroup} messages, one receive per group (so all are locked), then the broker's CPU is
 * measured for 3 s with no receive waiting and for 3 s with {@code polls} long polls waiting.
 * ElasticMQ 1.6.16 (and its main branch) re-sorts every message of the queue and re-schedules a
 * retry one millisecond later for as long as a poll waits ({@code
 * QueueActorWaitForMessagesOps.scheduleTryReplyWhenAvailable}: the earliest next delivery is that
 * of a message already due, behind its in-flight group), so a waiting poll costs about a core. Real
 * SQS charges a waiting long poll nothing.
 *
 * <pre>
 * java -cp "benchmarks/e2e/target/classes:$(cat benchmarks/e2e/target/e2e.classpath)" \
 *     io.sqsmega.benchmarks.e2e.FifoLongPollSpin 1200 1
 * </pre>
 */
public final class FifoLongPollSpin {

    private FifoLongPollSpin() {
    }

    /**
     * @param args messages per group (default 1,200: the benchmark's 12,000 in 10 groups), long polls
     *        to leave waiting (default 1)
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int perGroup = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
        int polls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
        try (SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
                SqsAsyncClient async = SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).build()) {
            String url = sqs.createQueue(b -> b.queueName("spin.fifo").attributesWithStrings(Map.of("FifoQueue", "true",
                    "ContentBasedDeduplication", "true", "VisibilityTimeout", "60"))).queueUrl();
            int sent = 0;
            for (int i = 0; i < perGroup; i++) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int group = 0; group < 10; group++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("e" + group).messageBody("m" + sent++)
                            .messageGroupId("g" + group).build());
                }
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            }
            int received = 0;
            for (int group = 0; group < 10; group++) {
                received += sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().size();
            }
            System.out.println(sent + " messages in 10 groups, " + received + " received: every group in flight");
            System.out.printf("no receive waiting:        %.2f cores%n", cores(3000));
            List<CompletableFuture<?>> waiting = new ArrayList<>();
            for (int i = 0; i < polls; i++) {
                waiting.add(async.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(20)));
            }
            Thread.sleep(300);
            System.out.printf("%d long poll(s) waiting:   %.2f cores%n", polls, cores(3000));
            waiting.forEach(poll -> poll.cancel(true));
        }
        finally {
            server.stopAndWait();
        }
        System.exit(0);
    }

    /** The CPU this JVM (the broker, the clients idle) used over a while, in cores. */
    private static double cores(long millis) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        Thread.sleep(millis);
        return (os.getProcessCpuTime() - cpu) / (double) (System.nanoTime() - start);
    }
}
