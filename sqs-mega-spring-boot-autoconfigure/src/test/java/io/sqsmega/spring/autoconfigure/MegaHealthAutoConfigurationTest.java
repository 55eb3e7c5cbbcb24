package io.sqsmega.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.health.MegaListenersHealthIndicator;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The {@code mega} health indicator on real containers: UP while polling, DOWN when SQS is gone. */
class MegaHealthAutoConfigurationTest {

    static class Listener {
        @MegaListener(queue = "${test.queue}")
        void onText(String text) {
        }
    }

    private static ApplicationContextRunner runner(EmbeddedSqs sqs, String queue) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class, MegaHealthAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withUserConfiguration(Listener.class)
                .withPropertyValues("test.queue=" + queue, "mega.listener.poll-wait=1s");
    }

    @Test
    void upWithOneDetailPerQueueWhileTheContainersPoll() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String queue = sqs.uniqueName("health");
        sqs.createQueue(QueueSpec.standard(queue));
        runner(sqs, queue).run(context -> {
            Health health = context.getBean("megaHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("queues")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                    .extractingByKey(queue).isEqualTo(Map.of("url", sqs.queueUrl(queue), "running", true,
                            "inFlight", 0, "consecutivePollFailures", 0));
        });
    }

    @Test
    void aQueueLeftStoppedAtStartupIsReportedSoAndTheApplicationStaysUp() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String queue = sqs.uniqueName("health-paused");
        sqs.createQueue(QueueSpec.standard(queue));
        runner(sqs, "paused").withPropertyValues("mega.queues.paused.name=" + queue, "mega.queues.paused.auto-startup=false")
                .run(context -> {
                    Health health = context.getBean("megaHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails().get("queues")).asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                            .extractingByKey("paused").isEqualTo(Map.of("url", sqs.queueUrl(queue), "running", false,
                                    "autoStartup", false, "inFlight", 0, "consecutivePollFailures", 0));
                });
    }

    @Test
    void downWithTheReasonWhenTheQueueCannotBeReceivedFrom() {
        EmbeddedSqs sqs = EmbeddedSqs.start();
        String queue = sqs.uniqueName("health-down");
        sqs.createQueue(QueueSpec.standard(queue));
        runner(sqs, queue).run(context -> {
            HealthIndicator indicator = context.getBean("megaHealthIndicator", HealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            sqs.close(); // the endpoint goes away under a running container

            // Three failed receives in a row, with the 1 s, 2 s pauses between them.
            await().atMost(Duration.ofSeconds(30)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) ((Map<String, Object>) indicator.health().getDetails()
                    .get("queues")).get(queue);
            assertThat((int) detail.get("consecutivePollFailures"))
                    .isGreaterThanOrEqualTo(MegaListenersHealthIndicator.FAILURES_FOR_DOWN);
            assertThat(detail.get("lastPollFailure")).asString().isNotBlank();
        });
    }

    @Test
    void canBeTurnedOffOrReplacedAndNeedsSpringBootHealth() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String queue = sqs.uniqueName("health-off");
        sqs.createQueue(QueueSpec.standard(queue));
        runner(sqs, queue).withPropertyValues("management.health.mega.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("megaHealthIndicator"));
        runner(sqs, queue).withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("megaHealthIndicator"));
        HealthIndicator own = () -> Health.up().build();
        runner(sqs, queue).withBean("megaHealthIndicator", HealthIndicator.class, () -> own)
                .run(context -> assertThat(context.getBean("megaHealthIndicator")).isSameAs(own));
    }
}
