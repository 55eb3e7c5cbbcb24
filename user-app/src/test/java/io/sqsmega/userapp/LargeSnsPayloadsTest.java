package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.Fauxqs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A 3 MiB payload through an SNS topic (fauxqs) to two queues, one subscribed with raw message
 * delivery and one without (the pointer then arrives inside the envelope, the marker among the
 * envelope's attributes): the body goes to S3 (the embedded one), the topic carries the pointer and
 * the marker, both listeners get the payload, and neither sees the marker. The object is shared by every
 * subscription's copy, so handling one copy (with cleanup on, the default) must not delete it: the third
 * subscription, read on demand after the other two were handled and deleted, still gets the payload.
 */
@SpringBootTest
class LargeSnsPayloadsTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final List<String> LISTENED_QUEUES = new CopyOnWriteArrayList<>();

    record Report(String id, String content) {
    }

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @DynamicPropertySource
    static void fauxqsAndS3(DynamicPropertyRegistry registry) {
        Fauxqs fauxqs = Fauxqs.shared();
        int n = SEQUENCE.incrementAndGet();
        LISTENED_QUEUES.clear();
        LISTENED_QUEUES.add(fauxqs.subscribeQueue("reports-" + n, "report-reader-" + n, true).queueUrl());
        LISTENED_QUEUES.add(fauxqs.subscribeQueue("reports-" + n, "report-archive-" + n, false).queueUrl());
        fauxqs.subscribeQueue("reports-" + n, "report-inbox-" + n, false);
        try (SqsClient sqs = fauxqs.newSqsClient()) {
            sqs.createQueue(b -> b.queueName("jobs"));
            sqs.createQueue(b -> b.queueName("jobs-done"));
        }
        EmbeddedS3.shared().createBucket("sns-payloads");
        registry.add("spring.cloud.aws.endpoint", () -> fauxqs.endpoint().toString());
        registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
        registry.add("spring.cloud.aws.credentials.access-key", () -> "x");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "x");
        registry.add("spring.cloud.aws.s3.endpoint", () -> EmbeddedS3.shared().endpoint().toString());
        registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
        registry.add("mega.s3.bucket", () -> "sns-payloads");
        registry.add("mega.topics.reports.name", () -> "reports-" + n);
        registry.add("mega.queues.report-reader.name", () -> "report-reader-" + n);
        registry.add("mega.queues.report-archive.name", () -> "report-archive-" + n);
        registry.add("mega.queues.report-inbox.name", () -> "report-inbox-" + n);
        registry.add("mega.listener.poll-wait", () -> "1s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Reader {
        final List<Report> read = new CopyOnWriteArrayList<>();
        final List<Report> archived = new CopyOnWriteArrayList<>();
        final List<java.util.Set<String>> envelopeAttributes = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "report-reader", match = "data.id matches 'r-[0-9]+'")
        void onReport(Report report) {
            read.add(report);
        }

        @MegaListener(queue = "report-archive", match = "data.id matches 'r-[0-9]+'")
        void onArchived(Report report, io.sqsmega.spring.MegaMessage message) {
            archived.add(report);
            envelopeAttributes.add(message.sns().orElseThrow().messageAttributes().keySet());
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    Reader reader;

    @Test
    void aThreeMebibytePayloadCrossesATopicWithAndWithoutRawDelivery() {
        java.util.Set<String> before = keys();
        Report report = new Report("r-1", "x".repeat(3 * 1024 * 1024));
        mega.publish("reports", report);
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.read.contains(report) && reader.archived.contains(report));
        assertThat(reader.envelopeAttributes.get(0)).contains("mega-payload")
                .doesNotContain("SQSLargePayloadSize", "ExtendedPayloadSize");
        java.util.Set<String> stored = keys();
        stored.removeAll(before);
        assertThat(stored).as("one object for the three subscriptions").hasSize(1);
        // Both listened copies handled and their deletes confirmed (which is when a cleanup would delete the object).
        await().atMost(Duration.ofSeconds(30)).until(() -> LISTENED_QUEUES.stream().allMatch(LargeSnsPayloadsTest::isEmpty));
        // And on demand, from a queue no listener reads (other tests' reports are there too: received until it comes).
        java.util.concurrent.atomic.AtomicReference<io.sqsmega.spring.ReceivedMessage> inbox =
                new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            mega.receive("report-inbox", io.sqsmega.spring.ReceiveOptions.builder().waitTime(Duration.ofSeconds(1))
                    .match("data.id == 'r-1'").build()).ifPresent(inbox::set);
            return inbox.get() != null;
        });
        io.sqsmega.spring.ReceivedMessage received = inbox.get();
        assertThat(received.data().orElseThrow()).containsEntry("id", "r-1").containsEntry("content", report.content());
        received.acknowledge();
        assertThat(keys()).as("a body published to a topic is left to the bucket's lifecycle rule").containsAll(stored);
    }

    private static java.util.Set<String> keys() {
        return EmbeddedS3.shared().client().listObjectsV2(b -> b.bucket("sns-payloads")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static boolean isEmpty(String queueUrl) {
        try (SqsClient sqs = Fauxqs.shared().newSqsClient()) {
            java.util.Map<String, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings();
            return "0".equals(counts.get("ApproximateNumberOfMessages"))
                    && "0".equals(counts.get("ApproximateNumberOfMessagesNotVisible"));
        }
    }

    @Test
    void aBatchWithALargePayloadIsPublishedOneByOneAndArrivesWhole() {
        Report large = new Report("r-2", "y".repeat(2 * 1024 * 1024));
        Report small = new Report("r-3", "small");
        io.sqsmega.spring.BatchPublishResult result = mega.publishAll("reports", List.of(large, small));
        assertThat(result.allSucceeded()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.read.containsAll(List.of(large, small))
                && reader.archived.containsAll(List.of(large, small)));
    }
}
