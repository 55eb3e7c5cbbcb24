package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** @MegaListener containers end to end on a real SQS server (embedded ElasticMQ). */
class MegaListenerIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private ApplicationContextRunner runner(String queueUrl, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s",
                        "mega.listener.retry.initial=1s", "mega.listener.retry.multiplier=2",
                        "mega.listener.retry.jitter=0", "mega.listener.shutdown-timeout=5s")
                .withPropertyValues(properties);
    }

    /** MEGA markers without an event: invalid, whatever reads it. */
    private static final String INVALID_MEGA = "{\"protocol\":\"mega\",\"version\":1}";

    /** Sends a body as another publisher would: no mega-payload attribute. */
    private String sendRaw(String url, String body) {
        return sqs.client().sendMessage(b -> b.queueUrl(url).messageBody(body)).messageId();
    }

    private static MegaListenerException listenerFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MegaListenerException listener) {
                return listener;
            }
        }
        throw new AssertionError("no MegaListenerException in " + failure, failure);
    }

    private static MegaEvent event(String name, int quantity) {
        return MegaEvent.builder().name(name).timestamp(Instant.parse("2020-01-01T00:00:00Z"))
                .attribute("quantity", quantity).build();
    }

    private void awaitEmpty(String url) {
        await().atMost(DEADLINE).until(() -> sqs.isEmpty(url));
    }

    private List<Message> awaitInDeadLetterQueue(QueueSpec spec, int count) {
        String dlq = sqs.queueUrl(spec.deadLetterQueueName());
        List<Message> found = new CopyOnWriteArrayList<>();
        await().atMost(DEADLINE).until(() -> {
            found.addAll(sqs.client().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
            return found.size() >= count;
        });
        return found;
    }

    @Configuration(proxyBeanMethods = false)
    static class FanOut {
        final List<String> calls = new CopyOnWriteArrayList<>();


        @MegaListener(queue = "${test.queue}", match = "event.name == 'item.added'")
        void added(MegaEvent event) {
            calls.add("added:" + event.attribute("quantity"));
        }

        @MegaListener(queue = "${test.queue}", match = "event.quantity > 2")
        ProcessStatus big(MegaEvent event, MegaMessage message) {
            calls.add("big:" + event.name() + ":" + message.receiveCount());
            return ProcessStatus.DONE;
        }

        @MegaListener(queue = "${test.queue}")
        void data(Map<String, Object> data) {
            calls.add("data:" + data.get("type"));
        }

        @MegaListener(queue = "${test.queue}", match = "text contains 'urgent'")
        void text(String text) {
            calls.add("text:" + text);
        }
    }

    @Test
    void everyMatchingListenerGetsEachMessageOnceAndTheQueueEmpties() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("fan-out")));
        runner(url).withUserConfiguration(FanOut.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MegaListenerRegistrar.class).containers()).hasSize(1);
            MegaTemplate template = context.getBean(MegaTemplate.class);
            template.publish(url, event("item.added", 5));
            template.publish(url, event("item.removed", 5));
            template.publish(url, event("item.added", 1));
            template.publish(url, Map.of("type", "note"));
            template.publish(url, "this is urgent");
            template.publish(url, "relax");
            List<String> calls = context.getBean(FanOut.class).calls;
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(calls).containsExactlyInAnyOrder("added:5",
                    "big:item.added:1", "big:item.removed:1", "added:1", "data:note", "text:this is urgent"));
            awaitEmpty(url);
        });
    }

    @Test
    void countsEverythingInMicrometer() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("metrics")));
        runner(url).withUserConfiguration(FanOut.class)
                .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .run(context -> {
                    MegaTemplate template = context.getBean(MegaTemplate.class);
                    template.publish(url, event("item.added", 5));
                    template.publish(url, Map.of("type", "note"));
                    template.publish(url, "relax");
                    sendRaw(url, INVALID_MEGA);
                    io.micrometer.core.instrument.MeterRegistry meters =
                            context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    await().atMost(DEADLINE).until(() -> meters.find("sqs.mega.deleted").counters().stream()
                            .mapToDouble(io.micrometer.core.instrument.Counter::count).sum() == 4);
                    assertThat(meters.get("sqs.mega.publish").tag("outcome", "success").timers()).hasSize(3)
                            .allSatisfy(timer -> assertThat(timer.count()).isEqualTo(1));
                    assertThat(meters.get("sqs.mega.publish").tag("format", "mega+json").timer().count()).isEqualTo(1);
                    for (String kind : List.of("mega", "data", "text", "invalid")) {
                        assertThat(meters.get("sqs.mega.received").tags("queue", url, "kind", kind).counter().count())
                                .as(kind).isEqualTo(1);
                    }
                    for (String listener : List.of("FanOut.added", "FanOut.big", "FanOut.data")) {
                        assertThat(meters.get("sqs.mega.handler").tags("listener", listener, "outcome", "done").timer()
                                .count()).as(listener).isEqualTo(1);
                    }
                    assertThat(meters.find("sqs.mega.handler").tag("listener", "FanOut.text").timers()).isEmpty();
                    assertThat(meters.get("sqs.mega.unmatched").tag("kind", "text").counter().count()).isEqualTo(1);
                    assertThat(meters.get("sqs.mega.failed").tags("failure", "invalid", "policy", "delete").counter()
                            .count()).isEqualTo(1);
                    assertThat(meters.get("sqs.mega.deleted").tag("reason", "done").counter().count()).isEqualTo(2);
                    assertThat(meters.get("sqs.mega.deleted").tag("reason", "unmatched").counter().count()).isEqualTo(1);
                    assertThat(meters.get("sqs.mega.deleted").tag("reason", "policy").counter().count()).isEqualTo(1);
                });
    }

    record Note(String type, int priority) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Typed {
        final List<Object> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            received.add(event);
        }

        @MegaListener(queue = "${test.queue}", match = "data.type == 'map'")
        void onMap(Map<String, Object> data) {
            received.add(data);
        }

        @MegaListener(queue = "${test.queue}", match = "data.type == 'note'")
        void onNote(Note note) {
            received.add(note);
        }

        @MegaListener(queue = "${test.queue}")
        void onText(String text) {
            received.add(text);
        }

        @MegaListener(queue = "${test.queue}")
        void onBinary(byte[] bytes) {
            received.add(java.util.Base64.getEncoder().encodeToString(bytes));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.sqsmega.codec.Encoding.class)
    void typedListenersReceiveEveryKindInEitherEncoding(io.sqsmega.codec.Encoding encoding) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("typed-" + encoding)));
        runner(url, "mega.encoding=" + encoding).withUserConfiguration(Typed.class).run(context -> {
            MegaTemplate template = context.getBean(MegaTemplate.class);
            MegaEvent event = MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                    .attribute("quantity", 5).attribute("price", 19.99).build();
            template.publish(url, event);
            template.publish(url, Map.of("type", "map", "n", 1099511627776L));
            template.publish(url, new Note("note", 2));
            template.publish(url, new byte[] {0, 1, 2});
            if (encoding == io.sqsmega.codec.Encoding.JSON) {
                template.publish(url, "test");
            }
            Typed typed = context.getBean(Typed.class);
            int expected = encoding == io.sqsmega.codec.Encoding.JSON ? 5 : 4;
            await().atMost(DEADLINE).until(() -> typed.received.size() == expected);
            assertThat(typed.received).contains(event, Map.of("type", "map", "n", 1099511627776L), new Note("note", 2),
                    "AAEC");
            if (encoding == io.sqsmega.codec.Encoding.JSON) {
                assertThat(typed.received).contains("test");
            }
            awaitEmpty(url);
        });
    }

    @Test
    void aLogicalQueueOverridesPollingAndBackpressure() {
        String name = sqs.uniqueName("overridden");
        sqs.createQueue(QueueSpec.standard(name));
        runner("orders", "mega.queues.orders.name=" + name, "mega.queues.orders.max-in-flight=1",
                "mega.queues.orders.poll-wait=2s").withUserConfiguration(Ordered.class).run(context -> {
                    MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
                    assertThat(container.options().maxInFlight()).isEqualTo(1);
                    assertThat(container.options().pollWait()).hasSeconds(2);
                    assertThat(container.options().messagesPerPoll()).isEqualTo(10);
                    assertThat(container.queueUrl()).endsWith("/" + name);
                    context.getBean(MegaTemplate.class).publish("orders", event("item.added", 1));
                    Ordered ordered = context.getBean(Ordered.class);
                    await().atMost(DEADLINE).until(() -> ordered.calls.size() == 2);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Flaky {
        final List<Integer> receiveCounts = new CopyOnWriteArrayList<>();
        final List<Long> receivedAt = new CopyOnWriteArrayList<>();


        @MegaListener(queue = "${test.queue}")
        ProcessStatus onEvent(MegaEvent event, MegaMessage message) {
            receiveCounts.add(message.receiveCount());
            receivedAt.add(System.nanoTime());
            return message.receiveCount() < 3 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        }
    }

    @Test
    void retriesWithGrowingVisibilityUntilDone() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("retry")));
        runner(url).withUserConfiguration(Flaky.class).run(context -> {
            context.getBean(MegaTemplate.class).publish(url, event("item.added", 1));
            Flaky flaky = context.getBean(Flaky.class);
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(flaky.receiveCounts).containsExactly(1, 2, 3));
            awaitEmpty(url);
            // Backoff 1 s then 2 s: SQS cannot redeliver before the visibility it was given expires.
            long firstGap = flaky.receivedAt.get(1) - flaky.receivedAt.get(0);
            long secondGap = flaky.receivedAt.get(2) - flaky.receivedAt.get(1);
            assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Failing {
        final List<String> calls = new CopyOnWriteArrayList<>();


        @Bean
        MatchFunction broken() {
            return MatchFunction.of("broken", 1, args -> {
                throw new IllegalStateException("down");
            });
        }

        @MegaListener(queue = "${test.queue}", match = "event.name == 'fatal'")
        void fatal(MegaEvent event) {
            calls.add(event.name());
            throw new IllegalStateException("cannot handle");
        }

        @MegaListener(queue = "${test.queue}", match = "event.name == 'undecided' && broken(event.name)")
        void undecided(MegaEvent event) {
            calls.add("never");
        }
    }

    @Test
    void retainedFailuresEndInTheDeadLetterQueueAndNothingIsLost() {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("failing")).withVisibilityTimeout(Duration.ofSeconds(1))
                .withDeadLetterQueue(2);
        String url = sqs.createQueue(spec);
        runner(url, "mega.listener.fatal-policy=retain", "mega.listener.invalid-policy=retain",
                "mega.listener.unrecognised-policy=retain").withUserConfiguration(Failing.class).run(context -> {
            MegaTemplate template = context.getBean(MegaTemplate.class);
            String fatal = template.publish(url, event("fatal", 1));
            String undecided = template.publish(url, event("undecided", 1));
            String invalid = sendRaw(url, INVALID_MEGA);
            String unrecognised = template.publish(url, "text, which no listener here accepts");
            List<Message> dead = awaitInDeadLetterQueue(spec, 4);
            assertThat(dead).extracting(Message::messageId)
                    .containsExactlyInAnyOrder(fatal, undecided, invalid, unrecognised);
            assertThat(context.getBean(Failing.class).calls).contains("fatal").doesNotContain("never");
        });
    }

    @Test
    void failuresGoToTheDeadLetterQueueAtOnceWithTheReasonByDefault() {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("dead-letter")).withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url).withUserConfiguration(Failing.class).run(context -> {
            MegaTemplate template = context.getBean(MegaTemplate.class);
            String fatal = template.publish(url, event("fatal", 1),
                    io.sqsmega.spring.PublishOptions.builder().attribute("tenant", "acme").build());
            String invalid = sendRaw(url, INVALID_MEGA);
            String unrecognised = template.publish(url, "text, which no listener here accepts");
            Map<String, Message> dead = new java.util.HashMap<>();
            String dlq = sqs.queueUrl(spec.deadLetterQueueName());
            await().atMost(DEADLINE).until(() -> {
                sqs.client().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages()
                        .forEach(m -> dead.put(m.messageAttributes().get(DeadLetters.ORIGINAL_ID).stringValue(), m));
                return dead.size() >= 3;
            });
            assertThat(dead).containsOnlyKeys(fatal, invalid, unrecognised);
            assertThat(attribute(dead.get(fatal), DeadLetters.FAILURE)).isEqualTo("fatal");
            assertThat(attribute(dead.get(fatal), DeadLetters.LISTENERS)).isEqualTo("Failing.fatal");
            assertThat(attribute(dead.get(fatal), DeadLetters.REASON))
                    .isEqualTo("failed in Failing.fatal: IllegalStateException: cannot handle");
            assertThat(attribute(dead.get(fatal), "tenant")).isEqualTo("acme");
            assertThat(attribute(dead.get(fatal), "mega-payload")).isEqualTo("mega+json");
            assertThat(attribute(dead.get(invalid), DeadLetters.FAILURE)).isEqualTo("invalid");
            assertThat(attribute(dead.get(invalid), DeadLetters.REASON)).isEqualTo("invalid MEGA payload: event is missing");
            assertThat(dead.get(invalid).body()).isEqualTo(INVALID_MEGA);
            assertThat(attribute(dead.get(unrecognised), DeadLetters.FAILURE)).isEqualTo("unrecognised");
            assertThat(attribute(dead.get(unrecognised), DeadLetters.SOURCE_QUEUE)).isEqualTo(url);
            awaitEmpty(url);
        });
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aDeadLetterWithNoRoomForTheReasonKeepsTheMessagesAttributesAndLogsTheReason(
            org.springframework.boot.test.system.CapturedOutput output) {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("dead-letter-full")).withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url).withUserConfiguration(Failing.class).run(context -> {
            io.sqsmega.spring.PublishOptions.Builder nine = io.sqsmega.spring.PublishOptions.builder();
            for (int i = 0; i < 9; i++) {
                nine.attribute("a" + i, "v" + i);
            }
            String fatal = context.getBean(MegaTemplate.class).publish(url, event("fatal", 1), nine.build());
            String dlq = sqs.queueUrl(spec.deadLetterQueueName());
            java.util.concurrent.atomic.AtomicReference<Message> letter = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(DEADLINE).until(() -> {
                sqs.client().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1).messageAttributeNames("All"))
                        .messages().forEach(letter::set);
                return letter.get() != null;
            });
            assertThat(letter.get().messageAttributes()).hasSize(10).containsKeys("mega-payload", "a0", "a8")
                    .doesNotContainKey(DeadLetters.REASON);
            await().atMost(DEADLINE).until(() -> output.getOut().contains("Dead letter of message " + fatal));
            assertThat(output.getOut()).contains("carries no mega-failure-reason: its own 10 attributes leave no room")
                    .contains("failed in Failing.fatal: IllegalStateException: cannot handle");
            awaitEmpty(url);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Pairs {
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}", match = "data.a[*] == data.b[*]")
        void overlapping(Map<String, Object> data) {
            seen.add(data.get("n"));
        }

        @MegaListener(queue = "${test.queue}", match = "data.n > 0")
        void numbered(Map<String, Object> data) {
            seen.add(data.get("n"));
        }
    }

    @Test
    void aMessageOverTheMatchBudgetIsDeadLetteredWithTheReasonAndTheRestFlow() {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("budget")).withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url).withUserConfiguration(Pairs.class).run(context -> {
            // 41 x 41 elements: 1,681 combinations, more than the 1,024 one comparison may evaluate.
            String heavy = "{\"n\":1,\"a\":[" + "1,".repeat(40) + "1],\"b\":[" + "2,".repeat(40) + "2]}";
            String heavyId = sendRaw(url, heavy);
            sendRaw(url, "{\"n\":2,\"a\":[1,2],\"b\":[2,3]}");
            String dlq = sqs.queueUrl(spec.deadLetterQueueName());
            List<Message> dead = new CopyOnWriteArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                dead.addAll(sqs.client().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageAttributeNames("All")).messages());
                return !dead.isEmpty();
            });
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).body()).isEqualTo(heavy);
            assertThat(attribute(dead.get(0), DeadLetters.ORIGINAL_ID)).isEqualTo(heavyId);
            assertThat(attribute(dead.get(0), DeadLetters.FAILURE)).isEqualTo("invalid");
            assertThat(attribute(dead.get(0), DeadLetters.REASON)).isEqualTo("over the match budget: "
                    + "data.a[*] == data.b[*] would evaluate 1,681 combinations of multi-valued values, more than "
                    + "the 1,024 allowed");
            // The container goes on: the next message reaches both listeners.
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(context.getBean(Pairs.class).seen)
                    .containsExactly(2, 2));
            awaitEmpty(url);
        });
    }

    private static String attribute(Message message, String name) {
        return message.messageAttributes().get(name).stringValue();
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void withoutADeadLetterQueueFailuresAreDeletedAndStartupSaysSo(
            org.springframework.boot.test.system.CapturedOutput output) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("no-dlq")));
        runner(url).withUserConfiguration(Failing.class).run(context -> {
            assertThat(output).contains("has no dead-letter queue: messages that fail for good, invalid bodies and "
                    + "unrecognised payloads will be DELETED");
            context.getBean(MegaTemplate.class).publish(url, event("fatal", 1));
            await().atMost(DEADLINE).until(() -> context.getBean(Failing.class).calls.contains("fatal"));
            awaitEmpty(url);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BatchOnFifo {
        @MegaListener(queue = "${test.queue}")
        void onEvents(List<MegaEvent> events) {
        }
    }

    @Test
    void aBatchListenerOnAFifoQueueFailsStartupSayingWhy() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("batch") + ".fifo").asFifo());
        runner(url).withUserConfiguration(BatchOnFifo.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(listenerFailure(context.getStartupFailure())).hasMessageStartingWith(
                    "@MegaListener [BatchOnFifo.onEvents] on FIFO queue '" + url + "' is a batch listener, which a FIFO "
                    + "queue cannot feed: a message group's messages are handled one after another");
        });
    }

    @Test
    void aDeadLetterPolicyWithoutADeadLetterQueueFailsStartup() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("no-dlq-asked")));
        runner(url, "mega.listener.fatal-policy=dead-letter").withUserConfiguration(Failing.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(listenerFailure(context.getStartupFailure())).hasMessageContaining("has no dead-letter queue, "
                    + "but a mega.listener.*-policy is dead-letter");
        });
    }

    @Test
    void theDeletePolicyDropsFailuresWhenAsked() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("dropping")));
        runner(url, "mega.listener.fatal-policy=delete", "mega.listener.invalid-policy=delete",
                "mega.listener.unrecognised-policy=delete")
                .withUserConfiguration(Failing.class).run(context -> {
                    MegaTemplate template = context.getBean(MegaTemplate.class);
                    template.publish(url, event("fatal", 1));
                    sendRaw(url, INVALID_MEGA);
                    template.publish(url, "text, which no listener here accepts");
                    await().atMost(DEADLINE).until(() -> context.getBean(Failing.class).calls.contains("fatal"));
                    awaitEmpty(url);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Slow {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) throws InterruptedException {
            calls.incrementAndGet();
            // Work that takes longer than the queue's visibility timeout, until the test says it is done.
            if (release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                finished.set(true);
            }
        }
    }

    private long messagesIn(String url) {
        Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void theHeartbeatKeepsASlowListenersMessageInvisible() {
        // 4 s visibility, renewed every 2 s: a beat may run 2 s late on a loaded machine and still be in time.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("slow")).withVisibilityTimeout(Duration.ofSeconds(4)));
        runner(url).withUserConfiguration(Slow.class).run(context -> {
            Slow slow = context.getBean(Slow.class);
            context.getBean(MegaTemplate.class).publish(url, event("item.added", 1));
            await().atMost(DEADLINE).until(() -> slow.calls.get() == 1);
            // More than two visibility timeouts pass without a second delivery.
            await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(11)).until(() -> slow.calls.get() == 1);
            slow.release.countDown();
            awaitEmpty(url);
            assertThat(slow.calls.get()).isEqualTo(1);
            assertThat(slow.finished.get()).isTrue();
        });
    }

    @Test
    void shutdownStopsPollingAndLetsWorkInFlightFinish() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("shutdown")).withVisibilityTimeout(Duration.ofSeconds(2)));
        runner(url).withUserConfiguration(Slow.class).run(context -> {
            Slow slow = context.getBean(Slow.class);
            context.getBean(MegaTemplate.class).publish(url, event("item.added", 1));
            await().atMost(DEADLINE).until(() -> slow.calls.get() == 1);
            MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await().atMost(DEADLINE).until(() -> !container.isRunning());
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("after shutdown began"));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> slow.calls.get() == 1 && !closing.isDone());
            slow.release.countDown();
            closing.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(slow.finished.get()).isTrue();
            // The message in flight was deleted; the one sent during shutdown waits for the next start.
            await().atMost(DEADLINE).until(() -> messagesIn(url) == 1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class PatientRetry {
        final List<Long> receivedAt = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}", retryInitial = "3s")
        ProcessStatus onEvent(MegaEvent event, MegaMessage message) {
            receivedAt.add(System.nanoTime());
            return message.receiveCount() < 2 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        }
    }

    @Test
    void aListenerMayAskForALongerBackoffThanTheDefault() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("patient")));
        runner(url).withUserConfiguration(PatientRetry.class).run(context -> {
            context.getBean(MegaTemplate.class).publish(url, event("item.added", 1));
            PatientRetry patient = context.getBean(PatientRetry.class);
            await().atMost(DEADLINE).until(() -> patient.receivedAt.size() == 2);
            awaitEmpty(url);
            // The global backoff is 1 s; this listener's 3 s applies.
            assertThat(Duration.ofNanos(patient.receivedAt.get(1) - patient.receivedAt.get(0)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadRetry {
        @MegaListener(queue = "${test.queue}", retryInitial = "soon")
        void onEvent(MegaEvent event) {
        }
    }

    @Test
    void invalidRetrySettingsFailStartup() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("bad-retry")));
        runner(url).withUserConfiguration(BadRetry.class).run(context -> assertThat(listenerFailure(
                context.getStartupFailure())).hasMessageStartingWith("@MegaListener " + BadRetry.class.getName()
                        + ".onEvent: invalid retry settings"));
    }

    @Test
    void unmatchedPayloadsCanBeDeadLettered() {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("unmatched")).withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url, "mega.listener.unmatched-policy=dead-letter").withUserConfiguration(FanOut.class).run(context -> {
            String relaxed = context.getBean(MegaTemplate.class).publish(url, "relax");
            List<Message> dead = awaitInDeadLetterQueue(spec, 1);
            assertThat(dead).extracting(Message::body).containsExactly("relax");
            awaitEmpty(url);
            assertThat(relaxed).isNotBlank();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Ordered {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void second(MegaEvent event) {
            calls.add("second");
        }

        @MegaListener(queue = "${test.queue}")
        void first(MegaEvent event) {
            calls.add("first");
        }
    }

    @Test
    void listenersOfAMessageRunInADefinedOrder() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("ordered")));
        runner(url).withUserConfiguration(Ordered.class).run(context -> {
            context.getBean(MegaTemplate.class).publish(url, event("item.added", 1));
            Ordered ordered = context.getBean(Ordered.class);
            await().atMost(DEADLINE).until(() -> ordered.calls.size() == 2);
            assertThat(ordered.calls).containsExactly("first", "second");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenExpression {
        @MegaListener(queue = "${test.queue}", match = "event.name = 'x'")
        void onEvent(MegaEvent event) {
        }

    }

    @Test
    void aBrokenExpressionFailsStartupNamingTheMethod() {
        runner("unused").withUserConfiguration(BrokenExpression.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(listenerFailure(context.getStartupFailure())).hasMessageContaining(
                    "@MegaListener " + BrokenExpression.class.getName() + ".onEvent(MegaEvent): invalid match expression: "
                            + "unexpected character '=' at line 1, column 12\n  event.name = 'x'\n             ^\n"
                            + "hint: use == to compare");
        });
    }

    @Test
    void aMissingQueueFailsStartup() {
        runner("no-such-queue-y").withUserConfiguration(FanOut.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(listenerFailure(context.getStartupFailure())).hasMessageContaining("@MegaListener [")
                    .hasMessageContaining("cannot listen to 'no-such-queue-y': SQS queue 'no-such-queue-y' does not exist");
        });
    }
}
