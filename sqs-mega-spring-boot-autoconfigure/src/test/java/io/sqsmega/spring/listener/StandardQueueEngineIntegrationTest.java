package io.sqsmega.spring.listener;

import static io.sqsmega.spring.listener.ListenerTests.awaitEmpty;
import static io.sqsmega.spring.listener.ListenerTests.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.RequestCounter;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The container engine on a standard queue, counted in SQS requests as users pay for them:
 * batched deletes, several receives in flight, every acknowledgement flushed at stop, and nothing
 * settled once the container has stopped.
 */
@ExtendWith(OutputCaptureExtension.class)
class StandardQueueEngineIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final RequestCounter requests = new RequestCounter();

    private ApplicationContextRunner runner(String queueUrl, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, () -> requests.client(sqs))
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s")
                .withPropertyValues(properties);
    }


    @Configuration(proxyBeanMethods = false)
    static class Counting {
        final AtomicInteger handled = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            handled.incrementAndGet();
        }
    }

    @Test
    void aContainerStoppedAndStartedAgainConsumesAgain() {
        // What POST /actuator/mega/{queue} does: stop one queue's container, later start it again.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("restarted")));
        runner(url).withUserConfiguration(Counting.class).run(context -> {
            MegaTemplate template = context.getBean(MegaTemplate.class);
            MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
            template.publishAll(url, events(5));
            await().atMost(DEADLINE).until(() -> context.getBean(Counting.class).handled.get() == 5);

            container.stop();
            assertThat(container.isRunning()).isFalse();
            template.publishAll(url, events(5));
            // Stopped means nothing is received: the five stay visible through more than one poll wait.
            await().during(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> sqs.visibleMessages(url) == 5);
            assertThat(context.getBean(Counting.class).handled.get()).isEqualTo(5);

            container.start();
            assertThat(container.isRunning()).isTrue();
            await().atMost(DEADLINE).until(() -> context.getBean(Counting.class).handled.get() == 10);
            awaitEmpty(sqs, url);
        });
    }

    @Test
    void deletesGoOutInBatchesOfTen() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("batched")));
        runner(url).withUserConfiguration(Counting.class).run(context -> {
            context.getBean(MegaTemplate.class).publishAll(url, events(30));
            await().atMost(DEADLINE).until(() -> context.getBean(Counting.class).handled.get() == 30);
            awaitEmpty(sqs, url);
            assertThat(requests.count("DeleteMessage")).as("single deletes").isZero();
            assertThat(requests.deleteBatchEntries()).isEqualTo(30);
            // 3 full batches; a receive that returns fewer than 10 can split one, hence some room.
            assertThat(requests.count("DeleteMessageBatch")).as("%s", requests).isBetween(3, 6);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Slowish {
        final AtomicInteger handled = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws InterruptedException {
            Thread.sleep(50);
            handled.incrementAndGet();
        }
    }

    @Test
    void severalReceivesAreInFlightWhileThereIsRoom() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("parallel")));
        runner(url, "mega.listener.max-in-flight=40", "mega.listener.messages-per-poll=10")
                .withUserConfiguration(Slowish.class).run(context -> {
                    context.getBean(MegaTemplate.class).publishAll(url, events(200));
                    await().atMost(DEADLINE).until(() -> context.getBean(Slowish.class).handled.get() == 200);
                    assertThat(requests.mostInFlight("ReceiveMessage")).as("ReceiveMessage calls in flight at once")
                            .isGreaterThan(1);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Held {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws InterruptedException {
            calls.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHeartbeatRenewsTheMessagesInWorkTogetherInBatchRequests() {
        // A 2 s visibility timeout, renewed every second: five messages held for 5 s need several rounds.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("beats")).withVisibilityTimeout(Duration.ofSeconds(2)));
        runner(url).withUserConfiguration(Held.class).run(context -> {
            context.getBean(MegaTemplate.class).publishAll(url, events(5));
            Held listener = context.getBean(Held.class);
            await().atMost(DEADLINE).until(() -> listener.calls.get() == 5);
            await().atMost(DEADLINE).until(() -> requests.count("ChangeMessageVisibilityBatch") >= 4);
            listener.release.countDown();
            awaitEmpty(sqs, url);
            assertThat(listener.calls.get()).as("none delivered twice").isEqualTo(5);
            assertThat(requests.count("ChangeMessageVisibility")).as("one request per message").isZero();
        });
    }

    @Test
    void acknowledgementsBelowTheThresholdAreFlushedAtStop() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("flush")));
        // A 1-minute interval: only the stop can send these three deletes.
        runner(url, "mega.listener.acknowledgement-interval=60s").withUserConfiguration(Counting.class).run(context -> {
            context.getBean(MegaTemplate.class).publishAll(url, events(3));
            await().atMost(DEADLINE).until(() -> context.getBean(Counting.class).handled.get() == 3);
            assertThat(sqs.inFlightMessages(url)).as("handled, not yet deleted").isEqualTo(3);
            context.close();
            assertThat(requests.deleteBatchEntries()).isEqualTo(3);
            awaitEmpty(sqs, url);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Overrunning {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> finished = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            // Work that ignores interruption, as much real code does: it goes on after the container stopped.
            while (true) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                    break;
                }
                catch (InterruptedException ex) {
                    // keep working
                }
            }
            finished.add(event.name());
            throw new IllegalStateException("fails after the container stopped");
        }
    }

    @Test
    void aListenerThatOutlivesTheShutdownTimeoutSettlesNothing(CapturedOutput output) {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("overrun")).withVisibilityTimeout(Duration.ofSeconds(3))
                .withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url, "mega.listener.shutdown-timeout=1s").withUserConfiguration(Overrunning.class).run(context -> {
            context.getBean(MegaTemplate.class).publish(url, events(1).get(0));
            await().atMost(DEADLINE).until(() -> sqs.inFlightMessages(url) == 1);
            Overrunning listener = context.getBean(Overrunning.class);
            ((ConfigurableApplicationContext) context).close();
            // The container has stopped; now the listener finishes, and fails. Nothing may settle it.
            listener.release.countDown();
            await().atMost(DEADLINE).until(() -> listener.finished.size() == 1);
            await().atMost(DEADLINE).until(() -> output.getOut().contains("was handled after its container stopped"));
            // Not dead-lettered, not deleted: back on the queue after its visibility timeout.
            await().atMost(DEADLINE).until(() -> sqs.visibleMessages(url) == 1);
            assertThat(sqs.visibleMessages(sqs.queueUrl(spec.deadLetterQueueName()))).isZero();
        });
    }

}
