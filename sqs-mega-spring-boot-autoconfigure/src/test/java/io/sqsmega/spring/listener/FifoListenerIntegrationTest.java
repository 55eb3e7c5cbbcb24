package io.sqsmega.spring.listener;

import static io.sqsmega.spring.listener.ListenerTests.awaitEmpty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.RequestCounter;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * FIFO queues end to end on the embedded ElasticMQ: order within a group, groups side by side,
 * retries that nothing overtakes, fatal messages that do not stall their group, batched deletes,
 * and a stop that hands back what it did not start. Asserted by message id.
 */
class FifoListenerIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final RequestCounter requests = new RequestCounter();

    private ApplicationContextRunner runner(String queueUrl, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, () -> requests.client(sqs))
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s",
                        "mega.listener.retry.initial=1s", "mega.listener.retry.jitter=0",
                        "mega.listener.shutdown-timeout=10s")
                .withPropertyValues(properties);
    }

    /** One handling of one message: which, when, and on which delivery. */
    record Handling(String group, int seq, String messageId, long start, long end, int receiveCount) {
        boolean overlaps(Handling other) {
            return start < other.end && other.start < end;
        }
    }

    /** Publishes {@code perGroup} messages to each group, interleaving the groups; returns the ids by group and seq. */
    private static Map<String, List<String>> publish(MegaTemplate template, String url, List<String> groups, int perGroup) {
        Map<String, List<String>> ids = new ConcurrentHashMap<>();
        for (int seq = 1; seq <= perGroup; seq++) {
            for (String group : groups) {
                String id = template.publish(url, Map.of("group", group, "seq", seq), PublishOptions.builder()
                        .messageGroupId(group).deduplicationId(group + "-" + seq).build());
                ids.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(id);
            }
        }
        return ids;
    }

    @Configuration(proxyBeanMethods = false)
    static class Recorder {
        final List<Handling> handled = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onItem(Map<String, Object> item, MegaMessage message) throws InterruptedException {
            long start = System.nanoTime();
            Thread.sleep(ThreadLocalRandom.current().nextInt(40));
            handled.add(new Handling((String) item.get("group"), ((Number) item.get("seq")).intValue(),
                    message.messageId(), start, System.nanoTime(), message.receiveCount()));
        }
    }

    @Test
    void eachGroupRunsInSendOrderWhileGroupsRunSideBySideAndDeletesAreBatched() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("groups")).asFifo());
        List<String> groups = List.of("g1", "g2", "g3", "g4", "g5");
        runner(url, "mega.listener.max-in-flight=10").withUserConfiguration(Recorder.class).run(context -> {
            Map<String, List<String>> sent = publish(context.getBean(MegaTemplate.class), url, groups, 10);
            List<Handling> handled = context.getBean(Recorder.class).handled;
            await().atMost(DEADLINE).until(() -> handled.size() >= 50);
            awaitEmpty(sqs, url);

            for (String group : groups) {
                List<Handling> ofGroup = handled.stream().filter(h -> h.group().equals(group)).toList();
                assertThat(ofGroup).as(group).extracting(Handling::messageId).containsExactlyElementsOf(sent.get(group));
                assertThat(ofGroup).as(group).extracting(Handling::seq).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
                for (int i = 1; i < ofGroup.size(); i++) {
                    assertThat(ofGroup.get(i).start()).as("%s message %d starts after %d ended", group, i + 1, i)
                            .isGreaterThanOrEqualTo(ofGroup.get(i - 1).end());
                }
            }
            boolean groupsOverlapped = handled.stream().anyMatch(a -> handled.stream()
                    .anyMatch(b -> !a.group().equals(b.group()) && a.overlaps(b)));
            assertThat(groupsOverlapped).as("messages of different groups handled at the same time").isTrue();

            assertThat(requests.count("DeleteMessage")).as("single deletes").isZero();
            assertThat(requests.deleteBatchEntries()).as("deleted in batches").isEqualTo(50);
            assertThat(requests.count("DeleteMessageBatch")).as("delete requests for 50 messages: %s", requests)
                    .isLessThan(50);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RetryThird {
        final List<Handling> handled = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        ProcessStatus onItem(Map<String, Object> item, MegaMessage message) {
            int seq = ((Number) item.get("seq")).intValue();
            long now = System.nanoTime();
            handled.add(new Handling((String) item.get("group"), seq, message.messageId(), now, now,
                    message.receiveCount()));
            return seq == 3 && message.receiveCount() == 1 ? ProcessStatus.RETRY_LATER : ProcessStatus.DONE;
        }
    }

    @Test
    void aRetriedMessageIsNotOvertakenByTheRestOfItsGroup() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("retry")).asFifo());
        runner(url).withUserConfiguration(RetryThird.class).run(context -> {
            Map<String, List<String>> sent = publish(context.getBean(MegaTemplate.class), url, List.of("g"), 10);
            List<Handling> handled = context.getBean(RetryThird.class).handled;
            await().atMost(DEADLINE).until(() -> handled.size() >= 11);
            awaitEmpty(sqs, url);
            List<String> ids = sent.get("g");
            assertThat(handled).extracting(Handling::messageId).containsExactly(ids.get(0), ids.get(1), ids.get(2),
                    ids.get(2), ids.get(3), ids.get(4), ids.get(5), ids.get(6), ids.get(7), ids.get(8), ids.get(9));
            assertThat(handled.get(3).receiveCount()).as("the retry is a new delivery").isEqualTo(2);
            assertThat(Duration.ofNanos(handled.get(3).start() - handled.get(2).start()))
                    .as("came back after its 1 s backoff").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class FailThird {
        final List<Handling> handled = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onItem(Map<String, Object> item, MegaMessage message) {
            int seq = ((Number) item.get("seq")).intValue();
            long now = System.nanoTime();
            handled.add(new Handling((String) item.get("group"), seq, message.messageId(), now, now,
                    message.receiveCount()));
            if (seq == 3) {
                throw new IllegalStateException("item 3 is broken");
            }
        }
    }

    @Test
    void aFatalMessageIsDeadLetteredAndItsGroupGoesOnWithoutWaitingForTheVisibilityTimeout() {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("fatal")).asFifo().withDeadLetterQueue(5);
        String url = sqs.createQueue(spec);
        runner(url).withUserConfiguration(FailThird.class).run(context -> {
            long start = System.nanoTime();
            Map<String, List<String>> sent = publish(context.getBean(MegaTemplate.class), url, List.of("g"), 10);
            List<Handling> handled = context.getBean(FailThird.class).handled;
            // The queue's visibility timeout is 30 s: a stalled group would take at least that long.
            await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() >= 10);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            awaitEmpty(sqs, url);
            assertThat(handled).extracting(Handling::messageId).containsExactlyElementsOf(sent.get("g"));

            String dlq = sqs.queueUrl(spec.deadLetterQueueName());
            List<Message> dead = sqs.client().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)
                    .waitTimeSeconds(2).messageAttributeNames("All").messageSystemAttributeNames(
                            software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messages();
            assertThat(dead).hasSize(1);
            Map<String, MessageAttributeValue> attributes = dead.get(0).messageAttributes();
            assertThat(attributes.get(DeadLetters.ORIGINAL_ID).stringValue()).isEqualTo(sent.get("g").get(2));
            assertThat(attributes.get(DeadLetters.REASON).stringValue())
                    .isEqualTo("failed in FailThird.onItem: IllegalStateException: item 3 is broken");
            assertThat(dead.get(0).attributes().get(
                    software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .as("the DLQ keeps the group").isEqualTo("g");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BlockFirst {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> started = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onItem(Map<String, Object> item) throws InterruptedException {
            started.add(((Number) item.get("seq")).intValue());
            release.await(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingReleasesTheMessagesThatHaveNotStartedAndFinishesTheOneInFlight() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("stop")).asFifo());
        // Sent before the container starts, so that its first receive takes all ten.
        for (int seq = 1; seq <= 10; seq++) {
            String body = "{\"group\":\"g\",\"seq\":" + seq + "}";
            String dedup = "d" + seq;
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("g").messageDeduplicationId(dedup));
        }
        runner(url).withUserConfiguration(BlockFirst.class).run(context -> {
            BlockFirst listener = context.getBean(BlockFirst.class);
            await().atMost(DEADLINE).until(() -> listener.started.size() == 1 && sqs.inFlightMessages(url) == 10);
            MegaListenerContainer container = context.getBean(MegaListenerRegistrar.class).containers().get(0);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await().atMost(DEADLINE).until(() -> !container.isRunning());
            // The nine that waited behind the first are visible again at once, not after the 30 s visibility timeout.
            await().atMost(Duration.ofSeconds(1)).until(() -> sqs.visibleMessages(url) == 9);
            assertThat(closing).isNotDone();
            listener.release.countDown();
            closing.get(15, TimeUnit.SECONDS);
            assertThat(listener.started).containsExactly(1);
            // The one in flight finished and was deleted: nine remain, all visible.
            await().atMost(DEADLINE).until(() -> sqs.visibleMessages(url) == 9 && sqs.inFlightMessages(url) == 0);
        });
    }

}
