package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.Fauxqs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS end to end (fauxqs): MegaTemplate publishes to a topic, a @MegaListener on a subscribed
 * queue receives it, with raw delivery on and off; the envelope is unwrapped transparently and its
 * metadata reaches MegaMessage and the sns.* names of the match language.
 */
class SnsListenerIntegrationTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscriber {
        final List<String> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}", match = "event.name == 'item.added' && sns.subject == 'cart'")
        void fromSns(MegaEvent event, MegaMessage message) {
            received.add("enveloped:" + event.attribute("quantity") + ":" + message.sns().orElseThrow().topicArn() + ":"
                    + message.sns().orElseThrow().attributeValue("tenant"));
        }

        @MegaListener(queue = "${test.queue}", match = "event.name == 'item.added' && !exists(sns.topic_arn)")
        void raw(MegaEvent event, MegaMessage message) {
            received.add("raw:" + event.attribute("quantity") + ":" + message.sns().isPresent());
        }
    }

    @ParameterizedTest(name = "raw delivery {0}")
    @ValueSource(booleans = {false, true})
    void listenersReceiveTopicMessagesWithAndWithoutRawDelivery(boolean raw) {
        Fauxqs fauxqs = Fauxqs.shared();
        int n = SEQUENCE.incrementAndGet();
        String topicName = "sns-e2e-" + n;
        Fauxqs.Subscription subscription = fauxqs.subscribeQueue(topicName, "sns-e2e-queue-" + n, raw);
        String queueUrl = subscription.queueUrl();
        String topicArn = subscription.topicArn();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, fauxqs::newSqsAsyncClient)
                .withBean(SnsAsyncClient.class, fauxqs::newSnsAsyncClient)
                .withUserConfiguration(Subscriber.class)
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s",
                        "mega.topics.orders.name=" + topicName)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(MegaTemplate.class).publish("orders", MegaEvent.builder().name("item.added")
                            .timestamp(Instant.now()).attribute("quantity", 2).build(),
                            PublishOptions.builder().subject("cart").attribute("tenant", "acme").build());
                    List<String> received = context.getBean(Subscriber.class).received;
                    await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
                    // The envelope's metadata (subject, topic) reached the matcher and MegaMessage; raw delivery has none.
                    assertThat(received).containsExactly(raw ? "raw:2:false" : "enveloped:2:" + topicArn + ":acme");
                });
    }
}
