package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault soak, in its quick form (docs/faults.md): a worker on the starter handles messages for
 * 1 to 10 s each on a queue whose visibility timeout is 6 s, 40 at a time, while visibility
 * changes, deletes and receives fail with HTTP 500 for 2 s out of every 7 (longer than the SDK's
 * own retries, shorter than the visibility timeout). Every message must be handled exactly once:
 * none lost, none handled twice, none in the DLQ, and nothing counted unsettled.
 *
 * <p>{@code -Dsoak.messages=N} makes it longer (the figures in docs/performance.md use 400).
 */
@Tag("fault-soak")
@SpringBootTest(properties = {"mega.listener.poll-wait=1s", "mega.listener.max-in-flight=40"})
@EmbeddedSqsTest(faults = true)
class FaultSoakTest {

    private static final int MESSAGES = Integer.getInteger("soak.messages", 120);
    private static final QueueSpec QUEUE = QueueSpec.standard(EmbeddedSqs.shared().uniqueName("user-soak"))
            .withVisibilityTimeout(Duration.ofSeconds(6)).withDeadLetterQueue(3);

    @DynamicPropertySource
    static void queue(DynamicPropertyRegistry registry) {
        registry.add("mega.queues.soak.url", () -> EmbeddedSqs.shared().createQueue(QUEUE));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Work {
        final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @MegaListener(queue = "soak")
        void onJob(MegaEvent event) throws InterruptedException {
            int n = ((Number) event.attribute("n")).intValue();
            handled.computeIfAbsent(n, key -> new AtomicInteger()).incrementAndGet();
            // The work itself (not a synchronisation): 1 to 10 s, so many messages outlive the visibility timeout.
            Thread.sleep(1_000L + (n * 7919L % 9_000L));
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    SqsFaultInjector faults;

    @Autowired
    Work work;

    @Autowired
    MeterRegistry meters;

    @Test
    void underPartialOutagesEveryMessageIsHandledExactlyOnce() {
        Duration outage = Duration.ofSeconds(2);
        Duration period = Duration.ofSeconds(7);
        faults.inject(SqsFault.serverError("ChangeMessageVisibilityBatch").lasting(outage).every(period));
        faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(outage).every(period).after(Duration.ofSeconds(2)));
        faults.inject(SqsFault.serverError("ReceiveMessage").lasting(outage).every(period).after(Duration.ofSeconds(4)));

        List<MegaEvent> events = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            events.add(MegaEvent.builder().name("job.soaked").timestamp(Instant.now()).attribute("n", n).build());
        }
        mega.publishAll("soak", events);

        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String url = sqs.queueUrl(QUEUE.name());
        await().atMost(Duration.ofSeconds(60 + MESSAGES / 2)).until(() -> work.handled.size() == MESSAGES
                && sqs.isEmpty(url));
        faults.clear();

        assertThat(work.handled.values()).as("handlings per message").allSatisfy(count -> assertThat(count.get())
                .isEqualTo(1));
        assertThat(sqs.visibleMessages(sqs.queueUrl(QUEUE.deadLetterQueueName()))).as("dead letters").isZero();
        assertThat(meters.find("sqs.mega.unsettled").counters()).as("unsettled").allSatisfy(counter ->
                assertThat(counter.count()).isZero());
        // Counted when SQS's answer arrives, a moment after the queue shows the message gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.find("sqs.mega.deleted").counters()
                .stream().mapToDouble(c -> c.count()).sum()).as("confirmed deletes").isEqualTo(MESSAGES));
        StringBuilder refused = new StringBuilder();
        for (String operation : List.of("ChangeMessageVisibilityBatch", "DeleteMessageBatch", "ReceiveMessage")) {
            assertThat(faults.injected(operation)).as("%s refused", operation).isPositive();
            refused.append(String.format(" %s %d of %d;", operation, faults.injected(operation),
                    faults.requests(operation)));
        }
        // The figures docs/performance.md reports.
        System.out.printf("Fault soak: %d messages, each handled once; requests refused:%s%n", MESSAGES, refused);
    }
}
