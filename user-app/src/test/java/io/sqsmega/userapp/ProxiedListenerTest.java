package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A listener on a bean that {@code @EnableAsync} puts behind an interface-based proxy (as
 * {@code @Transactional} or an aspect on an interface would): found, and called through the proxy.
 */
@SpringBootTest(properties = {"mega.queues.alerts.name=user-alerts", "mega.listener.poll-wait=1s",
        "spring.aop.proxy-target-class=false"})
@EmbeddedSqsTest
class ProxiedListenerTest {

    /** What the alert handler offers, listener included. */
    public interface Alerts {

        /** @param event an alert */
        void onAlert(MegaEvent event);

        /** @param text what to raise, later */
        void raise(String text);
    }

    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    /** The handler: one listener, one asynchronous method, so it is proxied. */
    public static class AlertHandler implements Alerts {

        @Override
        @MegaListener(queue = "alerts")
        public void onAlert(MegaEvent event) {
            HANDLED.add(event.name());
        }

        @Override
        @Async
        public void raise(String text) {
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncAlerts {
        @Bean
        Alerts alerts() {
            return new AlertHandler();
        }
    }

    @Autowired
    Alerts alerts;

    @Autowired
    MegaTemplate mega;

    @Test
    void theListenerOfAJdkProxiedBeanReceivesItsMessages() {
        assertThat(AopUtils.isJdkDynamicProxy(alerts)).as("the bean is an interface-based proxy").isTrue();
        mega.publish("alerts", MegaEvent.builder().name("disk.full").timestamp(Instant.now()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> HANDLED.contains("disk.full"));
    }
}
