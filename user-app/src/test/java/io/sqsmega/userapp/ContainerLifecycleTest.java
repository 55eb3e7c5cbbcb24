package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
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

/**
 * Each queue's container is in Spring Cloud AWS's {@code MessageListenerContainerRegistry} as
 * {@code mega-<queue>}; {@code mega.queues.<name>.auto-startup=false} leaves it stopped until it is
 * started from there (a feature flag, a blue/green switch).
 */
@SpringBootTest(properties = {"mega.queues.paused.name=lifecycle-paused", "mega.queues.paused.auto-startup=false",
        "mega.queues.live.name=lifecycle-live", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest
class ContainerLifecycleTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final List<String> paused = new CopyOnWriteArrayList<>();
        final List<String> live = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "paused")
        void onPaused(MegaEvent event) {
            paused.add(event.name());
        }

        @MegaListener(queue = "live")
        void onLive(MegaEvent event) {
            live.add(event.name());
        }
    }

    @Autowired
    MessageListenerContainerRegistry registry;

    @Autowired
    MegaTemplate mega;

    @Autowired
    Listeners listeners;

    static MegaEvent event(String name) {
        return MegaEvent.builder().name(name).timestamp(Instant.now()).build();
    }

    @Test
    void aQueueThatDoesNotStartWithTheApplicationConsumesNothingUntilStartedFromTheRegistry() {
        MessageListenerContainer<?> paused = registry.getContainerById("mega-paused");
        MessageListenerContainer<?> live = registry.getContainerById("mega-live");
        assertThat(paused).isNotNull();
        assertThat(live).isNotNull();
        assertThat(paused.isRunning()).isFalse();
        assertThat(paused.isAutoStartup()).isFalse();
        assertThat(live.isRunning()).isTrue();

        mega.publish("paused", event("while.paused"));
        mega.publish("live", event("while.live"));
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.live.contains("while.live"));
        String url = EmbeddedSqs.shared().queueUrl("lifecycle-paused");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> listeners.paused.isEmpty() && EmbeddedSqs.shared().visibleMessages(url) == 1);

        paused.start();
        assertThat(paused.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.paused.contains("while.paused"));

        paused.stop();
        assertThat(paused.isRunning()).isFalse();
    }
}
