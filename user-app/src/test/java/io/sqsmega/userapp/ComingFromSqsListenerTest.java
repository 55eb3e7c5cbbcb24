package io.sqsmega.userapp;

import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

/**
 * The README's "Coming from {@code @SqsListener}": the same listener written both ways, side by side in
 * one application, each receiving what {@code MegaTemplate} publishes.
 */
@SpringBootTest(properties = {"mega.queues.orders.name=from-sca-orders", "mega.queues.orders.max-in-flight=20",
        "mega.queues.orders.poll-wait=1s", "mega.queues.legacy.name=from-sca-legacy"})
@EmbeddedSqsTest
class ComingFromSqsListenerTest {

    record OrderPlaced(String orderId, int quantity) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final List<String> received = new CopyOnWriteArrayList<>();

        void handle(OrderPlaced order, String tenant) {
            received.add(order.orderId() + "@" + tenant);
        }

        @SqsListener(value = "from-sca-legacy", maxConcurrentMessages = "20", pollTimeoutSeconds = "1")
        void onOrder(Message<OrderPlaced> message, @Header("tenant") String tenant) {
            handle(message.getPayload(), tenant);
        }

        @MegaListener(queue = "orders", match = "data.quantity > 0")
        void onPlaced(Message<OrderPlaced> message, @Header("tenant") String tenant) {
            handle(message.getPayload(), tenant);
        }
    }

    @Autowired
    Listeners listeners;

    @Autowired
    MegaTemplate mega;

    @Test
    void theSameListenerWrittenBothWaysReceivesTheSameMessage() {
        PublishOptions tenant = PublishOptions.builder().attribute("tenant", "acme").build();
        mega.publish("legacy", new OrderPlaced("o-sca", 1), tenant);
        mega.publish("orders", new OrderPlaced("o-mega", 1), tenant);
        mega.publish("orders", new OrderPlaced("o-none", 0), tenant);
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.received.containsAll(List.of("o-sca@acme", "o-mega@acme")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> !listeners.received.contains("o-none@acme"));
    }
}
