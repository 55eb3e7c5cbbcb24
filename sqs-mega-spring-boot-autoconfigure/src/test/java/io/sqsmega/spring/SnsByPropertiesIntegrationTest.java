package io.sqsmega.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.Fauxqs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sns.SnsAsyncClient;

/**
 * SNS with nothing but Spring Cloud AWS's properties, as a user's application has it: Spring
 * Cloud AWS makes only a synchronous {@code SnsClient}, so {@code MegaTemplate} publishes through
 * an async client of its own configured the same way; and a user's own {@code SnsAsyncClient} is
 * used instead. Topics by logical name and by ARN reach a listener of a subscribed queue (fauxqs).
 */
class SnsByPropertiesIntegrationTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscriber {
        final List<String> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "${test.queue}")
        void onEvent(MegaEvent event) {
            received.add(event.name());
        }
    }

    /** A topic with a queue subscribed to it (raw delivery), and the topic's name. */
    private record Subscription(String topicArn, String topicName, String queueUrl) {
    }

    private static Subscription subscription(Fauxqs fauxqs) {
        String topicName = "by-properties-" + SEQUENCE.incrementAndGet();
        Fauxqs.Subscription subscribed = fauxqs.subscribeQueue(topicName, topicName + "-queue", true);
        return new Subscription(subscribed.topicArn(), topicName, subscribed.queueUrl());
    }

    private static ApplicationContextRunner byProperties(Fauxqs fauxqs, Subscription subscription) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
                        CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
                        SqsAutoConfiguration.class, SnsAutoConfiguration.class, MegaAutoConfiguration.class))
                .withUserConfiguration(Subscriber.class)
                .withPropertyValues("spring.cloud.aws.endpoint=" + fauxqs.endpoint(),
                        "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
                        "spring.cloud.aws.credentials.secret-key=x", "test.queue=" + subscription.queueUrl(),
                        "mega.listener.poll-wait=1s", "mega.topics.news.name=" + subscription.topicName());
    }

    private static MegaEvent event(String name) {
        return MegaEvent.builder().name(name).timestamp(Instant.parse("2020-01-01T00:00:00Z")).build();
    }

    @Test
    void publishesToTopicsByNameAndArnWithSpringCloudAwsPropertiesAlone() {
        Fauxqs fauxqs = Fauxqs.shared();
        Subscription subscription = subscription(fauxqs);
        byProperties(fauxqs, subscription).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SnsAsyncClient.class).hasSingleBean(TopicPublisher.class);
            MegaTemplate template = context.getBean(MegaTemplate.class);
            template.publish("news", event("by.name"));
            template.publish(subscription.topicArn(), event("by.arn"));
            List<String> received = context.getBean(Subscriber.class).received;
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
            assertThat(received).containsExactlyInAnyOrder("by.name", "by.arn");
        });
    }

    @Test
    void aUsersOwnSnsAsyncClientIsUsedAndTheApplicationStarts() {
        Fauxqs fauxqs = Fauxqs.shared();
        Subscription subscription = subscription(fauxqs);
        SnsAsyncClient own = fauxqs.newSnsAsyncClient();
        byProperties(fauxqs, subscription).withBean(SnsAsyncClient.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(MegaTemplate.class).publish("news", event("own.client"));
            List<String> received = context.getBean(Subscriber.class).received;
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
            assertThat(received).containsExactly("own.client");
        });
    }
}
