package io.sqsmega.spring.listener;

import static io.sqsmega.spring.listener.ListenerTests.awaitEmpty;
import static io.sqsmega.spring.listener.ListenerTests.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The engine with SQS failing under it, through {@link SqsFaultInjector} between the application's
 * client and the embedded SQS: outages longer than the SDK's own retries and shorter than the
 * visibility timeout lose nothing and handle nothing twice; what cannot be helped is counted.
 * Each test failed before the fix it names (the faults issue's paths).
 */
@ExtendWith(OutputCaptureExtension.class)
class EngineUnderFaultsIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(40);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final SqsFaultInjector faults = SqsFaultInjector.inFrontOf(sqs.endpoint());

    @AfterEach
    void close() {
        faults.close();
    }

    private ApplicationContextRunner runner(String queueUrl, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, () -> SqsAsyncClient.builder().endpointOverride(faults.endpoint())
                        .region(EmbeddedSqs.REGION).credentialsProvider(EmbeddedSqs.credentials()).build())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s")
                .withPropertyValues(properties);
    }


    private static double counter(MeterRegistry registry, String name, String reason) {
        return registry.find(name).tag("reason", reason).counters().stream().mapToDouble(c -> c.count()).sum();
    }


    /** Counts handlings per message, and holds each until released. */
    @Configuration(proxyBeanMethods = false)
    static class Held {
        final CountDownLatch release = new CountDownLatch(1);
        final Map<Object, AtomicInteger> handled = new ConcurrentHashMap<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws InterruptedException {
            handled.computeIfAbsent(event.attribute("n"), n -> new AtomicInteger()).incrementAndGet();
            release.await(60, TimeUnit.SECONDS);
        }

        int calls() {
            return handled.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @Test
    void aRenewalThatFailsIsTriedAgainBeforeTheVisibilityRunsOut() {
        // Path 1. Visibility 4 s, renewed after 2 s. The renewal fails for 3 s (beyond the SDK's retries); before
        // the fix the next one was due only 2 s later, after the visibility had run out, so SQS delivered the
        // message again while its listener still ran.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("renew")).withVisibilityTimeout(Duration.ofSeconds(4)));
        // Room for polls beside the three held messages (a poll asks for 10 permits), so a message SQS makes visible
        // again is received again.
        runner(url, "mega.listener.max-in-flight=20").withUserConfiguration(Held.class).run(context -> {
            Held listener = context.getBean(Held.class);
            context.getBean(MegaTemplate.class).publishAll(url, events(3));
            await().atMost(DEADLINE).until(() -> listener.calls() == 3);
            faults.inject(SqsFault.serverError("ChangeMessageVisibilityBatch").lasting(Duration.ofSeconds(3)));
            // Three visibility timeouts while the listeners hold their messages: none is delivered again.
            await().during(Duration.ofSeconds(12)).atMost(DEADLINE).until(() -> listener.calls() == 3);
            assertThat(faults.injected("ChangeMessageVisibilityBatch")).as("renewals refused").isPositive();
            listener.release.countDown();
            awaitEmpty(sqs, url);
            assertThat(listener.handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(counter(context.getBean(MeterRegistry.class), "sqs.mega.unsettled", "heartbeat_lapsed")).isZero();
        });
    }

    @Test
    void aRenewalThatFailsUntilTheVisibilityRunsOutIsCountedAndLogged(CapturedOutput output) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("lapse")).withVisibilityTimeout(Duration.ofSeconds(2)));
        runner(url).withUserConfiguration(Held.class).run(context -> {
            Held listener = context.getBean(Held.class);
            context.getBean(MegaTemplate.class).publish(url, events(1).get(0));
            await().atMost(DEADLINE).until(() -> listener.calls() == 1);
            faults.inject(SqsFault.serverError("ChangeMessageVisibilityBatch"));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(DEADLINE).until(() -> counter(registry, "sqs.mega.unsettled", "heartbeat_lapsed") == 1);
            assertThat(output.getOut()).contains("Could not extend the visibility of message");
            faults.clear();
            listener.release.countDown();
            awaitEmpty(sqs, url);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Counting {
        final Map<Object, AtomicInteger> handled = new ConcurrentHashMap<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            handled.computeIfAbsent(event.attribute("n"), n -> new AtomicInteger()).incrementAndGet();
        }

        int calls() {
            return handled.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @Test
    void deletesThatFailForAWhileAreSentAgainAndCountedOnceSqsConfirms() {
        // Path 3. Before the fix a failed DeleteMessageBatch was logged and forgotten: every message came back after
        // its visibility timeout and was handled again.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("deletes")).withVisibilityTimeout(Duration.ofSeconds(10)));
        runner(url).withUserConfiguration(Counting.class).run(context -> {
            Counting listener = context.getBean(Counting.class);
            SqsFaultInjector.Injection outage = faults.inject(SqsFault.serverError("DeleteMessageBatch")
                    .lasting(Duration.ofSeconds(3)));
            context.getBean(MegaTemplate.class).publishAll(url, events(20));
            awaitEmpty(sqs, url);
            assertThat(outage.applied()).as("delete requests refused").isPositive();
            // A visibility timeout later, still nothing came back.
            await().during(Duration.ofSeconds(11)).atMost(DEADLINE).until(() -> listener.calls() == 20);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(counter(registry, "sqs.mega.deleted", "done")).isEqualTo(20);
            assertThat(counter(registry, "sqs.mega.unsettled", "delete_failed")).isZero();
        });
    }

    @Test
    void failedEntriesOfADeleteBatchAreSentAgain() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("entries")).withVisibilityTimeout(Duration.ofSeconds(10)));
        runner(url).withUserConfiguration(Counting.class).run(context -> {
            Counting listener = context.getBean(Counting.class);
            SqsFaultInjector.Injection failing = faults.inject(SqsFault.failedEntries("DeleteMessageBatch").fraction(0.5)
                    .lasting(Duration.ofSeconds(2)));
            context.getBean(MegaTemplate.class).publishAll(url, events(20));
            awaitEmpty(sqs, url);
            assertThat(failing.applied()).isPositive();
            await().during(Duration.ofSeconds(11)).atMost(DEADLINE).until(() -> listener.calls() == 20);
            assertThat(counter(context.getBean(MeterRegistry.class), "sqs.mega.deleted", "done")).isEqualTo(20);
        });
    }

    @Test
    void deletesThatFailUntilTheVisibilityRunsOutAreCountedAsUnsettledNotDeleted(CapturedOutput output) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("undeleted")).withVisibilityTimeout(Duration.ofSeconds(3)));
        runner(url).withUserConfiguration(Counting.class).run(context -> {
            Counting listener = context.getBean(Counting.class);
            faults.inject(SqsFault.serverError("DeleteMessageBatch"));
            context.getBean(MegaTemplate.class).publishAll(url, events(2));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(DEADLINE).until(() -> counter(registry, "sqs.mega.unsettled", "delete_failed") >= 2);
            assertThat(counter(registry, "sqs.mega.deleted", "done")).isZero();
            assertThat(output.getOut()).contains("Could not delete message");
            // SQS delivers them again (the fault still on, so that no delete sent late can take meanwhile:
            // ElasticMQ, unlike SQS, deletes with a stale receipt handle) ...
            await().atMost(DEADLINE).until(() -> listener.calls() >= 4);
            // ... and once deletes work again, they go.
            faults.clear();
            awaitEmpty(sqs, url);
        });
    }

    /** Fails for good, after the container was stopped and started again. */
    @Configuration(proxyBeanMethods = false)
    static class Overrunning {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            if (started.incrementAndGet() == 1) {
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
                finished.incrementAndGet();
                throw new IllegalStateException("fails after its container run stopped");
            }
            finished.incrementAndGet();
        }
    }

    @Test
    void aListenerLeftOverFromAStoppedRunSettlesNothingThroughTheNextRun(CapturedOutput output) {
        // Path 4. Before the fix the restarted container reopened the one gate, and the leftover listener's
        // dead-letter settlement went through: a copy in the DLQ, and the acknowledgement dropped by the old run's
        // stopped processor, so the message was back on the queue as well.
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("restart")).withVisibilityTimeout(Duration.ofSeconds(3))
                .withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url, "mega.listener.shutdown-timeout=1s").withUserConfiguration(Overrunning.class).run(context -> {
            Overrunning listener = context.getBean(Overrunning.class);
            MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
            context.getBean(MegaTemplate.class).publish(url, events(1).get(0));
            await().atMost(DEADLINE).until(() -> listener.started.get() == 1);
            container.stop();
            container.start();
            listener.release.countDown();
            await().atMost(DEADLINE).until(() -> output.getOut().contains("was handled after its container stopped"));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(counter(registry, "sqs.mega.unsettled", "after_stop")).isEqualTo(1);
            // Not dead-lettered: SQS delivers it again, to the new run, which handles it (the second call succeeds).
            await().atMost(DEADLINE).until(() -> listener.finished.get() == 2);
            awaitEmpty(sqs, url);
            assertThat(sqs.visibleMessages(sqs.queueUrl(spec.deadLetterQueueName()))).isZero();
        });
    }

    /** Fails for good at once: the message is dead-lettered. */
    @Configuration(proxyBeanMethods = false)
    static class Failing {
        final AtomicInteger calls = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("poison");
        }
    }

    @Test
    void anAcknowledgementMadeWhileTheContainerStopsIsNotDropped() {
        // Path 5. The dead-letter send takes 1.5 s; the stop gives up waiting for the listener after 1 s and stops the
        // acknowledgement processor, which waits up to 1 s more for settlements under way. Before the fix the
        // processor was marked stopped before that wait, so the acknowledgement after the send was dropped: the
        // message in the DLQ and on the queue.
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("stopping")).withVisibilityTimeout(Duration.ofSeconds(30))
                .withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url, "mega.listener.shutdown-timeout=1s").withUserConfiguration(Failing.class).run(context -> {
            faults.inject(SqsFault.latency(Duration.ofMillis(1_500), "SendMessage"));
            MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
            context.getBean(MegaTemplate.class).publish(url, events(1).get(0));
            await().atMost(DEADLINE).until(() -> context.getBean(Failing.class).calls.get() == 1);
            container.stop();
            assertThat(sqs.visibleMessages(sqs.queueUrl(spec.deadLetterQueueName()))).isEqualTo(1);
            // Deleted from the source queue: neither visible nor in flight (30 s visibility: it would still be hidden).
            assertThat(sqs.visibleMessages(url) + sqs.inFlightMessages(url)).isZero();
        });
    }

    /** Returns a future nobody completes. */
    @Configuration(proxyBeanMethods = false)
    static class NeverCompleting {
        final AtomicInteger calls = new AtomicInteger();

        @MegaListener(queue = "${test.queue}")
        CompletableFuture<ProcessStatus> onEvent(MegaEvent event) {
            if (calls.incrementAndGet() == 1) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.completedFuture(ProcessStatus.DONE);
        }
    }

    @Test
    void anAsyncListenerWhoseFutureNeverCompletesIsRetriedAfterTheMaximumProcessingTime() {
        // Path 10. Before the fix the message (and its back-pressure permit) was held for good, and with
        // max-in-flight 1 nothing else was ever received.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("forever")));
        runner(url, "mega.listener.max-in-flight=1", "mega.listener.max-processing-time=2s",
                "mega.listener.retry.initial=1s").withUserConfiguration(NeverCompleting.class).run(context -> {
                    context.getBean(MegaTemplate.class).publish(url, events(1).get(0));
                    awaitEmpty(sqs, url);
                    assertThat(context.getBean(NeverCompleting.class).calls.get()).isEqualTo(2);
                    // Counted once SQS confirmed the delete, which the queue shows a moment before the answer arrives.
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(DEADLINE).until(() -> counter(registry, "sqs.mega.deleted", "done") == 1);
                });
    }

    /** Works 3.5 s on each message of a FIFO group, counting handlings per message. */
    @Configuration(proxyBeanMethods = false)
    static class SlowInOrder {
        final Map<Object, AtomicInteger> handled = new ConcurrentHashMap<>();

        @MegaListener(queue = "${test.queue}")
        void onItem(Map<String, Object> item) throws InterruptedException {
            handled.computeIfAbsent(item.get("seq"), n -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(3_500); // the work itself, not a synchronisation
        }
    }

    @Test
    void theMaximumProcessingTimeCountsFromWhenTheListenerStartsNotFromReceipt() {
        // Path 9. The second message of the group (received with the first) waits 3.5 s behind it, then works 3.5 s; max-processing-time
        // is 4 s. Before the fix its clock ran from receipt, so its heartbeat stopped while it was being handled and
        // SQS delivered it again.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("waiting") + ".fifo").asFifo()
                .withVisibilityTimeout(Duration.ofSeconds(2)));
        // Both on the queue before the container starts, so that one receive takes them together.
        for (int seq = 1; seq <= 2; seq++) {
            int n = seq;
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("{\"seq\":" + n + "}").messageGroupId("g")
                    .messageDeduplicationId("g-" + n));
        }
        // Room for polls beside the held messages, so a message SQS makes visible again is received again.
        runner(url, "mega.listener.max-processing-time=4s", "mega.listener.max-in-flight=20")
                .withUserConfiguration(SlowInOrder.class).run(context -> {
            awaitEmpty(sqs, url);
            assertThat(context.getBean(SlowInOrder.class).handled).containsOnlyKeys(1, 2)
                    .allSatisfy((seq, count) -> assertThat(count.get()).as("handlings of %s", seq).isEqualTo(1));
        });
    }

    /** Works 6 s on the message named "slow", at once on the others; records what started and finished when. */
    @Configuration(proxyBeanMethods = false)
    static class OneSlow {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws InterruptedException {
            events.add("started " + event.name());
            if (event.name().equals("slow")) {
                Thread.sleep(6_000); // the work itself, not a synchronisation
            }
            events.add("finished " + event.name());
        }
    }

    @Test
    void oneSlowMessageDoesNotHoldTheNextPollBack() {
        // Path 8. With max-in-flight 10 and 10 messages per poll, a poll waits for room for a full batch: Spring Cloud
        // AWS waits up to 10 s before it takes what room there is, so a message published while one slow message
        // (6 s) ran was handled only after the slow one finished. Now the poll waits 1 s at most.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("slow-one")));
        runner(url).withUserConfiguration(OneSlow.class).run(context -> {
            OneSlow listener = context.getBean(OneSlow.class);
            MegaTemplate template = context.getBean(MegaTemplate.class);
            template.publish(url, MegaEvent.builder().name("slow").timestamp(Instant.now()).build());
            await().atMost(DEADLINE).until(() -> listener.events.contains("started slow"));
            template.publish(url, MegaEvent.builder().name("quick").timestamp(Instant.now()).build());
            awaitEmpty(sqs, url);
            // The quick one did not wait for the slow one to finish.
            assertThat(listener.events).containsSubsequence("started slow", "finished quick", "finished slow");
        });
    }
}
