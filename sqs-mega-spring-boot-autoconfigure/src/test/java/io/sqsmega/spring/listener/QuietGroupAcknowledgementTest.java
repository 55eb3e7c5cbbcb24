package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Path 6 of the faults issue, on the acknowledgement processor alone (the delete executor is the
 * seam: it records what it is asked to delete). One FIFO group acknowledges a single message; another
 * keeps filling batches of ten. Spring Cloud AWS 4.1.0 sends partial batches only once no batch at
 * all was sent for an interval, so the quiet group's delete waits for as long as the busy group
 * runs (its message stays locked, and is delivered again past its visibility). Ours sends it after
 * one interval.
 */
class QuietGroupAcknowledgementTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final RawMessageConverter CONVERTER = new RawMessageConverter("q");

    private final ScheduledExecutorService busy = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        busy.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private static Message<software.amazon.awssdk.services.sqs.model.Message> message(String group) {
        String id = UUID.randomUUID().toString();
        return (Message<software.amazon.awssdk.services.sqs.model.Message>) CONVERTER.toMessagingMessage(
                software.amazon.awssdk.services.sqs.model.Message.builder().messageId(id).receiptHandle(id).body("x")
                        .attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, group)).build(), null);
    }

    private void started(BatchingAcknowledgementProcessor<software.amazon.awssdk.services.sqs.model.Message> processor) {
        processor.setId("quiet-group-test");
        processor.setMaxAcknowledgementsPerBatch(10);
        processor.setMessageGroupingFunction(m -> MessageHeaderUtils.getHeaderAsString(m,
                SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER));
        processor.setAcknowledgementExecutor((Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> batch) -> {
            long now = System.nanoTime();
            batch.forEach(m -> deletedAt.put(MessageHeaderUtils.getId(m), now));
            return CompletableFuture.completedFuture(null);
        });
        processor.setTaskExecutor(new SimpleAsyncTaskExecutor("acks-"));
        processor.configure(SqsContainerOptions.builder().acknowledgementInterval(INTERVAL).acknowledgementThreshold(10)
                .acknowledgementOrdering(AcknowledgementOrdering.ORDERED_BY_GROUP)
                .acknowledgementShutdownTimeout(Duration.ofSeconds(1)).build());
        processor.start();
    }

    /** Acknowledges one message of the quiet group, then ten of the busy group every 50 ms. */
    private String quietAmongBusy(BatchingAcknowledgementProcessor<software.amazon.awssdk.services.sqs.model.Message> processor,
            AtomicInteger busyBatches) {
        // Acknowledged as the engine does: through ours, with the reason; through Spring Cloud AWS's callback alone.
        java.util.function.Consumer<Message<software.amazon.awssdk.services.sqs.model.Message>> acknowledge =
                processor instanceof FlushingAcknowledgementProcessor ours ? m -> ours.acknowledge(m, "done")
                        : processor::onAcknowledge;
        Message<software.amazon.awssdk.services.sqs.model.Message> quiet = message("quiet");
        acknowledge.accept(quiet);
        busy.scheduleAtFixedRate(() -> {
            for (int i = 0; i < 10; i++) {
                acknowledge.accept(message("busy"));
            }
            busyBatches.incrementAndGet();
        }, 10, 50, TimeUnit.MILLISECONDS);
        return MessageHeaderUtils.getId(quiet);
    }

    @Test
    void aQuietGroupsDeleteGoesOutAfterOneIntervalWhileAnotherGroupKeepsFillingBatches() {
        FlushingAcknowledgementProcessor processor = new FlushingAcknowledgementProcessor("q", "quiet-group-test",
                new VisibilityHeartbeat("q", null, Duration.ofSeconds(30), Duration.ofMinutes(15), MegaMetrics.NOOP),
                MegaMetrics.NOOP);
        started(processor);
        AtomicInteger busyBatches = new AtomicInteger();
        String quiet = quietAmongBusy(processor, busyBatches);
        // While the busy group goes on (it never stops here).
        await().atMost(Duration.ofSeconds(5)).until(() -> deletedAt.containsKey(quiet));
        assertThat(busyBatches.get()).as("busy batches meanwhile").isPositive();
        processor.stop();
    }

    @Test
    void springCloudAws410AloneHoldsTheQuietGroupsDeleteForAsLongAsTheOtherGroupIsBusy() {
        // The finding itself. When this fails, Spring Cloud AWS flushes per group and flushOverdue can go.
        BatchingAcknowledgementProcessor<software.amazon.awssdk.services.sqs.model.Message> processor =
                new BatchingAcknowledgementProcessor<>();
        started(processor);
        AtomicInteger busyBatches = new AtomicInteger();
        String quiet = quietAmongBusy(processor, busyBatches);
        await().during(INTERVAL.multipliedBy(10)).atMost(Duration.ofSeconds(5)).until(() -> !deletedAt.containsKey(quiet));
        busy.shutdownNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> deletedAt.containsKey(quiet));
        processor.stop();
    }
}
