package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch listener whose batches (8 s) outlive the queue's visibility timeout (6 s), while visibility
 * changes and deletes fail for 2 s of every 7 (longer than the SDK's own retries): the messages that wait for their
 * batch and those the batch is handling stay hidden (the heartbeat retries its renewals), their
 * deletes are retried until SQS confirms them, and every message is handled exactly once, in one
 * batch call, with every delete counted only once SQS confirmed it.
 */
@SpringBootTest(properties = {"mega.listener.poll-wait=1s", "mega.listener.max-in-flight=30"})
@EmbeddedSqsTest(faults = true)
class BatchListenerUnderFaultsTest {

    private static final int MESSAGES = 30;
    private static final QueueSpec QUEUE = QueueSpec.standard(EmbeddedSqs.shared().uniqueName("bulk-faults"))
            .withVisibilityTimeout(Duration.ofSeconds(6)).withDeadLetterQueue(3);

    @DynamicPropertySource
    static void queue(DynamicPropertyRegistry registry) {
        registry.add("mega.queues.bulk.url", () -> EmbeddedSqs.shared().createQueue(QUEUE));
    }

    record Row(int n) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Bulk {
        final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @MegaListener(queue = "bulk", batch = true)
        void onRows(List<Row> rows) throws InterruptedException {
            calls.incrementAndGet();
            rows.forEach(row -> handled.computeIfAbsent(row.n(), key -> new AtomicInteger()).incrementAndGet());
            // The bulk insert itself (not a synchronisation): longer than the 6 s visibility timeout.
            Thread.sleep(8_000);
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    SqsFaultInjector faults;

    @Autowired
    Bulk bulk;

    @Autowired
    MeterRegistry meters;

    @Test
    void batchesOutlivingTheVisibilityTimeoutThroughOutagesAreHandledOnceAndDeletedForSure() {
        // Each outage outlasts the SDK's retries and is shorter than the visibility timeout, as in the fault soak.
        faults.inject(SqsFault.serverError("ChangeMessageVisibilityBatch").lasting(Duration.ofSeconds(2))
                .every(Duration.ofSeconds(7)));
        faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(Duration.ofSeconds(2))
                .every(Duration.ofSeconds(7)).after(Duration.ofSeconds(8)));
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            rows.add(new Row(n));
        }
        mega.publishAll("bulk", rows);

        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String url = sqs.queueUrl(QUEUE.name());
        await().atMost(Duration.ofSeconds(90)).until(() -> bulk.handled.size() == MESSAGES && sqs.isEmpty(url));
        // Counted when SQS's answer arrives, a moment after the queue shows the message gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.find("sqs.mega.deleted").counters()
                .stream().mapToDouble(c -> c.count()).sum()).as("confirmed deletes").isEqualTo(MESSAGES));
        faults.clear();

        assertThat(bulk.handled.values()).as("handlings per message").allSatisfy(count -> assertThat(count.get())
                .isEqualTo(1));
        assertThat(bulk.calls.get()).as("batch calls").isLessThan(MESSAGES);
        assertThat(sqs.visibleMessages(sqs.queueUrl(QUEUE.deadLetterQueueName()))).as("dead letters").isZero();
        assertThat(meters.find("sqs.mega.unsettled").counters()).as("unsettled").allSatisfy(counter ->
                assertThat(counter.count()).isZero());
        assertThat(faults.injected("ChangeMessageVisibilityBatch")).as("renewals refused").isPositive();
        assertThat(faults.injected("DeleteMessageBatch")).as("deletes refused").isPositive();
    }
}
