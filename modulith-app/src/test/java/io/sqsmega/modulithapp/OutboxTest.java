package io.sqsmega.modulithapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.core.EventPublicationRegistry;

/**
 * {@code @Externalized} events leave through Spring Modulith's JDBC event publication registry and
 * {@code MegaTemplate}, and reach a {@code @MegaListener}; a publication whose send fails stays
 * incomplete and is completed by a resubmission, its listener called once.
 */
@SpringBootTest(properties = "mega.listener.poll-wait=1s")
@EmbeddedSqsTest(faults = true)
class OutboxTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Billing {
        final List<OrderCompleted> billed = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "orders")
        void bill(OrderCompleted order) {
            billed.add(order);
        }
    }

    @Autowired
    OrderService orders;

    @Autowired
    Billing billing;

    @Autowired
    EventPublicationRegistry registry;

    @Autowired
    IncompleteEventPublications incomplete;

    @Autowired
    SqsFaultInjector faults;

    private long billedTimes(String orderId) {
        return billing.billed.stream().filter(order -> order.orderId().equals(orderId)).count();
    }

    private boolean incompleteFor(String orderId) {
        return registry.findIncompletePublications().stream().anyMatch(publication -> isFor(publication, orderId));
    }

    /** Marked failed: the attempt is over (the SDK's retries included), so a resubmission is not refused as a duplicate. */
    private boolean failedFor(String orderId) {
        return registry.findIncompletePublications().stream().anyMatch(publication -> isFor(publication, orderId)
                && publication.getStatus() == EventPublication.Status.FAILED);
    }

    private static boolean isFor(EventPublication publication, String orderId) {
        return publication.getEvent() instanceof OrderCompleted order && order.orderId().equals(orderId);
    }

    @Test
    void anExternalizedEventReachesItsListenerAndItsPublicationCompletes() {
        orders.complete("o-1", "c-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> billedTimes("o-1") == 1);
        assertThat(billing.billed).contains(new OrderCompleted("o-1", "c-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !incompleteFor("o-1"));
    }

    @Test
    void aPublicationWhoseSendFailsStaysIncompleteAndAResubmissionDeliversItOnce() {
        SqsFaultInjector.Injection outage = faults.inject(SqsFault.serverError("SendMessage"));
        try {
            orders.complete("o-2", "c-2");
            await().atMost(Duration.ofSeconds(20)).until(() -> failedFor("o-2"));
        }
        finally {
            outage.close();
        }
        assertThat(billedTimes("o-2")).isZero();

        assertThat(faults.injected("SendMessage")).isGreaterThanOrEqualTo(1);
        incomplete.resubmitIncompletePublications(publication -> isFor(publication, "o-2"));

        await().atMost(Duration.ofSeconds(20)).until(() -> billedTimes("o-2") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !incompleteFor("o-2"));
        // Once: the failed attempts never reached the queue, and the resubmission sent it one time.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> billedTimes("o-2") == 1);
    }
}
