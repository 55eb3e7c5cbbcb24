package io.sqsmega.spring.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.offload.S3Pointer;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** When a body goes to S3 and what the message then carries, against a store in memory. */
class QueueOffloadingTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final Map<S3Pointer, byte[]> stored = new ConcurrentHashMap<>();
    private final Map<S3Pointer, Boolean> fannedOut = new ConcurrentHashMap<>();

    private final PayloadStore store = new PayloadStore() {
        @Override
        public CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes) {
            return CompletableFuture.completedFuture(new Stored(stored.get(pointer), fannedOut.get(pointer)));
        }

        @Override
        public CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut) {
            stored.put(pointer, body);
            fannedOut.put(pointer, fanOut);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(S3Pointer pointer) {
            stored.remove(pointer);
            return CompletableFuture.completedFuture(null);
        }
    };

    private QueueOffloading offloading(Integer threshold) {
        return new QueueOffloading(LargePayloads.over(store, new LargePayloads.Settings("b", List.of(), 2 * 1024 * 1024,
                threshold, true, "p/", true)), sqs.asyncClient());
    }

    private static Map<String, MessageAttributeValue> attributes(int count) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
        }
        return attributes;
    }

    @Test
    void aBodyOverTheQueuesMaximumGoesToS3WithTheMarkerAndOneUnderItStays() {
        // ElasticMQ keeps no MaximumMessageSize of its own: the queue takes what SQS takes (256 KiB or 1 MiB).
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("offloading")));
        QueueOffloading offloading = offloading(null);
        int over = 1024 * 1024 + 1;

        QueueOffloading.Outgoing small = offloading.toQueue(url, "x".repeat(1500), attributes(1)).join();
        assertThat(small.pointer()).isNull();
        QueueOffloading.Outgoing large = offloading.toQueue(url, "x".repeat(over), attributes(1)).join();
        assertThat(large.pointer().bucket()).isEqualTo("b");
        assertThat(large.pointer().key()).startsWith("p/");
        assertThat(large.body()).isEqualTo(large.pointer().toBody());
        assertThat(large.attributes().get("SQSLargePayloadSize").stringValue()).isEqualTo(String.valueOf(over));
        assertThat(large.attributes().get("SQSLargePayloadSize").dataType()).isEqualTo("Number");
        assertThat(stored.get(large.pointer())).hasSize(over);
        assertThat(fannedOut.get(large.pointer())).as("one queue message points at it").isFalse();
    }

    @Test
    void aBodyPublishedToATopicIsStoredFannedOutSoThatNoSubscriberDeletesIt() {
        QueueOffloading.Outgoing large = offloading(null).toTopic("reports", "x".repeat(300 * 1024), attributes(1)).join();
        assertThat(fannedOut.get(large.pointer())).as("every subscription's copy points at it").isTrue();
        LargePayloads payloads = LargePayloads.over(store, new LargePayloads.Settings("b", List.of(), 2 * 1024 * 1024,
                null, true, "p/", true));
        LargePayloads.Resolution read = payloads.resolve(large.body(), "SQSLargePayloadSize", null, java.time.Duration.ofSeconds(5));
        assertThat(read).isInstanceOfSatisfying(LargePayloads.Resolved.class, resolved -> {
            assertThat(resolved.fanOut()).isTrue();
            payloads.cleanUp(resolved);
        });
        assertThat(stored).containsKey(large.pointer());
    }

    @Test
    void aThresholdBelowTheSmallestQueueLimitOffloadsSmallBodiesToo() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("offloading-small")));
        assertThat(offloading(100).toQueue(url, "x".repeat(500), Map.of()).join().pointer()).isNotNull();
        assertThat(offloading(null).toQueue(url, "x".repeat(500), Map.of()).join().pointer()).isNull();
    }

    @Test
    void theMarkerNeedsRoomTheTraceContextGivesItAndOtherwiseTheErrorSaysSo() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("offloading-full")));
        Map<String, MessageAttributeValue> traced = attributes(9);
        traced.put("traceparent", MessageAttributeValue.builder().dataType("String").stringValue("00-1-2-01").build());
        QueueOffloading.Outgoing outgoing = offloading(100).toQueue(url, "x".repeat(500), traced).join();
        assertThat(outgoing.attributes()).hasSize(10).containsKey("SQSLargePayloadSize").doesNotContainKey("traceparent");
        assertThatThrownBy(() -> offloading(100).toQueue(url, "x".repeat(500), attributes(10)).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an offloaded message carries an attribute of its own (SQSLargePayloadSize)");
    }
}
