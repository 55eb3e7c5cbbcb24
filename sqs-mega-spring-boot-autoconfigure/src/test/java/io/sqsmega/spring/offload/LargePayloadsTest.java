package io.sqsmega.spring.offload;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.offload.S3Pointer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What reading an offloaded body comes to, against stores that answer as S3 can. */
class LargePayloadsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final AtomicInteger reads = new AtomicInteger();

    private PayloadStore answering(CompletableFuture<byte[]> answer) {
        return new PayloadStore() {
            @Override
            public CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes) {
                reads.incrementAndGet();
                return answer.thenApply(body -> new Stored(body, false));
            }

            @Override
            public CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> delete(S3Pointer pointer) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    private LargePayloads over(PayloadStore store) {
        return LargePayloads.over(store, new LargePayloads.Settings("payloads", List.of(), 100, null, true, "", true));
    }

    private static String pointer(String bucket) {
        return new S3Pointer(bucket, "k").toBody();
    }

    @Test
    void aBodyIsReadFromAnAllowedBucket() {
        LargePayloads payloads = over(answering(CompletableFuture.completedFuture("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
        assertThat(payloads.resolve(pointer("payloads"), "SQSLargePayloadSize", "7", TIMEOUT))
                .isEqualTo(new LargePayloads.Resolved("{\"a\":1}", new S3Pointer("payloads", "k"), false));
    }

    @Test
    void anotherBucketOrADeclaredSizeOverTheLimitIsInvalidWithoutReadingAnything() {
        LargePayloads payloads = over(answering(CompletableFuture.completedFuture(new byte[1])));
        assertThat(payloads.resolve(pointer("elsewhere"), "ExtendedPayloadSize", "7", TIMEOUT))
                .isInstanceOf(LargePayloads.Invalid.class);
        LargePayloads.Invalid tooLarge = (LargePayloads.Invalid) payloads.resolve(pointer("payloads"),
                "ExtendedPayloadSize", "101", TIMEOUT);
        assertThat(tooLarge.reason()).contains("101 bytes, over mega.max-offloaded-bytes (100)");
        assertThat(tooLarge.payloadMissing()).isFalse();
        assertThat(reads).hasValue(0);
    }

    @Test
    void aMissingObjectIsInvalidAndAFailingS3IsRetriedLater() {
        S3Pointer where = new S3Pointer("payloads", "k");
        assertThat(over(answering(CompletableFuture.failedFuture(new PayloadStore.PayloadNotFoundException(where, null))))
                .resolve(pointer("payloads"), "SQSLargePayloadSize", null, TIMEOUT))
                .isInstanceOfSatisfying(LargePayloads.Invalid.class, invalid -> assertThat(invalid.payloadMissing())
                        .as("ignore-payload-not-found deletes such a message").isTrue());
        LargePayloads.Resolution down = over(answering(CompletableFuture.failedFuture(
                new IllegalStateException("503 Slow Down")))).resolve(pointer("payloads"), "SQSLargePayloadSize", "7",
                TIMEOUT);
        assertThat(down).isInstanceOf(LargePayloads.Unreachable.class);
        assertThat(((LargePayloads.Unreachable) down).reason()).contains("503 Slow Down");
        assertThat(over(answering(new CompletableFuture<>())).resolve(pointer("payloads"), "SQSLargePayloadSize", "7",
                Duration.ofMillis(50))).isInstanceOf(LargePayloads.Unreachable.class);
    }

    @Test
    void cleanupDeletesABodyOneMessagePointedAtAndKeepsOneThatCameThroughATopic() {
        List<S3Pointer> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        PayloadStore store = new PayloadStore() {
            @Override
            public CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes) {
                return CompletableFuture.completedFuture(new Stored(new byte[] {'{', '}'}, pointer.key().equals("topic")));
            }

            @Override
            public CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> delete(S3Pointer pointer) {
                deleted.add(pointer);
                return CompletableFuture.completedFuture(null);
            }
        };
        LargePayloads payloads = over(store);
        LargePayloads.Resolved own = (LargePayloads.Resolved) payloads.resolve(new S3Pointer("payloads", "queue").toBody(),
                "SQSLargePayloadSize", null, TIMEOUT);
        LargePayloads.Resolved published = (LargePayloads.Resolved) payloads.resolve(
                new S3Pointer("payloads", "topic").toBody(), "SQSLargePayloadSize", null, TIMEOUT);
        // Read from an SNS envelope: through a topic, whoever stored it.
        LargePayloads.Resolved enveloped = own.fannedOut();
        payloads.cleanUp(own);
        payloads.cleanUp(published);
        payloads.cleanUp(enveloped);
        assertThat(deleted).containsExactly(new S3Pointer("payloads", "queue"));
    }

    @Test
    void withoutAStoreEveryPointerIsInvalidSayingWhatToConfigure() {
        LargePayloads.Resolution resolution = LargePayloads.unavailable(LargePayloads.NOT_CONFIGURED)
                .resolve(pointer("payloads"), "SQSLargePayloadSize", "7", TIMEOUT);
        assertThat(((LargePayloads.Invalid) resolution).reason()).contains("add software.amazon.awssdk:s3");
    }
}
