package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One of two test classes that declare the queue {@code user-orders} differently in one JVM: here
 * without a dead-letter queue ({@link OrdersWithDeadLetterQueueTest} has one). Each gets the
 * queue it declares, whichever runs first.
 */
@SpringBootTest(properties = {"mega.queues.orders.name=user-orders", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest
class OrdersWithoutDeadLetterQueueTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Orders {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "orders")
        void onOrder(MegaEvent event) {
            seen.add(event.name());
            throw new IllegalStateException("cannot take orders today");
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    Orders orders;

    @Test
    void aFailedOrderIsDeletedWithoutADeadLetterQueue() {
        String url = EmbeddedSqs.shared().queueUrl("user-orders");
        assertThat(EmbeddedSqs.shared().client().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes()).doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
        mega.publish("orders", MegaEvent.builder().name("order.without-dlq").timestamp(Instant.now()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.seen.contains("order.without-dlq"));
        await().atMost(Duration.ofSeconds(20)).until(() -> EmbeddedSqs.shared().inFlightMessages(url) == 0
                && EmbeddedSqs.shared().visibleMessages(url) == 0);
    }
}
