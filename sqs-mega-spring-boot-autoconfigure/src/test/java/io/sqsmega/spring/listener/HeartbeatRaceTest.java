package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Path 2 of the faults issue: once {@code untrack} says no renewal of a message is on its way, none
 * may be sent. A settlement relies on it: a retry's backoff or a release set after it must not be
 * overwritten by a late renewal. Before the fix the tick found due messages in one loop and marked
 * them as being renewed in a second, so an untrack in between returned at once and the renewal went
 * out after it. The SQS client is the seam here: it records when each receipt handle's renewal
 * was sent, in one sequence with the untracks.
 */
class HeartbeatRaceTest {

    private static final int MESSAGES = 20_000;

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> renewedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
    }

    /** Records every renewal request's receipt handles, then answers that all went through. */
    private final class RecordingClient implements SqsAsyncClient {
        @Override
        public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeMessageVisibilityBatch(
                ChangeMessageVisibilityBatchRequest request) {
            long sent = sequence.incrementAndGet();
            request.entries().forEach(entry -> renewedAt.merge(entry.receiptHandle(), sent, Math::max));
            return CompletableFuture.completedFuture(ChangeMessageVisibilityBatchResponse.builder().build());
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noRenewalIsSentAfterUntrackSaidNoneWasOnItsWay() {
        // A 1 s visibility: every message is due for renewal half a second after it was tracked.
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat("q", new VisibilityChanges(new RecordingClient(), "q",
                "http://sqs/q"), Duration.ofSeconds(1), Duration.ofMinutes(15), MegaMetrics.NOOP);
        List<Message> messages = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(Message.builder().messageId("m" + i).receiptHandle("h" + i).build());
        }
        heartbeat.track(messages);
        heartbeat.start(scheduler);
        // Untrack them one by one over 1.5 s, paced by the clock (not slept), so that untracks land before, while
        // and after the tick that renews them (half a second in) goes through them.
        Map<String, Long> quietAt = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> untracked = new ArrayList<>(MESSAGES);
        long start = System.nanoTime();
        long every = Duration.ofMillis(1_500).toNanos() / MESSAGES;
        for (int i = 0; i < MESSAGES; i++) {
            while (System.nanoTime() - start < i * every) {
                Thread.onSpinWait();
            }
            Message message = messages.get(i);
            untracked.add(heartbeat.untrack(message).thenRun(() -> quietAt.put(message.receiptHandle(),
                    sequence.incrementAndGet())));
        }
        assertThat(renewedAt).as("renewals sent meanwhile").isNotEmpty();
        CompletableFuture.allOf(untracked.toArray(CompletableFuture[]::new)).join();
        heartbeat.stop();
        List<String> late = new ArrayList<>();
        quietAt.forEach((handle, quiet) -> {
            Long renewed = renewedAt.get(handle);
            if (renewed != null && renewed > quiet) {
                late.add(handle);
            }
        });
        assertThat(late).as("renewals sent after untrack completed").isEmpty();
    }
}
