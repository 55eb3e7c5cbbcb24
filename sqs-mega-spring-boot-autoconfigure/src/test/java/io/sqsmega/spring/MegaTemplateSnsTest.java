package io.sqsmega.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.Fauxqs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** MegaTemplate publishing to SNS topics, read back through subscribed SQS queues (fauxqs). */
class MegaTemplateSnsTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private SnsClient sns;
    private SnsAsyncClient snsAsync;
    private SqsClient sqs;
    private String topicName;
    private String topicArn;
    private String envelopeQueue;
    private String rawQueue;
    private final BodyDecoder decoder = BodyDecoder.create();

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @BeforeEach
    void topicWithTwoSubscribedQueues() {
        Fauxqs fauxqs = Fauxqs.shared();
        sns = fauxqs.newSnsClient();
        snsAsync = fauxqs.newSnsAsyncClient();
        sqs = fauxqs.newSqsClient();
        int n = SEQUENCE.incrementAndGet();
        topicName = "orders-" + n;
        topicArn = sns.createTopic(b -> b.name(topicName)).topicArn();
        envelopeQueue = subscribedQueue("envelope-" + n, false);
        rawQueue = subscribedQueue("raw-" + n, true);
    }

    @AfterEach
    void closeClients() {
        sns.close();
        snsAsync.close();
        sqs.close();
    }

    private String subscribedQueue(String name, boolean raw) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", String.valueOf(raw))));
        return url;
    }

    private MegaTemplate template(Map<String, SnsTopicPublisher.TopicDefinition> topics) {
        EmbeddedSqs queues = EmbeddedSqs.shared();
        return new MegaTemplate(queues.asyncClient(), new QueueResolver(queues.asyncClient(), Map.of()),
                PayloadEncoder.create(), Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES,
                io.sqsmega.spring.metrics.MegaMetrics.NOOP, new SnsTopicPublisher(snsAsync, topics));
    }

    private List<Message> receive(String url, int count) {
        List<Message> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            messages.addAll(batch);
            return messages.size() >= count;
        });
        return messages;
    }

    private DecodeResult.Decoded decode(Message message) {
        Map<String, String> attributes = message.messageAttributes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
        DecodeResult result = decoder.decode(message.body(), attributes);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return (DecodeResult.Decoded) result;
    }

    @Test
    void publishesToATopicWithAndWithoutRawDelivery() {
        MegaEvent event = MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                .attribute("quantity", 5).build();
        String id = template(Map.of()).publish(topicArn, event,
                PublishOptions.builder().subject("cart").attribute("tenant", "acme").build());
        assertThat(id).isNotBlank();

        DecodeResult.Decoded enveloped = decode(receive(envelopeQueue, 1).get(0));
        assertThat(enveloped.payload()).isEqualTo(new Payload.Mega(event));
        assertThat(enveloped.envelope().topicArn()).isEqualTo(topicArn);
        assertThat(enveloped.envelope().messageId()).isEqualTo(id);
        assertThat(enveloped.envelope().subject()).isEqualTo("cart");
        assertThat(enveloped.envelope().attributeValue("tenant")).isEqualTo("acme");
        assertThat(enveloped.envelope().attributeValue("mega-payload")).isEqualTo("mega+json");

        Message raw = receive(rawQueue, 1).get(0);
        assertThat(decode(raw).payload()).isEqualTo(new Payload.Mega(event));
        assertThat(raw.messageAttributes().get("mega-payload").stringValue()).isEqualTo("mega+json");
    }

    @Test
    void bsonAndTextTravelThroughTheEnvelopeWithTheirAttribute() {
        MegaTemplate template = template(Map.of());
        template.publish(topicArn, Map.of("type", "note", "n", 1099511627776L),
                PublishOptions.builder().encoding(Encoding.BSON).build());
        template.publish(topicArn, "test");
        List<Payload> payloads = receive(envelopeQueue, 2).stream().map(m -> decode(m).payload()).toList();
        assertThat(payloads).containsExactlyInAnyOrder(new Payload.Data(Map.of("type", "note", "n", 1099511627776L)),
                new Payload.Text("test"));
    }

    @Test
    void logicalTopicNamesAreFoundByName() {
        MegaTemplate template = template(Map.of("orders", new SnsTopicPublisher.TopicDefinition(topicName, null)));
        String id = template.publish("orders", Map.of("a", 1));
        assertThat(decode(receive(envelopeQueue, 1).get(0)).envelope().messageId()).isEqualTo(id);
    }

    @Test
    void batchesToATopic() {
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            payloads.add(Map.of("n", i));
        }
        BatchPublishResult result = template(Map.of()).publishAll(topicArn, payloads);
        assertThat(result.allSucceeded()).isTrue();
        assertThat(receive(rawQueue, 12)).hasSize(12);
    }

    @Test
    void aTopicBatchStaysWithinTheTotalSizeSnsAcceptsPerRequest() {
        // Three bodies of 100 KiB: each fits a message, all three do not fit one PublishBatch (256 KiB in all).
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        try (SnsAsyncClient counted = SnsAsyncClient.builder().endpointOverride(Fauxqs.shared().endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("x", "x")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                                if (context.request() instanceof software.amazon.awssdk.services.sns.model.PublishBatchRequest) {
                                    batches.incrementAndGet();
                                }
                            }
                        }))
                .build()) {
            EmbeddedSqs queues = EmbeddedSqs.shared();
            MegaTemplate template = new MegaTemplate(queues.asyncClient(), new QueueResolver(queues.asyncClient(), Map.of()),
                    PayloadEncoder.create(), Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES,
                    io.sqsmega.spring.metrics.MegaMetrics.NOOP, new SnsTopicPublisher(counted, Map.of()));
            List<Object> payloads = List.of("a".repeat(100 * 1024), "b".repeat(100 * 1024), "c".repeat(100 * 1024));
            BatchPublishResult result = template.publishAll(topicArn, payloads);
            assertThat(result.failures()).isEmpty();
            assertThat(batches).as("two bodies in the first request, one in the second").hasValue(2);
            assertThat(receive(rawQueue, 3)).extracting(Message::body).containsExactlyInAnyOrderElementsOf(
                    payloads.stream().map(String::valueOf).toList());
        }
    }

    @Test
    void fifoTopicsCarryGroupAndDeduplicationIdsToFifoQueuesInOrder() {
        int n = SEQUENCE.incrementAndGet();
        String fifoTopic = sns.createTopic(b -> b.name("orders-" + n + ".fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        String queueUrl = sqs.createQueue(b -> b.queueName("fifo-" + n + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(fifoTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        MegaTemplate template = template(Map.of());

        for (int i = 1; i <= 3; i++) {
            template.publish(fifoTopic, Map.of("step", i),
                    PublishOptions.builder().messageGroupId("cart-7").deduplicationId("step-" + i).build());
        }
        // The same deduplication id again within the 5-minute window: SNS drops it.
        template.publish(fifoTopic, Map.of("step", 99),
                PublishOptions.builder().messageGroupId("cart-7").deduplicationId("step-1").build());
        // A batch's deduplication id gets each entry's index appended: batch-0, batch-1.
        BatchPublishResult batch = template.publishAll(fifoTopic, List.of(Map.of("step", 4), Map.of("step", 5)),
                PublishOptions.builder().messageGroupId("cart-7").deduplicationId("batch").build());
        assertThat(batch.failures()).isEmpty();

        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("MessageGroupId")).messages();
            messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            received.addAll(messages);
            return received.size() >= 5;
        });
        assertThat(received.stream().map(m -> ((Payload.Data) decode(m).payload()).data().get("step")).toList())
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(received).allSatisfy(m -> assertThat(m.attributesAsStrings()).containsEntry("MessageGroupId", "cart-7"));
    }

    @Test
    void aFifoTopicWithoutAGroupIdIsRefusedWithTheReason() {
        int n = SEQUENCE.incrementAndGet();
        String fifoTopic = sns.createTopic(b -> b.name("nogroup-" + n + ".fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        assertThatThrownBy(() -> template(Map.of()).publish(fifoTopic, Map.of("a", 1)))
                .isInstanceOf(MegaPublishException.class).hasMessageContaining(fifoTopic);
    }

    @Test
    void aMissingTopicSaysHowToFixIt() {
        MegaTemplate template = template(Map.of("audit", new SnsTopicPublisher.TopicDefinition("no-such-topic", null)));
        assertThatThrownBy(() -> template.publish("audit", "x")).isInstanceOf(MegaPublishException.class)
                .hasMessage("SNS topic 'no-such-topic' does not exist (destination 'audit'). Create it, or point "
                        + "mega.topics.audit.name or .arn at an existing topic");
    }
}
