package io.sqsmega.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.MessageExecutionThreadFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.listener.ListenerExecution;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Where listener methods run and when they are observed, as the auto-configuration decides it. */
class ListenerExecutionAutoConfigurationTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
            .withBean(SqsAsyncClient.class, sqs::newAsyncClient);

    @Test
    void aPoolPerQueueAndNoObservationByDefault() {
        runner.run(context -> assertThat(context.getBean(ListenerExecution.class)).isEqualTo(ListenerExecution.DEFAULT));
    }

    @Test
    void observedOnlyWhenTracingIsThereAndNotTurnedOff() {
        ObservationRegistry registry = ObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> registry).run(context -> assertThat(
                context.getBean(ListenerExecution.class).observationRegistry()).as("no tracer").isSameAs(ObservationRegistry.NOOP));
        runner.withBean(ObservationRegistry.class, () -> registry).withBean(Tracer.class, () -> Tracer.NOOP)
                .run(context -> assertThat(context.getBean(ListenerExecution.class).observationRegistry()).isSameAs(registry));
        runner.withBean(ObservationRegistry.class, () -> registry).withBean(Tracer.class, () -> Tracer.NOOP)
                .withPropertyValues("mega.tracing.enabled=false")
                .run(context -> assertThat(context.getBean(ListenerExecution.class).observationRegistry())
                        .isSameAs(ObservationRegistry.NOOP));
    }

    @Test
    void canBeReplaced() {
        ListenerExecution own = new ListenerExecution(null, false, ObservationRegistry.NOOP);
        runner.withBean(ListenerExecution.class, () -> own)
                .run(context -> assertThat(context.getBean(ListenerExecution.class)).isSameAs(own));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnExecutor {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Bean(MegaAutoConfiguration.LISTENER_TASK_EXECUTOR)
        TaskExecutor megaListenerTaskExecutor() {
            MessageExecutionThreadFactory threads = new MessageExecutionThreadFactory();
            threads.setThreadNamePrefix("our-pool-");
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setThreadFactory(threads);
            executor.setCorePoolSize(4);
            return executor;
        }

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void listenerMethodsRunOnAnExecutorBeanNamedMegaListenerTaskExecutor() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("own-executor")));
        runner.withUserConfiguration(OwnExecutor.class).withPropertyValues("test.queue=" + url, "mega.listener.poll-wait=1s")
                .run(context -> {
                    assertThat(context.getBean(ListenerExecution.class).taskExecutor())
                            .isSameAs(context.getBean(MegaAutoConfiguration.LISTENER_TASK_EXECUTOR));
                    context.getBean(MegaTemplate.class).publish(url, MegaEvent.builder().name("item.added")
                            .timestamp(Instant.parse("2020-01-01T00:00:00Z")).build());
                    List<String> threads = context.getBean(OwnExecutor.class).threads;
                    await().atMost(Duration.ofSeconds(20)).until(() -> threads.size() == 1);
                    assertThat(threads.get(0)).startsWith("our-pool-");
                });
    }
}
