package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Instant;
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
        Message letter = DeadLetters.awaitLetter("user-orders-dlq", id);
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .isEqualTo("failed in Orders.onOrder: IllegalStateException: cannot take orders today");
    }
}
