package io.sqsmega.spring.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS and SNS on LocalStack (Testcontainers), configured as a user would: Spring Cloud AWS
 * properties only. Skipped where no Docker engine is reachable (our CI has none; the embedded
 * ElasticMQ and fauxqs tests are the proof there); run it where Docker is to check against
 * LocalStack too.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIntegrationTest {

    /** Pinned: LocalStack's behaviour changes between releases. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE).withServices("sqs", "sns");

    static class Listener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "orders", match = "event.name == 'item.added' && event.quantity > 0")
        void direct(MegaEvent event, MegaMessage message) {
            received.add("sqs:" + event.attribute("quantity") + ":" + message.sns().isPresent());
        }

        @MegaListener(queue = "orders", match = "event.name == 'item.removed' && sns.subject == 'cart'")
        void viaTopic(MegaEvent event, MegaMessage message) {
            received.add("sns:" + event.attribute("quantity") + ":" + message.sns().orElseThrow().topicArn());
        }
    }

    @Test
    void publishesAndListensThroughSqsAndSnsConfiguredByPropertiesAlone() {
        String topicArn;
        try (SqsClient sqs = SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region())
                .credentialsProvider(credentials()).build();
                SnsClient sns = SnsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region())
                        .credentialsProvider(credentials()).build()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("localstack-orders")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            topicArn = sns.createTopic(b -> b.name("localstack-cart")).topicArn();
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        }
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
                        CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
                        SqsAutoConfiguration.class, SnsAutoConfiguration.class, MegaAutoConfiguration.class))
                .withUserConfiguration(Listener.class)
                .withPropertyValues("spring.cloud.aws.endpoint=" + LOCALSTACK.getEndpoint(),
                        "spring.cloud.aws.region.static=" + LOCALSTACK.getRegion(),
                        "spring.cloud.aws.credentials.access-key=" + LOCALSTACK.getAccessKey(),
                        "spring.cloud.aws.credentials.secret-key=" + LOCALSTACK.getSecretKey(),
                        "mega.queues.orders.name=localstack-orders", "mega.topics.cart.arn=" + topicArn,
                        "mega.listener.poll-wait=1s")
                .run(context -> {
                    MegaTemplate template = context.getBean(MegaTemplate.class);
                    template.publish("orders", MegaEvent.builder().name("item.added").timestamp(Instant.now())
                            .attribute("quantity", 2).build());
                    template.publish("cart", MegaEvent.builder().name("item.removed").timestamp(Instant.now())
                            .attribute("quantity", 1).build(), PublishOptions.builder().subject("cart").build());
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            context.getBean(Listener.class).received)
                            .containsExactlyInAnyOrder("sqs:2:false", "sns:1:" + topicArn));
                });
    }

    private static Region region() {
        return Region.of(LOCALSTACK.getRegion());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                LOCALSTACK.getSecretKey()));
    }
}
