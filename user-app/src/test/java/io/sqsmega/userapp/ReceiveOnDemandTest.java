package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaReceiveException;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.ReceiveOptions;
import io.sqsmega.spring.ReceivedMessage;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code MegaTemplate.receive} / {@code receiveMany}: reading a queue without a listener, as a script, a
 * batch job or a test does, on standard and FIFO queues.
 */
@SpringBootTest(properties = {"mega.queues.orders.name=receive-orders", "mega.queues.inbox.name=receive-inbox", "mega.queues.matched.name=receive-matched",
        "mega.queues.steps.name=receive-steps.fifo", "mega.queues.filtered.name=receive-filtered.fifo"})
@EmbeddedSqsTest
class ReceiveOnDemandTest {

    private static final ReceiveOptions QUICK = ReceiveOptions.builder().waitTime(Duration.ofSeconds(1)).build();

    @Autowired
    MegaTemplate mega;

    static MegaEvent event(String name, int quantity) {
        return MegaEvent.builder().name(name).attribute("quantity", quantity).timestamp(Instant.now()).build();
    }

    private List<ReceivedMessage> receiveAll(String queue, ReceiveOptions options, int count) {
        List<ReceivedMessage> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            all.addAll(mega.receiveMany(queue, options));
            return all.size() >= count;
        });
        return all;
    }

    private static long onQueue(String name) {
        String url = EmbeddedSqs.shared().queueUrl(name);
        return EmbeddedSqs.shared().visibleMessages(url) + EmbeddedSqs.shared().inFlightMessages(url);
    }

    @Test
    void receivesEveryKindDecodedAndAnInvalidBodyWithItsReasonThenAcknowledges() {
        mega.publish("inbox", event("item.added", 2));
        mega.publish("inbox", Map.of("sku", "A-1"));
        mega.publish("inbox", "plain words");
        String url = EmbeddedSqs.shared().queueUrl("receive-inbox");
        EmbeddedSqs.shared().client().sendMessage(b -> b.queueUrl(url).messageBody("{\"event\": ")
                .messageAttributes(Map.of("mega-payload", MessageAttributeValue.builder().dataType("String")
                        .stringValue("mega+json").build())));

        List<ReceivedMessage> received = receiveAll("inbox", QUICK, 4);

        assertThat(received).hasSize(4);
        assertThat(received).filteredOn(m -> m.event().isPresent()).singleElement()
                .satisfies(m -> assertThat(m.event().get().name()).isEqualTo("item.added"));
        assertThat(received).filteredOn(m -> m.data().isPresent()).singleElement()
                .satisfies(m -> assertThat(m.data().get()).containsEntry("sku", "A-1"));
        assertThat(received).filteredOn(m -> m.text().isPresent()).singleElement()
                .satisfies(m -> assertThat(m.message().kind().label()).isEqualTo("text"));
        assertThat(received).filteredOn(m -> !m.valid()).singleElement()
                .satisfies(m -> assertThat(m.invalidReason()).get().asString().isNotBlank());
        received.forEach(ReceivedMessage::acknowledge);
        assertThat(onQueue("receive-inbox")).isZero();
    }

    @Test
    void aMatchExpressionReturnsOnlyWhatItMatchesAndReleasesTheRestAtOnce() {
        mega.publish("matched", event("item.added", 3));
        mega.publish("matched", event("item.added", 0));
        ReceiveOptions positive = ReceiveOptions.builder().match("event.attributes.quantity > 0")
                .waitTime(Duration.ofSeconds(1)).build();

        List<ReceivedMessage> matched = receiveAll("matched", positive, 1);
        assertThat(matched).singleElement().satisfies(m -> assertThat(m.event().get().attribute("quantity")).isEqualTo(3));
        matched.get(0).acknowledge();

        // The other was released, not held for the visibility timeout: it is there for the next reader.
        Optional<ReceivedMessage> rest = mega.receive("matched", QUICK);
        assertThat(rest).get().satisfies(m -> assertThat(m.event().get().attribute("quantity")).isEqualTo(0));
        rest.get().acknowledge();
    }

    @Test
    void aReleasedMessageComesBackWithItsReceiveCount() {
        mega.publish("inbox", event("to.release", 1));
        ReceivedMessage first = receiveAll("inbox", QUICK, 1).get(0);
        assertThat(first.receiveCount()).isOne();
        first.release();
        ReceivedMessage again = receiveAll("inbox", QUICK, 1).get(0);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.receiveCount()).isEqualTo(2);
        again.acknowledge();
    }

    @Test
    void onAFifoQueueEachGroupComesInOrderAndAcknowledgingInOrderEmptiesIt() {
        List<String> steps = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String group = i % 3 == 0 ? "g2" : "g1";
            String step = group + "-" + i;
            steps.add(step);
            mega.publish("steps", step, PublishOptions.builder().messageGroupId(group).deduplicationId(step).build());
        }
        List<String> g1 = new ArrayList<>();
        List<String> g2 = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ReceivedMessage message : mega.receiveMany("steps", QUICK)) {
                String step = message.text().orElseThrow();
                (message.messageGroupId().orElseThrow().equals("g1") ? g1 : g2).add(step);
                message.acknowledge();
            }
            return g1.size() + g2.size() == steps.size();
        });
        assertThat(g1).containsExactlyElementsOf(steps.stream().filter(s -> s.startsWith("g1")).toList());
        assertThat(g2).containsExactlyElementsOf(steps.stream().filter(s -> s.startsWith("g2")).toList());
        assertThat(onQueue("receive-steps.fifo")).isZero();
    }

    @Test
    void onAFifoQueueAMessageAfterAnUnmatchedOneOfItsGroupIsReleasedWithIt() {
        for (String step : List.of("x-keep", "y-skip", "z-keep")) {
            mega.publish("filtered", step, PublishOptions.builder().messageGroupId("g").deduplicationId(step).build());
        }
        ReceiveOptions keep = ReceiveOptions.builder().match("text endsWith 'keep'").waitTime(Duration.ofSeconds(1)).build();
        List<ReceivedMessage> kept = receiveAll("filtered", keep, 1);
        // z-keep matches but follows y-skip, which went back to the queue: returning it would overtake y.
        assertThat(kept).extracting(m -> m.text().orElseThrow()).containsExactly("x-keep");
        kept.get(0).acknowledge();
        List<ReceivedMessage> rest = receiveAll("filtered", QUICK, 2);
        assertThat(rest).extracting(m -> m.text().orElseThrow()).containsExactly("y-skip", "z-keep");
        rest.forEach(ReceivedMessage::acknowledge);
    }

    final List<MegaEvent> audited = new ArrayList<>();

    void audit(MegaEvent event) {
        audited.add(event);
    }

    @Test
    void theReadmeExampleAuditsTheLargeOrdersAndLeavesTheOthers() {
        MegaTemplate megaTemplate = mega;
        megaTemplate.publish("orders", MegaEvent.builder().name("order.placed").attribute("total", 150).timestampNow().build());
        megaTemplate.publish("orders", MegaEvent.builder().name("order.placed").attribute("total", 20).timestampNow().build());
        await().atMost(Duration.ofSeconds(5)).until(() -> onQueue("receive-orders") == 2);

        for (ReceivedMessage message : megaTemplate.receiveMany("orders", ReceiveOptions.builder()
                .waitTime(Duration.ofSeconds(5)).maxMessages(10)
                .match("event.name == 'order.placed' && event.attributes.total > 100").build())) {
            message.event().ifPresent(this::audit);
            message.acknowledge();
        }
        Optional<ReceivedMessage> next = megaTemplate.receive("orders");

        assertThat(audited).singleElement().satisfies(event -> assertThat(event.attribute("total")).isEqualTo(150));
        assertThat(next).get().satisfies(message -> assertThat(message.event().get().attribute("total")).isEqualTo(20));
        next.get().acknowledge();
    }

    @Test
    void aBrokenExpressionOrAMissingQueueIsAClearError() {
        assertThatThrownBy(() -> mega.receiveMany("inbox", ReceiveOptions.builder().match("event.name ==").build()))
                .isInstanceOf(MegaReceiveException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> mega.receive("no-such-queue-here"))
                .isInstanceOf(MegaReceiveException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ReceiveOptions.builder().maxMessages(11).build())
                .hasMessageContaining("between 1 and 10");
    }
}
