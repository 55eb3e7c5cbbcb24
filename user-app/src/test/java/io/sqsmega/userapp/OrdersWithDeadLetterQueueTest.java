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
import software.amazon.awssdk.services.sqs.model.Message;

/** The other declaration of {@code user-orders} (see {@link OrdersWithoutDeadLetterQueueTest}): with a DLQ. */
@SpringBootTest(properties = {"mega.queues.orders.name=user-orders", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "user-orders")
class OrdersWithDeadLetterQueueTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Orders {
        @MegaListener(queue = "orders")
        void onOrder(MegaEvent event) {
            throw new IllegalStateException("cannot take orders today");
        }
    }

    @Autowired
    MegaTemplate mega;

    @Test
    void aFailedOrderGoesToTheDeadLetterQueueWithTheReason() {
        String id = mega.publish("orders", MegaEvent.builder().name("order.with-dlq").timestamp(Instant.now()).build());
        String dlq = EmbeddedSqs.shared().queueUrl("user-orders-dlq");
        List<Message> dead = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dead.addAll(EmbeddedSqs.shared().client().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
            return dead.stream().anyMatch(m -> id.equals(m.messageAttributes().get("mega-original-message-id").stringValue()));
        });
        Message letter = dead.stream().filter(m -> id.equals(m.messageAttributes().get("mega-original-message-id")
                .stringValue())).findFirst().orElseThrow();
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .isEqualTo("failed in Orders.onOrder: IllegalStateException: cannot take orders today");
    }
}
