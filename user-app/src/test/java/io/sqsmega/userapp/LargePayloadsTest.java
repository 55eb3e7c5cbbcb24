package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedAsyncClient;
import com.amazon.sqs.javamessaging.AmazonSQSExtendedClient;
import com.amazon.sqs.javamessaging.ExtendedClientConfiguration;
import io.sqsmega.json.MegaJson;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.ReceiveOptions;
import io.sqsmega.spring.ReceivedMessage;
import io.sqsmega.offload.S3Pointer;
import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Large payloads through S3 with the starter configured as Spring Cloud AWS documents it
 * ({@code spring.cloud.aws.sqs.extended.bucket}), on the embedded SQS and S3: bodies over what SQS
 * takes go to S3 and come back to listeners intact and matchable; AWS's own extended client reads
 * ours and we read its (both attribute names); dead letters keep the pointer, the object and the
 * reasons; a pointer into a bucket not allowed is invalid.
 */
@SpringBootTest(properties = {"spring.cloud.aws.sqs.extended.bucket=payloads", "mega.queues.large.name=large-shipments",
        "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(s3 = true, buckets = "elsewhere", deadLetterQueues = "large-shipments",
        queues = {"large-outbox", "large-small"})
class LargePayloadsTest {

    record Shipment(String id, String manifest) {
    }

    record Seen(Shipment shipment, Map<String, String> attributes, String rawBody) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final List<Seen> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "large", match = "data.id != 's-fail' && size(data.manifest) > 10")
        void onShipment(Shipment shipment, MegaMessage message, Message raw) {
            received.add(new Seen(shipment, message.attributes(), raw.body()));
        }

        @MegaListener(queue = "large", match = "data.id == 's-fail'")
        void onFailing(Shipment shipment) {
            throw new IllegalStateException("no truck for " + shipment.id());
        }
    }

    @Autowired
    Listeners listeners;

    @Autowired
    MegaTemplate mega;

    @Autowired
    SqsAsyncClient applicationClient;

    static String manifest(int bytes, char fill) {
        return String.valueOf(fill).repeat(bytes);
    }

    /** AWS's own extended client, over the embedded SQS and S3, as another service would run it. */
    static AmazonSQSExtendedClient awsExtendedClient(boolean legacyAttributeName) {
        ExtendedClientConfiguration configuration = new ExtendedClientConfiguration()
                .withPayloadSupportEnabled(EmbeddedS3.shared().client(), "payloads", false);
        if (!legacyAttributeName) {
            configuration = configuration.withLegacyReservedAttributeNameDisabled();
        }
        return new AmazonSQSExtendedClient(EmbeddedSqs.shared().client(), configuration);
    }

    Shipment awaitShipment(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.received.stream()
                .anyMatch(seen -> seen.shipment().id().equals(id)));
        return listeners.received.stream().map(Seen::shipment).filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theApplicationsClientIsAwsExtendedClientAsSpringCloudAwsConfiguresIt() {
        assertThat(applicationClient).isInstanceOf(AmazonSQSExtendedAsyncClient.class);
    }

    @Test
    void aThreeMebibyteDataObjectReachesItsListenerIntactAndMatchableAndItsObjectGoesOnceHandled() {
        Shipment shipment = new Shipment("s-1", manifest(3 * 1024 * 1024, 'm'));
        mega.publish("large", shipment, PublishOptions.builder().attribute("tenant", "acme").build());

        assertThat(awaitShipment("s-1")).isEqualTo(shipment);
        Seen seen = listeners.received.stream().filter(each -> each.shipment().id().equals("s-1")).findFirst()
                .orElseThrow();
        assertThat(seen.attributes()).containsEntry("tenant", "acme").doesNotContainKeys("SQSLargePayloadSize",
                "ExtendedPayloadSize");
        // On the queue it was a pointer into the bucket; cleanup-s3-payload (Spring Cloud AWS's default, on) deletes
        // the object once the message is deleted.
        S3Pointer pointer = S3Pointer.parse(seen.rawBody());
        assertThat(pointer.bucket()).isEqualTo("payloads");
        await().atMost(Duration.ofSeconds(20)).until(() -> !EmbeddedS3.shared().exists("payloads", pointer.key()));
    }

    @Test
    void messagesOfAwsExtendedClientAreReadUnderBothAttributeNames() throws Exception {
        String queueUrl = EmbeddedSqs.shared().queueUrl("large-shipments");
        for (boolean legacy : new boolean[] {true, false}) {
            String id = legacy ? "aws-legacy" : "aws-current";
            String body = MegaJson.mapper().writeValueAsString(new Shipment(id, manifest(2 * 1024 * 1024, 'a')));
            awsExtendedClient(legacy).sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            assertThat(awaitShipment(id).manifest()).hasSize(2 * 1024 * 1024);
        }
    }

    @Test
    void ourLargeMessagesAreReadByAwsExtendedClient() {
        Shipment shipment = new Shipment("s-out", manifest(3 * 1024 * 1024, 'o'));
        mega.publish("large-outbox", shipment);
        String url = EmbeddedSqs.shared().queueUrl("large-outbox");
        List<Message> received = awsExtendedClient(true).receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)
                .messageAttributeNames("All")).messages();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).isEqualTo(MegaJson.mapper().valueToTree(shipment).toString());
    }

    @Test
    void receiveOnDemandReadsOffloadedBodiesToo() {
        Shipment shipment = new Shipment("s-received", manifest(2 * 1024 * 1024, 'r'));
        java.util.Set<String> before = keys();
        mega.publish("large-small", shipment);
        java.util.Set<String> stored = keys();
        stored.removeAll(before);
        assertThat(stored).hasSize(1);
        ReceivedMessage received = mega.receive("large-small", ReceiveOptions.builder().waitTime(Duration.ofSeconds(5))
                .build()).orElseThrow();
        assertThat(received.data().orElseThrow()).containsEntry("id", "s-received")
                .containsEntry("manifest", shipment.manifest());
        assertThat(received.attributes()).doesNotContainKeys("SQSLargePayloadSize", "ExtendedPayloadSize");
        received.acknowledge();
        // Acknowledged as a listener's message is deleted: its object goes with it (cleanup on).
        await().atMost(Duration.ofSeconds(20)).until(() -> !keys().containsAll(stored));
    }

    static java.util.Set<String> keys() {
        return EmbeddedS3.shared().client().listObjectsV2(b -> b.bucket("payloads")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void aFailingLargeMessageIsDeadLetteredWithItsReasonsAndItsPayloadStaysReadable() {
        Shipment shipment = new Shipment("s-fail", manifest(3 * 1024 * 1024, 'f'));
        String id = mega.publish("large", shipment);

        Message letter = DeadLetters.awaitLetter("large-shipments-dlq", id);
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .isEqualTo("failed in Listeners.onFailing: IllegalStateException: no truck for s-fail");
        S3Pointer pointer = S3Pointer.parse(letter.body());
        assertThat(EmbeddedS3.shared().exists(pointer.bucket(), pointer.key())).isTrue();
        // What an operator (or a redrive to a consumer on AWS's client) reads from the DLQ: the whole payload.
        String dlq = EmbeddedSqs.shared().queueUrl("large-shipments-dlq");
        EmbeddedSqs.shared().client().sendMessage(b -> b.queueUrl(dlq).messageBody(letter.body())
                .messageAttributes(letter.messageAttributes()));
        String body = awsExtendedClient(true).receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5)
                .messageAttributeNames("All")).messages().get(0).body();
        assertThat(body).contains("\"id\":\"s-fail\"").hasSizeGreaterThan(3 * 1024 * 1024);
    }

    @Test
    void aMessageWithEightAttributesOfItsOwnIsPublishedAndDeadLetteredWithItsReason() {
        PublishOptions.Builder options = PublishOptions.builder();
        for (int i = 1; i <= 8; i++) {
            options.attribute("a" + i, "v" + i);
        }
        mega.publish("large", new Shipment("s-fail", "eight attributes"), options.build());
        // Nine attributes of the message's own leave room for one of ours: the reason.
        Message letter = DeadLetters.awaitLetter("large-shipments-dlq", each -> each.body().contains("eight attributes"));
        assertThat(letter.messageAttributes()).containsKeys("a1", "a8", "mega-payload");
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue()).contains("no truck for s-fail");
    }

    @Test
    void aPointerIntoABucketThatIsNotAllowedIsDeadLetteredAsInvalid() {
        EmbeddedS3.shared().client().putObject(b -> b.bucket("elsewhere").key("k"),
                RequestBody.fromString("{\"id\":\"s-elsewhere\",\"manifest\":\"0123456789abc\"}"));
        String url = EmbeddedSqs.shared().queueUrl("large-shipments");
        String id = EmbeddedSqs.shared().client().sendMessage(b -> b.queueUrl(url)
                .messageBody(new S3Pointer("elsewhere", "k").toBody())
                .messageAttributes(Map.of("ExtendedPayloadSize", MessageAttributeValue.builder().dataType("Number")
                        .stringValue("48").build()))).messageId();
        Message letter = DeadLetters.awaitLetter("large-shipments-dlq", id);
        assertThat(letter.messageAttributes().get("mega-failure").stringValue()).isEqualTo("invalid");
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .startsWith("its body was offloaded to bucket 'elsewhere', which is not one this application reads from");
        assertThat(listeners.received).noneMatch(seen -> seen.shipment().id().equals("s-elsewhere"));
    }
}
