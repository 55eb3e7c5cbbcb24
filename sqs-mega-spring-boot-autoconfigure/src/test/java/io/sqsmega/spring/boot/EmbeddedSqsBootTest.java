package io.sqsmega.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A user's @SpringBootTest of their own listener, on the embedded SQS: no Docker, no AWS. */
@SpringBootTest(classes = EmbeddedSqsBootTest.App.class,
        properties = {"mega.queues.orders.name=boot-orders", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "boot-orders")
class EmbeddedSqsBootTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersListener.class)
    static class App {
    }

    static class OrdersListener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "orders", match = "event.name == 'item.added'")
        void onItemAdded(MegaEvent event) {
            received.add(event.name() + ":" + event.attribute("quantity"));
        }
    }

    @Autowired
    private MegaTemplate template;

    @Autowired
    private OrdersListener listener;

    @Autowired
    private MegaListenerRegistrar registrar;

    @Test
    void theApplicationsOwnListenerReceivesWhatItsTemplatePublishes() {
        template.publish("orders", MegaEvent.builder().name("item.added").timestamp(Instant.now())
                .attribute("quantity", 3).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.contains("item.added:3"));
        assertThat(registrar.containers()).singleElement()
                .satisfies(container -> assertThat(container.queueUrl()).endsWith("/boot-orders"));
    }

    @Test
    void theQueueGotItsDeadLetterQueue() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        assertThat(sqs.client().getQueueAttributes(b -> b.queueUrl(sqs.queueUrl("boot-orders"))
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY))
                .contains("boot-orders-dlq");
    }
}
