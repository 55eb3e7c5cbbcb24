package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Data objects bind with the application's own JSON mapper (Spring Boot's Jackson 3 {@code JsonMapper},
 * configured by {@code spring.jackson.*}) both ways, and {@code @Valid} payloads are validated with the
 * application's {@code Validator}: a violation is the invalid outcome, dead-lettered with what is wrong.
 */
@SpringBootTest(properties = {"spring.jackson.property-naming-strategy=SNAKE_CASE",
        "mega.queues.snake.name=binding-snake", "mega.queues.written.name=binding-written",
        "mega.queues.checked.name=binding-checked", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(queues = "binding-written", deadLetterQueues = "binding-checked")
class ListenerBindingTest {

    record OrderPlaced(String orderId, int quantity) {
    }

    record CheckedOrder(@NotBlank String orderId, @Min(1) int quantity) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        final List<OrderPlaced> placed = new CopyOnWriteArrayList<>();
        final List<CheckedOrder> checked = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "snake")
        void onPlaced(OrderPlaced order) {
            placed.add(order);
        }

        @MegaListener(queue = "checked")
        void onChecked(@Valid CheckedOrder order) {
            checked.add(order);
        }
    }

    @Autowired
    Listeners listeners;

    @Autowired
    MegaTemplate mega;

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Test
    void aSnakeCaseProducersDataObjectBindsToARecordWithTheApplicationsNamingStrategy() {
        String url = EmbeddedSqs.shared().queueUrl("binding-snake");
        EmbeddedSqs.shared().client().sendMessage(b -> b.queueUrl(url)
                .messageBody("{\"order_id\":\"o-snake\",\"quantity\":2}")
                .messageAttributes(Map.of("mega-payload", text("data+json"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.placed.contains(new OrderPlaced("o-snake", 2)));
    }

    @Test
    void theTemplatePublishesRecordsWithTheApplicationsMapperToo() {
        mega.publish("written", new OrderPlaced("o-written", 3));
        String url = EmbeddedSqs.shared().queueUrl("binding-written");
        List<Message> messages = EmbeddedSqs.shared().client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5))
                .messages();
        assertThat(messages).singleElement().extracting(Message::body).asString()
                .contains("\"order_id\":\"o-written\"").doesNotContain("orderId");
    }

    @Test
    void aPayloadThatViolatesItsConstraintsIsDeadLetteredAsInvalidWithThePropertiesAndNeverReachesTheListener() {
        String id = mega.publish("checked", Map.of("order_id", "", "quantity", 0));
        Message letter = DeadLetters.awaitLetter("binding-checked-dlq", id);
        assertThat(letter.messageAttributes().get("mega-failure-reason").stringValue())
                .startsWith("invalid for Listeners.onChecked: CheckedOrder is not valid:")
                .contains("orderId: must not be blank", "quantity: must be greater than or equal to 1");
        assertThat(letter.messageAttributes().get("mega-failure").stringValue()).isEqualTo("invalid");
        assertThat(listeners.checked).isEmpty();
    }
}
