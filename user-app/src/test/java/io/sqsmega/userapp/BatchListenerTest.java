package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.spring.BatchPublishResult;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.messaging.Message;

/**
 * Batch listeners: per poll, the messages that matched, in one call; per-message outcomes by the
 * returned list; an exception retries the batch; the queue's other listeners still see each message.
 * The queues start stopped so that what was published waits on the queue and one poll takes it all.
 */
@SpringBootTest(properties = {"mega.queues.orders.name=batch-orders", "mega.queues.orders.auto-startup=false",
        "mega.queues.imports.name=batch-imports", "mega.queues.imports.auto-startup=false",
        "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "batch-orders")
class BatchListenerTest {

    record Order(String orderId, int quantity) {
    }

    /** Stands for a system that takes orders in bulk; remembers the orders of each bulk reservation. */
    static class Warehouse {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final List<String> busy = new CopyOnWriteArrayList<>(List.of("o-busy"));

        void startBulk() {
            calls.add(new CopyOnWriteArrayList<>());
        }

        boolean reserve(Order order) {
            calls.get(calls.size() - 1).add(order.orderId());
            if (order.orderId().equals("o-broken")) {
                throw new IllegalArgumentException("no such product");
            }
            return !busy.remove(order.orderId());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final Warehouse warehouse = new Warehouse();
        final List<String> audited = new CopyOnWriteArrayList<>();
        final List<List<Integer>> imports = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "orders", match = "data.quantity > 0", batch = true, retryInitial = "1s")
        List<ProcessStatus> onOrders(List<Message<Order>> orders) {
            warehouse.startBulk();
            List<ProcessStatus> statuses = new ArrayList<>();      // one per order, in the same order
            for (Message<Order> order : orders) {
                try {
                    statuses.add(warehouse.reserve(order.getPayload()) ? ProcessStatus.DONE : ProcessStatus.RETRY_LATER);
                }
                catch (IllegalArgumentException ex) {
                    statuses.add(ProcessStatus.FATAL_ERROR);       // dead-lettered with the reason; the rest go on
                }
            }
            return statuses;
        }

        @MegaListener(queue = "orders")
        void audit(Order order) {
            audited.add(order.orderId());
        }

        @MegaListener(queue = "imports", retryInitial = "1s")
        void onImports(List<Message<String>> lines) {
            imports.add(lines.stream().map(line -> (Integer) line.getHeaders().get("Sqs_Msa_ApproximateReceiveCount"))
                    .toList());
            if (imports.size() == 1) {
                throw new IllegalStateException("the database is away");
            }
        }
    }

    @Autowired
    Listeners listeners;

    @Autowired
    MegaTemplate mega;

    @Autowired
    MessageListenerContainerRegistry registry;

    @Test
    void aPollsMatchingMessagesComeInOneCallAndEachIsSettledByItsOwnStatus() {
        BatchPublishResult sent = mega.publishAll("orders", List.of(new Order("o-1", 1), new Order("o-none", 0),
                new Order("o-busy", 2), new Order("o-broken", 3), new Order("o-4", 4), new Order("o-zero", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                EmbeddedSqs.shared().visibleMessages(EmbeddedSqs.shared().queueUrl("batch-orders")) == 6);

        registry.getContainerById("mega-orders").start();

        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.warehouse.calls.size() == 2);
        // One call for the poll's four matching messages (in the order received: a standard queue keeps none); none
        // for quantity 0.
        assertThat(listeners.warehouse.calls.get(0)).containsExactlyInAnyOrder("o-1", "o-busy", "o-broken", "o-4");
        // Retried alone, after its backoff: the others were settled by their own status.
        assertThat(listeners.warehouse.calls.get(1)).containsExactly("o-busy");
        software.amazon.awssdk.services.sqs.model.Message letter = DeadLetters.awaitLetter("batch-orders-dlq",
                sent.entries().get(3).messageId());
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .isEqualTo("failed in Listeners.onOrders answered FATAL_ERROR");
        String url = EmbeddedSqs.shared().queueUrl("batch-orders");
        await().atMost(Duration.ofSeconds(20)).until(() -> EmbeddedSqs.shared().isEmpty(url));
        // The other listener of the queue saw every message, the retried one twice.
        assertThat(listeners.audited).containsExactlyInAnyOrder("o-1", "o-none", "o-busy", "o-broken", "o-4", "o-zero",
                "o-busy");
    }

    @Test
    void anExceptionRetriesEveryMessageOfTheBatch() {
        mega.publishAll("imports", List.of("line 1", "line 2", "line 3"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                EmbeddedSqs.shared().visibleMessages(EmbeddedSqs.shared().queueUrl("batch-imports")) == 3);

        registry.getContainerById("mega-imports").start();

        // Each comes back after its own (jittered) backoff, so the retries may arrive in one poll or in several.
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.imports.stream().mapToInt(List::size).sum() == 6);
        assertThat(listeners.imports.get(0)).containsExactly(1, 1, 1);
        assertThat(listeners.imports.subList(1, listeners.imports.size())).allSatisfy(retried ->
                assertThat(retried).containsOnly(2));
        String url = EmbeddedSqs.shared().queueUrl("batch-imports");
        await().atMost(Duration.ofSeconds(20)).until(() -> EmbeddedSqs.shared().isEmpty(url));
    }
}
