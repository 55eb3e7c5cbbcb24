package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Listener methods written as Spring Messaging listeners are: {@code Message<T>}, {@code @Payload},
 * {@code @Header}, {@code @Headers} and the SDK's raw message, in any order beside the payload.
 */
@SpringBootTest(properties = {"mega.queues.wrapped.name=params-wrapped", "mega.queues.headed.name=params-headed",
        "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "params-headed")
class SpringMessagingParametersTest {

    record OrderPlaced(String orderId, int quantity) {
    }

    record Seen(Object payload, String tenant, Integer priority, Map<String, Object> headers, String rawId) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final List<Message<OrderPlaced>> wrapped = new CopyOnWriteArrayList<>();
        final List<Seen> headed = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "wrapped")
        void onWrapped(Message<OrderPlaced> message) {
            wrapped.add(message);
        }

        @MegaListener(queue = "headed")
        void onHeaded(@Header("tenant") String tenant, @Payload MegaEvent event,
                @Header(name = "priority", required = false) Integer priority, @Headers Map<String, Object> headers,
                software.amazon.awssdk.services.sqs.model.Message raw) {
            headed.add(new Seen(event.name(), tenant, priority, headers, raw.messageId()));
        }
    }

    @Autowired
    Listeners listeners;

    @Autowired
    MegaTemplate mega;

    @Test
    void aMessageOfARecordCarriesTheAttributesAndTheSqsHeadersUnderSpringCloudAwsNames() {
        String id = mega.publish("wrapped", new OrderPlaced("o-1", 2), PublishOptions.builder()
                .attribute("tenant", "acme").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> !listeners.wrapped.isEmpty());
        Message<OrderPlaced> message = listeners.wrapped.get(0);
        assertThat(message.getPayload()).isEqualTo(new OrderPlaced("o-1", 2));
        assertThat(message.getHeaders()).containsEntry("tenant", "acme").containsEntry("Sqs_RawMessageId", id)
                .containsEntry("Sqs_QueueName", "wrapped").containsEntry("Sqs_Msa_ApproximateReceiveCount", 1)
                .containsKeys("Sqs_ReceiptHandle", "Sqs_Msa_SentTimestamp");
    }

    @Test
    void headersArePassedByNameConvertedAndOptionalAndTheRawMessageToo() {
        String id = mega.publish("headed", MegaEvent.builder().name("order.headed").timestamp(Instant.now()).build(),
                PublishOptions.builder().attribute("tenant", "acme").attribute("priority", "7").build());
        mega.publish("headed", MegaEvent.builder().name("order.plain").timestamp(Instant.now()).build(),
                PublishOptions.builder().attribute("tenant", "globex").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.headed.size() >= 2);
        Seen headed = listeners.headed.stream().filter(seen -> seen.payload().equals("order.headed")).findFirst()
                .orElseThrow();
        assertThat(headed.tenant()).isEqualTo("acme");
        assertThat(headed.priority()).isEqualTo(7);
        assertThat(headed.rawId()).isEqualTo(id);
        assertThat(headed.headers()).containsEntry("tenant", "acme").containsEntry("Sqs_RawMessageId", id);
        Seen plain = listeners.headed.stream().filter(seen -> seen.payload().equals("order.plain")).findFirst()
                .orElseThrow();
        assertThat(plain.priority()).isNull();
    }

    @Test
    void aMissingRequiredHeaderIsAnInvalidMessageDeadLetteredWithItsName() {
        String id = mega.publish("headed", MegaEvent.builder().name("order.without-tenant").timestamp(Instant.now()).build());
        var letter = DeadLetters.awaitLetter("params-headed-dlq", id);
        assertThat(letter.messageAttributes().get("mega-failure").stringValue()).isEqualTo("invalid");
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue()).contains("'tenant'");
        assertThat(listeners.headed).noneMatch(seen -> seen.payload().equals("order.without-tenant"));
    }
}
