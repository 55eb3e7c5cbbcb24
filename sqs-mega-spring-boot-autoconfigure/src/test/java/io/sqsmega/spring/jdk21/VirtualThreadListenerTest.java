package io.sqsmega.spring.jdk21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Listener methods on virtual threads when the application turns them on. Needs JDK 21+: the
 * build runs this class in its own test execution on the machine's newer JDK (tag {@code jdk21}).
 */
@Tag("jdk21")
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadListenerTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    /** Where a listener ran. */
    record Ran(String thread, boolean virtual) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Recording {
        final List<Ran> ran = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws ReflectiveOperationException {
            // Thread.isVirtual() is Java 21 API; this module compiles for Java 17.
            Thread current = Thread.currentThread();
            ran.add(new Ran(current.getName(), (Boolean) Thread.class.getMethod("isVirtual").invoke(current)));
        }
    }

    private ApplicationContextRunner runner(String url) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withUserConfiguration(Recording.class)
                .withPropertyValues("test.queue=" + url, "mega.listener.poll-wait=1s");
    }

    private static MegaEvent event() {
        return MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-01-01T00:00:00Z")).build();
    }

    @Test
    void listenersRunOnVirtualThreadsWhenTheApplicationTurnsThemOn() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("virtual")));
        runner(url).withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            context.getBean(MegaTemplate.class).publish(url, event());
            List<Ran> ran = context.getBean(Recording.class).ran;
            await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == 1);
            assertThat(ran.get(0).virtual()).as("ran on %s", ran.get(0).thread()).isTrue();
        });
    }

    @Test
    void listenersRunOnPlatformThreadsOtherwise() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("platform")));
        runner(url).run(context -> {
            context.getBean(MegaTemplate.class).publish(url, event());
            List<Ran> ran = context.getBean(Recording.class).ran;
            await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == 1);
            assertThat(ran.get(0).virtual()).as("ran on %s", ran.get(0).thread()).isFalse();
        });
    }
}
