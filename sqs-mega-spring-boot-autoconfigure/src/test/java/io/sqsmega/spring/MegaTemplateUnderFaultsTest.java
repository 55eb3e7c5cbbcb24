package io.sqsmega.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Path 11 of the faults issue: {@code publishAll} while SQS fails under it, through the fault
 * injector. Every payload gets a result saying whether it was sent, so that sending the failed ones
 * again duplicates nothing; a FIFO publish never sends a message behind one that failed; an
 * observation started before a failure stops.
 */
class MegaTemplateUnderFaultsTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final SqsFaultInjector faults = SqsFaultInjector.inFrontOf(sqs.endpoint());
    private final SqsAsyncClient client = SqsAsyncClient.builder().endpointOverride(faults.endpoint())
            .region(EmbeddedSqs.REGION).credentialsProvider(EmbeddedSqs.credentials()).build();

    @AfterEach
    void close() {
        client.close();
        faults.close();
    }

    private MegaTemplate template() {
        return new MegaTemplate(client, new QueueResolver(client, Map.of()), PayloadEncoder.create(), Encoding.JSON,
                BodyDecoder.SQS_MAX_BODY_BYTES);
    }

    private static List<Map<String, Object>> payloads(int count) {
        List<Map<String, Object>> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add(Map.of("n", i));
        }
        return payloads;
    }

    private List<Integer> drain(String url, int count) {
        List<Integer> numbers = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (Message message : sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                numbers.add(Integer.parseInt(message.body().replaceAll("\\D", "")));
                sqs.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            return numbers.size() >= count;
        });
        return numbers;
    }

    @Test
    void aBatchRequestThatFailsAsAWholeFailsItsEntriesInTheResultInsteadOfThrowing() {
        // Before the fix publishAll threw, saying nothing of the entries other requests had sent meanwhile.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("publish-outage")));
        SqsFaultInjector.Injection outage = faults.inject(SqsFault.serverError("SendMessageBatch"));
        BatchPublishResult result = template().publishAll(url, payloads(10));
        outage.close();
        assertThat(result.entries()).hasSize(10);
        assertThat(result.failures()).hasSize(10).allSatisfy(entry -> {
            assertThat(entry.errorCode()).isEqualTo("InternalError");
            assertThat(entry.messageId()).isNull();
        });
        assertThat(sqs.visibleMessages(url)).isZero();

        BatchPublishResult again = template().publishAll(url, payloads(10));
        assertThat(again.allSucceeded()).isTrue();
        assertThat(drain(url, 10)).hasSize(10);
    }

    @Test
    void onAFifoQueueNothingIsSentBehindAnEntryThatFailed() {
        // Before the fix the failed entries of the first request were sent again after the later ones had gone,
        // and the next requests went on: the group's order on the queue was broken.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("publish-order") + ".fifo").asFifo());
        faults.inject(SqsFault.failedEntries("SendMessageBatch").fraction(0.3).times(1));
        BatchPublishResult result = template().publishAll(url, payloads(20), PublishOptions.builder()
                .messageGroupId("g").deduplicationId("d").build());
        assertThat(result.entries()).hasSize(20);
        assertThat(result.failures()).isNotEmpty();
        int firstFailed = result.failures().get(0).index();
        List<Integer> sent = result.entries().stream().filter(BatchPublishResult.Entry::succeeded)
                .map(BatchPublishResult.Entry::index).toList();
        // Nothing was sent after the first failure but what SQS took in that same request; no entry was retried
        // behind entries sent after it.
        assertThat(sent).allSatisfy(index -> assertThat(index < firstFailed || index < 10).isTrue());
        assertThat(result.entries().subList(10, 20)).allSatisfy(entry -> assertThat(entry.errorCode()).isEqualTo("NotSent"));
        // And the queue holds what was sent, in the order of the list.
        assertThat(drain(url, sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void anObservationStartedBeforeASynchronousFailureIsStopped() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public void onStart(Observation.Context context) {
                started.incrementAndGet();
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        TopicPublisher broken = new TopicPublisher() {
            @Override
            public boolean isTopic(String destination) {
                return true;
            }

            @Override
            public CompletableFuture<String> publish(String destination, EncodedBody body, PublishOptions options) {
                throw new IllegalStateException("client closed");
            }

            @Override
            public CompletableFuture<List<BatchPublishResult.Entry>> publishAll(String destination,
                    List<EncodedBody> bodies, PublishOptions options) {
                throw new IllegalStateException("client closed");
            }
        };
        MegaTemplate template = new MegaTemplate(client, new QueueResolver(client, Map.of()), PayloadEncoder.create(),
                Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES, MegaMetrics.NOOP, broken, observations);
        assertThatThrownBy(() -> template.publishAll("arn:aws:sns:us-east-1:000000000000:t", payloads(2)))
                .hasMessageContaining("client closed");
        assertThatThrownBy(() -> template.publish("arn:aws:sns:us-east-1:000000000000:t", Map.of("n", 1)))
                .hasMessageContaining("client closed");
        assertThat(started.get()).isEqualTo(2);
        assertThat(stopped.get()).isEqualTo(2);
    }
}
