package io.sqsmega.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadFormat;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.EmbeddedSqsExtension;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** MegaTemplate against a real SQS server (embedded ElasticMQ), read back with a plain SQS client. */
@ExtendWith(EmbeddedSqsExtension.class)
class MegaTemplateIntegrationTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final BodyDecoder decoder = BodyDecoder.create();

    record Cart(String id, int items) {
    }

    private MegaTemplate template(Map<String, QueueResolver.QueueDefinition> queues) {
        return new MegaTemplate(sqs.asyncClient(), new QueueResolver(sqs.asyncClient(), queues), PayloadEncoder.create(),
                Encoding.JSON, BodyDecoder.SQS_MAX_BODY_BYTES);
    }

    private static MegaTemplate template(SqsAsyncClient client) {
        return new MegaTemplate(client, new QueueResolver(client, Map.of()), PayloadEncoder.create(), Encoding.JSON,
                BodyDecoder.SQS_MAX_BODY_BYTES);
    }

    /** Receives and deletes until {@code count} messages arrived (a FIFO group releases more only then). */
    private List<Message> receive(String url, int count) {
        List<Message> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Message> batch = sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages();
            batch.forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            messages.addAll(batch);
            return messages.size() >= count;
        });
        return messages;
    }

    private Payload decode(Message message) {
        Map<String, String> attributes = message.messageAttributes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
        DecodeResult result = decoder.decode(message.body(), attributes);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).payload();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void publishesEveryKindInEveryEncoding(Encoding encoding) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("kinds-" + encoding)));
        MegaTemplate template = template(Map.of());
        PublishOptions options = PublishOptions.builder().encoding(encoding).build();
        MegaEvent event = MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                .attribute("quantity", 5).build();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "user_notification");
        data.put("n", 1099511627776L);

        Map<String, Payload> expectedById = new LinkedHashMap<>();
        expectedById.put(template.publish(url, event, options), new Payload.Mega(event));
        expectedById.put(template.publish(url, data, options), new Payload.Data(data));
        expectedById.put(template.publish(url, new Cart("c-1", 3), options),
                new Payload.Data(Map.of("id", "c-1", "items", 3)));
        if (encoding == Encoding.JSON) {
            // Text that looks like Base64 stays text thanks to the attribute.
            expectedById.put(template.publish(url, "test"), new Payload.Text("test"));
        }
        expectedById.put(template.publish(url, new byte[] {0, 1, 2}, options), new Payload.Binary(new byte[] {0, 1, 2}));

        List<Message> messages = receive(url, expectedById.size());
        assertThat(messages).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(expectedById.keySet());
        for (Message message : messages) {
            assertThat(decode(message)).isEqualTo(expectedById.get(message.messageId()));
            assertThat(message.messageAttributes()).containsKey(PayloadFormat.ATTRIBUTE);
        }
    }

    @Test
    void textCannotBeBsonEncoded() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("text-bson")));
        assertThatThrownBy(() -> template(Map.of()).publish(url, "hi", PublishOptions.builder().encoding(Encoding.BSON).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be BSON-encoded");
    }

    @Test
    void resolvesLogicalNamesQueueNamesUrlsAndArns() {
        String name = sqs.uniqueName("resolve");
        String url = sqs.createQueue(QueueSpec.standard(name));
        MegaTemplate template = template(Map.of("orders", new QueueResolver.QueueDefinition(name, null, false),
                "by-url", new QueueResolver.QueueDefinition(null, url, false)));
        Set<String> ids = Set.of(template.publish("orders", "a"), template.publish("by-url", "b"),
                template.publish(name, "c"), template.publish(url, "d"),
                template.publish("arn:aws:sqs:us-east-1:" + EmbeddedSqs.ACCOUNT_ID + ":" + name, "e"));
        assertThat(receive(url, 5)).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aMissingQueueSaysHowToFixIt() {
        MegaTemplate template = template(Map.of("orders", new QueueResolver.QueueDefinition("no-such-queue-x", null, false)));
        assertThatThrownBy(() -> template.publish("orders", "x"))
                .isInstanceOf(MegaPublishException.class)
                .hasMessage("SQS queue 'no-such-queue-x' does not exist (destination 'orders'). Create it, point "
                        + "mega.queues.orders.name or .url at an existing queue, or set "
                        + "mega.queues.orders.create-if-missing=true");
    }

    @Test
    void createsMissingQueuesWhenAsked() {
        String name = sqs.uniqueName("created");
        MegaTemplate template = template(Map.of("audit", new QueueResolver.QueueDefinition(name, null, true)));
        String id = template.publish("audit", Map.of("a", 1));
        assertThat(receive(sqs.queueUrl(name), 1)).extracting(Message::messageId).containsExactly(id);
    }

    @Test
    void fifoGroupsAndDeduplicationIds() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("ordered")).asFifo());
        MegaTemplate template = template(Map.of());
        PublishOptions options = PublishOptions.builder().messageGroupId("cart-1").deduplicationId("op-1").build();
        String first = template.publish(url, "once", options);
        template.publish(url, "once again", options);
        List<Message> messages = sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages();
        assertThat(messages).extracting(Message::messageId).containsExactly(first);
    }

    @Test
    void delaysHideTheMessageUntilDue() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("delayed")));
        String id = template(Map.of()).publish(url, "later", PublishOptions.builder().delay(Duration.ofSeconds(2)).build());
        assertThat(sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();
        assertThat(receive(url, 1)).extracting(Message::messageId).containsExactly(id);
    }

    @Test
    void extraAttributesTravelWithTheMessage() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("attributes")));
        template(Map.of()).publish(url, "x", PublishOptions.builder().attribute("tenant", "acme").build());
        Message message = receive(url, 1).get(0);
        assertThat(message.messageAttributes().get("tenant").stringValue()).isEqualTo("acme");
        assertThat(message.messageAttributes().get(PayloadFormat.ATTRIBUTE).stringValue()).isEqualTo("text");
    }

    @Test
    void refusesWhatSqsWouldRejectBeforeSending() {
        MegaTemplate template = template(Map.of());
        PublishOptions.Builder many = PublishOptions.builder();
        IntStream.range(0, 10).forEach(i -> many.attribute("a" + i, "v"));
        assertThatThrownBy(() -> template.publish("any", "x", many.build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass at most 9, got 10");
        assertThatThrownBy(() -> template.publish("any", "x", PublishOptions.builder()
                .attribute(PayloadFormat.ATTRIBUTE, "text").build())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> template.publish("any", "x".repeat(BodyDecoder.SQS_MAX_BODY_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the SQS limit");
        assertThatThrownBy(() -> PublishOptions.builder().delay(Duration.ofMinutes(16)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicsNeedAnSnsClientAndOptionsBelongToTheirService() {
        MegaTemplate template = template(Map.of());
        assertThatThrownBy(() -> template.publish("arn:aws:sns:us-east-1:000000000000:orders", "x"))
                .isInstanceOf(MegaPublishException.class)
                .hasMessage("Publishing to SNS topic 'arn:aws:sns:us-east-1:000000000000:orders' needs an SNS client, "
                        + "and there is none: SQS MEGA uses your SnsAsyncClient bean, or makes one from Spring Cloud "
                        + "AWS's SNS settings when spring-cloud-aws-starter-sns is there (sqs-mega-spring-boot-starter "
                        + "brings it) and spring.cloud.aws.sns.enabled is not false");
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("subject")));
        assertThatThrownBy(() -> template.publish(url, "x", PublishOptions.builder().subject("s").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject applies to SNS topics");
    }

    @Test
    void publishesAsynchronously() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("async")));
        String id = template(Map.of()).publishAsync(url, Map.of("a", 1)).join();
        assertThat(receive(url, 1)).extracting(Message::messageId).containsExactly(id);
    }

    @Test
    void batchesAnyCountWithOneResultPerPayload() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("batch")));
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            payloads.add(Map.of("n", i));
        }
        BatchPublishResult result = template(Map.of()).publishAll(url, payloads);
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.entries()).extracting(BatchPublishResult.Entry::index)
                .containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        Set<String> ids = result.entries().stream().map(BatchPublishResult.Entry::messageId).collect(Collectors.toSet());
        assertThat(ids).hasSize(25);
        List<Message> messages = receive(url, 25);
        assertThat(messages).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aPartialBatchFailureIsReportedPerEntryAndNothingIsLost() {
        // A FIFO queue rejects entries without a message group id: a sender fault, so not retried.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("partial")).asFifo());
        MegaTemplate template = template(Map.of());
        List<Object> grouped = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            grouped.add("m" + i);
        }
        BatchPublishResult ok = template.publishAll(url, grouped, PublishOptions.builder().messageGroupId("g")
                .deduplicationId("batch").build());
        assertThat(ok.allSucceeded()).isTrue();
        BatchPublishResult failed = template.publishAll(url, List.of("x", "y"));
        assertThat(failed.allSucceeded()).isFalse();
        assertThat(failed.failures()).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.errorCode()).isNotBlank();
            assertThat(entry.attempts()).isEqualTo(1);
        });
        // Every payload is accounted for: 25 sent and received, 2 reported failed.
        Set<String> sent = ok.entries().stream().map(BatchPublishResult.Entry::messageId).collect(Collectors.toSet());
        assertThat(receive(url, 25)).extracting(Message::messageId).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void publishAllSendsSeveralBatchesAtOnceToAStandardQueue() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("concurrent")));
        RequestCounter requests = new RequestCounter();
        SqsAsyncClient client = requests.client(sqs);
        MegaTemplate template = template(client);
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            payloads.add(Map.of("n", i));
        }
        BatchPublishResult result = template.publishAll(url, payloads);
        assertThat(result.allSucceeded()).isTrue();
        assertThat(requests.count("SendMessageBatch")).isEqualTo(20);
        assertThat(requests.mostInFlight("SendMessageBatch")).as("batches in flight at once").isGreaterThan(1)
                .isLessThanOrEqualTo(BatchSends.MAX_IN_FLIGHT);
        assertThat(receive(url, 200)).hasSize(200);
    }

    @Test
    void publishAllKeepsTheOrderOfAFifoGroup() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("ordered")).asFifo());
        RequestCounter requests = new RequestCounter();
        SqsAsyncClient client = requests.client(sqs);
        MegaTemplate template = template(client);
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            payloads.add("m" + i);
        }
        BatchPublishResult result = template.publishAll(url, payloads, PublishOptions.builder().messageGroupId("g")
                .deduplicationId("run").build());
        assertThat(result.allSucceeded()).isTrue();
        assertThat(requests.mostInFlight("SendMessageBatch")).as("one batch at a time").isEqualTo(1);
        assertThat(receive(url, 50)).extracting(Message::body).containsExactlyElementsOf(payloads.stream()
                .map(String::valueOf).toList());
    }

    @Test
    void publishAllKeepsEachRequestWithinTheTotalSizeSqsAccepts() {
        // Ten bodies of 300 KiB: under the 1 MiB a message may be, three times what one SendMessageBatch may carry.
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("heavy")));
        RequestCounter requests = new RequestCounter();
        SqsAsyncClient client = requests.client(sqs);
        MegaTemplate template = template(client);
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            payloads.add(i + "x".repeat(300 * 1024));
        }
        BatchPublishResult result = template.publishAll(url, payloads);
        assertThat(result.failures()).isEmpty();
        assertThat(requests.count("SendMessageBatch")).as("three bodies per request, four requests").isEqualTo(4);
        assertThat(receive(url, 10)).extracting(Message::body).containsExactlyInAnyOrderElementsOf(payloads.stream()
                .map(String::valueOf).toList());
    }

    @Test
    void batchRequestsAreCutByCountAndByBytesInOrderAndAnOversizedEntryGoesAlone() {
        List<Integer> sizes = List.of(100, 100, 900, 50, 2000, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        assertThat(BatchSends.chunks(sizes, Integer::intValue, 1000)).containsExactly(
                List.of(100, 100), List.of(900, 50), List.of(2000),
                List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10), List.of(10));
        assertThat(BatchSends.chunks(List.<Integer>of(), Integer::intValue, 1000)).isEmpty();
    }
}
