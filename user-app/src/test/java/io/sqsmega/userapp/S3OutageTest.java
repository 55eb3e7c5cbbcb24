package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * S3 failing while offloaded messages arrive: the application reaches the embedded S3 through a
 * fault injector (an HTTP proxy, which names S3 requests by their HTTP method: {@code GET} reads). A
 * body that cannot be read because S3 answers 500 is not invalid: its message is retried with the
 * listener's backoff, handled once S3 answers again, and only then is its object cleaned up.
 * Nothing is dead-lettered.
 */
@SpringBootTest(properties = {"mega.s3.bucket=outage-payloads", "mega.queues.reports.name=outage-reports",
        "mega.queues.reports.auto-startup=false", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "outage-reports", maxReceiveCount = 6)
class S3OutageTest {

    private static final SqsFaultInjector S3_FAULTS = SqsFaultInjector.inFrontOf(EmbeddedS3.shared().endpoint());

    record Report(String id, String content) {
    }

    @DynamicPropertySource
    static void s3ThroughTheInjector(DynamicPropertyRegistry registry) {
        EmbeddedS3.shared().createBucket("outage-payloads");
        registry.add("spring.cloud.aws.s3.endpoint", () -> S3_FAULTS.endpoint().toString());
        registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
    }

    @AfterAll
    static void closeInjector() {
        S3_FAULTS.close();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Reader {
        final List<Integer> receiveCounts = new CopyOnWriteArrayList<>();
        final List<Report> read = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "reports", retryInitial = "1s")
        void onReport(Report report, MegaMessage message) {
            receiveCounts.add(message.receiveCount());
            read.add(report);
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    Reader reader;

    @Autowired
    MessageListenerContainerRegistry registry;

    @Test
    void aBodyS3CannotServeNowIsRetriedAndReadOnceS3IsBack() {
        Report report = new Report("r-outage", "z".repeat(2 * 1024 * 1024));
        mega.publish("reports", report);
        List<String> keys = EmbeddedS3.shared().client().listObjectsV2(b -> b.bucket("outage-payloads")).contents()
                .stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
        assertThat(keys).as("the body went to S3").hasSize(1);

        // Reads fail for longer than the SDK's own retries (three attempts within about a second).
        S3_FAULTS.inject(SqsFault.serverError("GET").lasting(Duration.ofSeconds(4)));
        registry.getContainerById("mega-reports").start();

        await().atMost(Duration.ofSeconds(30)).until(() -> reader.read.contains(report));
        assertThat(reader.read).as("handled once, whole").containsExactly(report);
        assertThat(reader.receiveCounts.get(0)).as("delivered again after the outage").isGreaterThan(1);
        assertThat(S3_FAULTS.injected("GET")).as("S3 requests refused").isPositive();
        String url = EmbeddedSqs.shared().queueUrl("outage-reports");
        await().atMost(Duration.ofSeconds(20)).until(() -> EmbeddedSqs.shared().isEmpty(url));
        assertThat(EmbeddedSqs.shared().visibleMessages(EmbeddedSqs.shared().queueUrl("outage-reports-dlq")))
                .as("dead letters").isZero();
        // Cleaned up once its delete was confirmed.
        await().atMost(Duration.ofSeconds(10)).until(() -> !EmbeddedS3.shared().exists("outage-payloads", keys.get(0)));
    }
}
