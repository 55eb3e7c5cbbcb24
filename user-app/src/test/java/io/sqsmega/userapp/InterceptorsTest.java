package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.listener.interceptor.AsyncMessageInterceptor;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.spring.listener.MegaListenerErrorHandler;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;

/**
 * Spring Cloud AWS interceptor beans run around each message of our containers as they do around
 * {@code @SqsListener} methods: in their order, {@code intercept} before the listeners (what it puts in the
 * MDC is there in the listener), {@code afterProcessing} after, with the listener's failure.
 */
@SpringBootTest(properties = {"mega.queues.orders.name=intercepted-orders", "mega.listener.poll-wait=1s",
        "mega.listener.fatal-policy=delete", "mega.listener.retry.initial=1s", "mega.listener.retry.jitter=0"})
@EmbeddedSqsTest
class InterceptorsTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Interception {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, String> tenantInListener = new ConcurrentHashMap<>();
        final Map<String, Object> afterProcessing = new ConcurrentHashMap<>();

        @Bean
        @Order(2)
        AsyncMessageInterceptor<Object> auditInterceptor() {
            return new AsyncMessageInterceptor<>() {
                @Override
                public CompletableFuture<Message<Object>> intercept(Message<Object> message) {
                    calls.add("audit " + message.getHeaders().get("Sqs_RawMessageId"));
                    return CompletableFuture.completedFuture(message);
                }
            };
        }

        @Bean
        @Order(1)
        MessageInterceptor<Object> tenantInterceptor() {
            return new MessageInterceptor<>() {
                @Override
                public Message<Object> intercept(Message<Object> message) {
                    calls.add("tenant " + message.getHeaders().get("Sqs_RawMessageId"));
                    MDC.put("tenant", String.valueOf(message.getHeaders().get("tenant")));
                    return message;
                }

                @Override
                public void afterProcessing(Message<Object> message, Throwable failure) {
                    afterProcessing.put(String.valueOf(message.getHeaders().get("Sqs_RawMessageId")),
                            failure == null ? "none" : failure);
                    MDC.remove("tenant");
                }
            };
        }

        final List<Integer> busyAttempts = new CopyOnWriteArrayList<>();

        /** The application's own rule: "busy" means try again later, whatever the exception type says. */
        @Bean
        MegaListenerErrorHandler busyMeansLater() {
            return (listener, message, failure, proposed) -> failure.getMessage().startsWith("busy")
                    ? ProcessStatus.RETRY_LATER : proposed;
        }

        @MegaListener(queue = "orders")
        void onOrder(MegaEvent event, io.sqsmega.spring.MegaMessage message) {
            tenantInListener.put(message.messageId(), String.valueOf(MDC.get("tenant")));
            if (event.name().equals("order.broken")) {
                throw new IllegalStateException("boom");
            }
            if (event.name().equals("order.busy")) {
                busyAttempts.add(message.receiveCount());
                if (message.receiveCount() == 1) {
                    throw new IllegalStateException("busy, try later");
                }
            }
        }
    }

    @Autowired
    Interception interception;

    @Autowired
    MegaTemplate mega;

    @Test
    void interceptorsRunInOrderAroundTheListenersWithTheMdcTheySetAndTheFailure() {
        String ok = mega.publish("orders", MegaEvent.builder().name("order.ok").timestamp(Instant.now()).build(),
                PublishOptions.builder().attribute("tenant", "acme").build());
        String broken = mega.publish("orders", MegaEvent.builder().name("order.broken").timestamp(Instant.now()).build(),
                PublishOptions.builder().attribute("tenant", "globex").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> interception.afterProcessing.keySet().containsAll(List.of(ok, broken)));

        assertThat(interception.tenantInListener).containsEntry(ok, "acme").containsEntry(broken, "globex");
        assertThat(interception.afterProcessing.get(ok)).isEqualTo("none");
        assertThat(interception.afterProcessing.get(broken)).isInstanceOfSatisfying(IllegalStateException.class,
                failure -> assertThat(failure).hasMessage("boom"));
        // The error handler turned the first "busy" failure, fatal by its type, into a retry.
        mega.publish("orders", MegaEvent.builder().name("order.busy").timestamp(Instant.now()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> interception.busyAttempts.contains(2));
        assertThat(interception.busyAttempts).containsExactly(1, 2);

        for (String id : List.of(ok, broken)) {
            assertThat(interception.calls).filteredOn(call -> call.endsWith(id)).containsExactly("tenant " + id, "audit " + id);
        }
    }
}
