package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.AfterCommitPublishFailedEvent;
import io.sqsmega.spring.BatchPublishResult;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishDroppedException;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.TransactionMode;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishing inside a {@code @Transactional} service method, as a service that writes to its own
 * database and publishes an event does: H2 and {@code JdbcTemplate}, Boot's own transaction manager,
 * the starter's defaults ({@code mega.publish.transactional=after-commit}).
 */
@SpringBootTest(properties = {"mega.queues.orders.name=tx-orders", "mega.queues.ordered.name=tx-ordered.fifo",
        "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(faults = true)
class TransactionalPublishingTest {

    static final String ORDERS = "tx-orders";

    @TestConfiguration(proxyBeanMethods = false)
    static class Shop {

        final List<String> received = new CopyOnWriteArrayList<>();
        /** For each order received, whether the listener found its row: only after a commit is it there. */
        final Map<String, Boolean> rowSeenByListener = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> ordered = new CopyOnWriteArrayList<>();
        final List<AfterCommitPublishFailedEvent> failures = new CopyOnWriteArrayList<>();

        @Autowired
        JdbcTemplate jdbc;

        @Bean
        OrderService orderService(JdbcTemplate jdbc, MegaTemplate mega, ApplicationEventPublisher events,
                SqsFaultInjector sqs) {
            return new OrderService(jdbc, mega, events, sqs);
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @MegaListener(queue = "orders")
        void onOrder(MegaEvent event) {
            String id = event.subject();
            rowSeenByListener.put(id, jdbc.queryForObject("select count(*) from orders where id = ?", Integer.class, id) == 1);
            received.add(id);
        }

        @MegaListener(queue = "ordered")
        void onOrdered(String step) {
            ordered.add(step);
        }

        @EventListener
        void onPublishFailed(AfterCommitPublishFailedEvent failure) {
            failures.add(failure);
        }
    }

    /** A user's service: one transaction writes the order and publishes that it was placed. */
    public static class OrderService {

        private final JdbcTemplate jdbc;
        private final MegaTemplate mega;
        private final ApplicationEventPublisher events;
        private final SqsFaultInjector sqs;
        // Read through getters: the test holds the transactional proxy, whose own fields are never set.
        private volatile long sentWhileOpen = -1;
        private volatile String lastMessageId;
        private volatile CompletableFuture<String> lastSent;

        OrderService(JdbcTemplate jdbc, MegaTemplate mega, ApplicationEventPublisher events, SqsFaultInjector sqs) {
            this.sqs = sqs;
            this.jdbc = jdbc;
            this.mega = mega;
            this.events = events;
        }

        @Transactional
        public String place(String id, PublishOptions options, boolean fail) {
            jdbc.update("insert into orders (id) values (?)", id);
            long sendsBefore = sqs.requests("SendMessage");
            String messageId = mega.publish("orders", placed(id), options);
            lastMessageId = messageId;
            sentWhileOpen = sqs.requests("SendMessage") - sendsBefore;
            if (fail) {
                throw new IllegalStateException("payment declined for " + id);
            }
            return messageId;
        }

        /** The README's example. */
        @Transactional
        public void placeOrder(String orderId, boolean paymentDeclined) {
            jdbc.update("insert into orders (id) values (?)", orderId);
            mega.publish("orders", MegaEvent.builder().name("order.placed").subject(orderId).timestampNow().build());
            if (paymentDeclined) {
                // The row is rolled back, and no listener ever hears of the order.
                throw new IllegalStateException("payment declined for " + orderId);
            }
        }

        /** @return SendMessage requests that reached SQS between the publish of the last {@link #place} and its end */
        public long sentWhileOpen() {
            return sentWhileOpen;
        }

        /** @return what the last {@link #place} got from {@code publish} */
        public String lastMessageId() {
            return lastMessageId;
        }

        /** @return what the last {@link #placeAsync} got from {@code publishAsync} */
        public CompletableFuture<String> lastSent() {
            return lastSent;
        }

        @Transactional
        public CompletableFuture<String> placeAsync(String id, boolean fail) {
            jdbc.update("insert into orders (id) values (?)", id);
            CompletableFuture<String> sent = mega.publishAsync("orders", placed(id));
            lastSent = sent;
            if (fail) {
                throw new IllegalStateException("payment declined for " + id);
            }
            return sent;
        }

        @Transactional
        public BatchPublishResult placeInOrder(List<String> steps) {
            BatchPublishResult all = mega.publishAll("ordered", steps.subList(0, 2),
                    PublishOptions.builder().messageGroupId("cart-1").deduplicationId("first-two").build());
            for (String step : steps.subList(2, steps.size())) {
                mega.publish("ordered", step, PublishOptions.builder().messageGroupId("cart-1").deduplicationId(step).build());
            }
            return all;
        }

        /** Publishes an application event that an after-commit listener turns into a MEGA event. */
        @Transactional
        public void placeAndAnnounce(String id) {
            jdbc.update("insert into orders (id) values (?)", id);
            events.publishEvent(new OrderPlaced(id));
        }
    }

    record OrderPlaced(String id) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Announcer {
        @Autowired
        MegaTemplate mega;

        /** Runs after the commit, when Spring has already cleared the transaction's synchronizations. */
        @TransactionalEventListener
        void announce(OrderPlaced placed) {
            mega.publish("orders", placed(placed.id()));
        }
    }

    static MegaEvent placed(String id) {
        return MegaEvent.builder().name("order.placed").subject(id).timestamp(Instant.now()).build();
    }

    static long sqsMessages(String queueName) {
        String url = EmbeddedSqs.shared().queueUrl(queueName);
        return EmbeddedSqs.shared().visibleMessages(url) + EmbeddedSqs.shared().inFlightMessages(url);
    }

    @Autowired
    OrderService service;

    @Autowired
    Shop shop;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SqsFaultInjector faults;

    @BeforeEach
    void schema() {
        jdbc.execute("create table if not exists orders (id varchar(64) primary key)");
    }

    private double deferred(String outcome) {
        var counter = meters.find("sqs.mega.publish.deferred").tag("destination", "orders").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        double dropped = deferred("dropped");
        assertThatThrownBy(() -> service.place("o-rolled-back", PublishOptions.defaults(), true))
                .hasMessageContaining("payment declined");
        assertThat(jdbc.queryForObject("select count(*) from orders where id = 'o-rolled-back'", Integer.class)).isZero();
        assertThat(service.sentWhileOpen()).isZero();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> sqsMessages(ORDERS) == 0 && !shop.received.contains("o-rolled-back"));
        assertThat(deferred("dropped")).isEqualTo(dropped + 1);
    }

    @Test
    void aCommittedTransactionPublishesAfterTheCommitAndItsListenerFindsTheRow() {
        String messageId = service.place("o-committed", PublishOptions.defaults(), false);
        assertThat(messageId).as("no message id exists before the commit").isNull();
        assertThat(service.sentWhileOpen()).as("messages sent while the transaction was open").isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("o-committed"));
        assertThat(shop.rowSeenByListener).containsEntry("o-committed", true);
    }

    @Test
    void theReadmeExampleAnnouncesOnlyTheOrderThatWasCommitted() {
        assertThatThrownBy(() -> service.placeOrder("o-readme-declined", true)).hasMessageContaining("payment declined");
        service.placeOrder("o-readme-paid", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("o-readme-paid"));
        assertThat(shop.rowSeenByListener).containsEntry("o-readme-paid", true);
        assertThat(shop.received).doesNotContain("o-readme-declined");
    }

    @Test
    void theAsyncFutureCompletesAfterTheCommitOrSaysTheMessageWasDropped() throws Exception {
        CompletableFuture<String> sent = service.placeAsync("o-async", false);
        assertThat(sent.get(20, TimeUnit.SECONDS)).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("o-async"));

        assertThatThrownBy(() -> service.placeAsync("o-async-rolled-back", true)).hasMessageContaining("payment declined");
        assertThatThrownBy(() -> service.lastSent().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PublishDroppedException.class).hasMessageContaining("rolled back");
    }

    @Test
    void immediateSendsAtOnceEvenIfTheTransactionThenRollsBack() {
        PublishOptions immediate = PublishOptions.builder().transactionMode(TransactionMode.IMMEDIATE).build();
        assertThatThrownBy(() -> service.place("o-immediate", immediate, true)).hasMessageContaining("payment declined");
        assertThat(service.lastMessageId()).as("sent inside the transaction").isNotNull();
        assertThat(service.sentWhileOpen()).isOne();
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("o-immediate"));
        assertThat(shop.rowSeenByListener).containsEntry("o-immediate", false);
    }

    @Test
    void aTransactionsPublishesToAFifoGroupKeepTheirOrder() {
        List<String> steps = List.of("step-1", "step-2", "step-3", "step-4", "step-5");
        BatchPublishResult all = service.placeInOrder(steps);
        assertThat(all.deferred()).isTrue();
        assertThat(all.allSucceeded()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.ordered.size() >= steps.size());
        assertThat(shop.ordered).containsExactlyElementsOf(steps);
    }

    @Test
    void aPublishFromAnAfterCommitListenerIsSentNotHeldByTheFinishedTransaction() {
        service.placeAndAnnounce("o-announced");
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("o-announced"));
        assertThat(shop.rowSeenByListener).containsEntry("o-announced", true);
    }

    @Test
    void aSendThatFailsAfterTheCommitIsLoggedCountedAndPublishedAsAnEvent() {
        double failed = deferred("failed");
        SqsFaultInjector.Injection outage = faults.inject(SqsFault.serverError("SendMessage"));
        try {
            service.place("o-lost", PublishOptions.defaults(), false);
            await().atMost(Duration.ofSeconds(20)).until(() -> shop.failures.stream()
                    .anyMatch(failure -> failure.destination().equals("orders")));
        }
        finally {
            outage.close();
        }
        AfterCommitPublishFailedEvent failure = shop.failures.stream()
                .filter(each -> each.destination().equals("orders")).findFirst().orElseThrow();
        assertThat(failure.payloads()).singleElement().isInstanceOfSatisfying(MegaEvent.class,
                event -> assertThat(event.subject()).isEqualTo("o-lost"));
        assertThat(failure.failure()).hasMessageContaining("orders");
        assertThat(deferred("failed")).isEqualTo(failed + 1);
        assertThat(jdbc.queryForObject("select count(*) from orders where id = 'o-lost'", Integer.class)).isOne();
    }
}
