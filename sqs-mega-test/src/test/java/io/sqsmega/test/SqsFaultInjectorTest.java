package io.sqsmega.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The fault injector in front of the embedded SQS, seen through the real SDK client with its own
 * retries: what fails, what SQS did anyway, and what passes.
 */
class SqsFaultInjectorTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final SqsFaultInjector faults = SqsFaultInjector.inFrontOf(sqs.endpoint());

    @AfterEach
    void close() {
        faults.close();
    }

    private SqsClient client(RetryMode retries) {
        return SqsClient.builder().endpointOverride(faults.endpoint()).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).overrideConfiguration(c -> c.retryStrategy(retries))
                .build();
    }

    private String queue(String name) {
        return sqs.createQueue(QueueSpec.standard(sqs.uniqueName(name)));
    }

    @Test
    void passesEverythingThroughUntilAFaultIsInjected() {
        String url = queue("clean");
        try (SqsClient client = client(RetryMode.STANDARD)) {
            client.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages())
                    .extracting(Message::body).containsExactly("hello");
        }
        assertThat(faults.requests("SendMessage")).isEqualTo(1);
        assertThat(faults.requests("ReceiveMessage")).isEqualTo(1);
        assertThat(faults.injected("SendMessage")).isZero();
    }

    @Test
    void aServerErrorOutlastsTheSdksRetriesAndEndsWhenRemoved() {
        String url = queue("outage");
        try (SqsClient client = client(RetryMode.STANDARD)) {
            SqsFaultInjector.Injection outage = faults.inject(SqsFault.serverError("SendMessage"));
            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(url).messageBody("lost?")))
                    .isInstanceOfSatisfying(SqsException.class, ex -> {
                        assertThat(ex.statusCode()).isEqualTo(500);
                        assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                    });
            // Standard retry mode: three attempts, all refused; nothing reached SQS.
            assertThat(outage.applied()).isEqualTo(3);
            assertThat(sqs.visibleMessages(url)).isZero();
            // Receives are not named: they pass.
            assertThat(client.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();

            outage.close();
            client.sendMessage(b -> b.queueUrl(url).messageBody("after"));
            assertThat(sqs.visibleMessages(url)).isEqualTo(1);
        }
    }

    @Test
    void throttlingIsSeenAsThrottlingByTheSdk() {
        String url = queue("throttled");
        faults.inject(SqsFault.throttling("SendMessage"));
        try (SqsClient client = client(RetryMode.STANDARD)) {
            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(url).messageBody("x")))
                    .isInstanceOfSatisfying(SqsException.class, ex -> {
                        assertThat(ex.isThrottlingException()).isTrue();
                        assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("RequestThrottled");
                    });
        }
    }

    @Test
    void aFaultLimitedInTimesLetsTheSdksRetrySucceed() {
        String url = queue("blip");
        faults.inject(SqsFault.serverError("SendMessage").times(1));
        try (SqsClient client = client(RetryMode.STANDARD)) {
            client.sendMessage(b -> b.queueUrl(url).messageBody("retried"));
        }
        assertThat(faults.requests("SendMessage")).isEqualTo(2);
        assertThat(faults.injected("SendMessage")).isEqualTo(1);
        assertThat(sqs.visibleMessages(url)).isEqualTo(1);
    }

    @Test
    void aLostResponseHidesWhatSqsDid() {
        String url = queue("lost");
        faults.inject(SqsFault.lostResponse("SendMessage").times(1));
        try (SqsClient client = client(RetryMode.STANDARD)) {
            // The first send lands but is answered 500; the SDK sends again: two messages, as in AWS.
            client.sendMessage(b -> b.queueUrl(url).messageBody("twice"));
        }
        assertThat(sqs.visibleMessages(url)).isEqualTo(2);
    }

    @Test
    void failedEntriesFailSingleEntriesOfABatchAndLeaveTheOthersDone() {
        String url = queue("entries");
        try (SqsClient client = client(RetryMode.STANDARD)) {
            for (int i = 0; i < 10; i++) {
                int n = i;
                client.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
            }
            List<Message> received = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(5)).messages();
            assertThat(received).hasSize(10);
            faults.inject(SqsFault.failedEntries("DeleteMessageBatch").fraction(0.5));
            DeleteMessageBatchResponse response = client.deleteMessageBatch(b -> b.queueUrl(url).entries(
                    received.stream().map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).build()).toList()));
            assertThat(response.failed()).isNotEmpty().allSatisfy(failed -> {
                assertThat(failed.code()).isEqualTo("InternalError");
                assertThat(failed.senderFault()).isFalse();
            });
            assertThat(response.successful()).isNotEmpty();
            assertThat(response.failed().size() + response.successful().size()).isEqualTo(10);
            // What failed is still on the queue (in flight); what succeeded is gone.
            assertThat(sqs.inFlightMessages(url)).isEqualTo(response.failed().size());

            faults.clear();
            faults.inject(SqsFault.failedEntries("DeleteMessageBatch"));
            List<Message> rest = received.stream()
                    .filter(m -> response.failed().stream().anyMatch(f -> f.id().equals(m.messageId()))).toList();
            DeleteMessageBatchResponse all = client.deleteMessageBatch(b -> b.queueUrl(url).entries(rest.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList()));
            assertThat(all.failed()).hasSize(rest.size());
            assertThat(all.successful()).isEmpty();
            assertThat(sqs.inFlightMessages(url)).isEqualTo(rest.size());
        }
    }

    @Test
    void latencyHoldsEachRequest() {
        String url = queue("slow");
        faults.inject(SqsFault.latency(Duration.ofMillis(300), "GetQueueAttributes"));
        try (SqsClient client = client(RetryMode.STANDARD)) {
            long start = System.nanoTime();
            client.getQueueAttributes(b -> b.queueUrl(url));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void windowsOpenAndCloseOnTheirSchedule() {
        SqsFault periodic = SqsFault.serverError().after(Duration.ofSeconds(1)).lasting(Duration.ofSeconds(2))
                .every(Duration.ofSeconds(7));
        assertThat(periodic.activeAt(Duration.ofMillis(500))).isFalse();
        assertThat(periodic.activeAt(Duration.ofMillis(1_000))).isTrue();
        assertThat(periodic.activeAt(Duration.ofMillis(2_999))).isTrue();
        assertThat(periodic.activeAt(Duration.ofMillis(3_000))).isFalse();
        assertThat(periodic.activeAt(Duration.ofMillis(8_500))).isTrue();
        assertThat(periodic.activeAt(Duration.ofMillis(10_500))).isFalse();
        assertThat(SqsFault.serverError().activeAt(Duration.ofDays(1))).isTrue();
        assertThatThrownBy(() -> SqsFault.serverError().every(Duration.ofSeconds(1)))
                .hasMessageContaining("duration shorter than its period");
        assertThatThrownBy(() -> SqsFault.failedEntries()).hasMessageContaining("batch operations");
    }

    @Test
    void inFrontOfS3ItNamesRequestsByTheirMethodSoThatReadsCanFailWhileWritesPass() {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        s3.createBucket("injected");
        try (SqsFaultInjector s3Faults = SqsFaultInjector.inFrontOf(s3.endpoint());
                software.amazon.awssdk.services.s3.S3Client client = software.amazon.awssdk.services.s3.S3Client.builder()
                        .endpointOverride(s3Faults.endpoint()).region(EmbeddedSqs.REGION).forcePathStyle(true)
                        .credentialsProvider(EmbeddedSqs.credentials()).build()) {
            s3Faults.inject(SqsFault.serverError("GET"));
            client.putObject(b -> b.bucket("injected").key("k"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("body"));
            assertThat(s3.exists("injected", "k")).as("the write passed").isTrue();
            assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("injected").key("k")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
                            ex -> assertThat(ex.statusCode()).isEqualTo(500));
            assertThat(s3Faults.requests("PUT")).isEqualTo(1);
            assertThat(s3Faults.injected("GET")).as("the read and the SDK's retries").isGreaterThan(1);
        }
    }
}
