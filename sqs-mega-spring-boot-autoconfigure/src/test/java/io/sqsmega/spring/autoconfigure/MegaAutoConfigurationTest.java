package io.sqsmega.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.spring.QueueResolver;
import io.sqsmega.spring.TopicPublisher;
import io.sqsmega.spring.listener.FailurePolicy;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.metrics.MicrometerMegaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.PayloadStore;
import java.util.List;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

class MegaAutoConfigurationTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
            .withBean(SqsAsyncClient.class, sqs::newAsyncClient);

    @Test
    void providesEveryBeanWhenAnSqsClientExists() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MegaTemplate.class).hasSingleBean(QueueResolver.class)
                    .hasSingleBean(BodyDecoder.class).hasSingleBean(PayloadEncoder.class)
                    .hasSingleBean(MegaProperties.class);
        });
    }

    @Test
    void metricsGoToMicrometerWhenARegistryExists() {
        runner.run(context -> assertThat(context.getBean(MegaMetrics.class)).isSameAs(MegaMetrics.NOOP));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context.getBean(MegaMetrics.class)).isInstanceOf(MicrometerMegaMetrics.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context.getBean(MegaMetrics.class)).isSameAs(MegaMetrics.NOOP));
    }

    @Test
    void metricsFindTheRegistryThatSpringBootsMetricsAutoConfigurationCreates() {
        // Listed first on purpose: the auto-configuration order, not this list, must put the registry first.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.export.simple
                                .SimpleMetricsExportAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .run(context -> assertThat(context.getBean(MegaMetrics.class)).isInstanceOf(MicrometerMegaMetrics.class));
    }

    @Test
    void providesTheListenerRegistrarAndTheMatchCompiler() {
        runner.withBean(MatchFunction.class, () -> MatchFunction.of("isVip", 1, args -> true)).run(context -> {
            assertThat(context).hasSingleBean(MegaListenerRegistrar.class).hasSingleBean(MatchCompiler.class);
            assertThat(context.getBean(MatchCompiler.class).compile("isVip(event.subject)")).isNotNull();
            assertThat(context.getBean(MegaListenerRegistrar.class).containers()).isEmpty();
        });
    }

    @Test
    void bindsTheListenerProperties() {
        runner.withPropertyValues("mega.listener.max-in-flight=3", "mega.listener.messages-per-poll=5",
                "mega.listener.poll-wait=2s", "mega.listener.retry.initial=1s", "mega.listener.retry.max=1m",
                "mega.listener.fatal-policy=dead-letter", "mega.listener.invalid-policy=retain",
                "mega.listener.retriable-exceptions=java.util.concurrent.TimeoutException",
                "mega.listener.max-processing-time=5m").run(context -> {
                    MegaProperties.Listener listener = context.getBean(MegaProperties.class).listener();
                    assertThat(listener.maxInFlight()).isEqualTo(3);
                    assertThat(listener.messagesPerPoll()).isEqualTo(5);
                    assertThat(listener.pollWait()).hasSeconds(2);
                    assertThat(listener.retry().initial()).hasSeconds(1);
                    assertThat(listener.retry().multiplier()).isEqualTo(2.0);
                    assertThat(listener.fatalPolicy()).isEqualTo(FailurePolicy.DEAD_LETTER);
                    assertThat(listener.invalidPolicy()).isEqualTo(FailurePolicy.RETAIN);
                    assertThat(listener.unrecognisedPolicy()).isNull();
                    assertThat(listener.retriableExceptions()).containsExactly(java.util.concurrent.TimeoutException.class);
                    assertThat(listener.toOptions().maxProcessingTime()).hasMinutes(5);
                });
    }

    @Test
    void invalidListenerOptionsFailStartupNamingTheProperty() {
        runner.withPropertyValues("mega.listener.messages-per-poll=11").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("messages-per-poll must be between 1 and 10"));
    }

    @Test
    void snsTopicsOnlyWithAnSnsClient() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TopicPublisher.class));
        runner.withBean(SnsAsyncClient.class, () -> SnsAsyncClient.builder().region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build())
                .withPropertyValues("mega.topics.orders.name=orders-topic",
                        "mega.topics.audit.arn=arn:aws:sns:us-east-1:000000000000:audit")
                .run(context -> {
                    assertThat(context).hasSingleBean(TopicPublisher.class);
                    assertThat(context.getBean(TopicPublisher.class).isTopic("orders")).isTrue();
                    assertThat(context.getBean(TopicPublisher.class).isTopic("payments")).isFalse();
                    MegaProperties properties = context.getBean(MegaProperties.class);
                    assertThat(properties.topics().get("orders").name()).isEqualTo("orders-topic");
                    assertThat(properties.topics().get("audit").arn()).endsWith(":audit");
                });
        runner.withBean(SnsAsyncClient.class, () -> SnsAsyncClient.builder().region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build())
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(SnsAsyncClient.class))
                .run(context -> assertThat(context).doesNotHaveBean(TopicPublisher.class).hasSingleBean(MegaTemplate.class));
    }

    @Test
    void megaEnabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("mega.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(MegaTemplate.class).doesNotHaveBean(BodyDecoder.class)
                .doesNotHaveBean(MegaProperties.class));
    }

    @Test
    void withoutAnSqsClientThereIsNothingToPublishWith() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MegaTemplate.class)
                        .doesNotHaveBean(QueueResolver.class).hasSingleBean(BodyDecoder.class));
    }

    @Test
    void everyBeanBacksOffForTheUsersOwn() {
        PayloadEncoder encoder = PayloadEncoder.create();
        BodyDecoder decoder = BodyDecoder.builder().maxDepth(10).build();
        QueueResolver resolver = new QueueResolver(sqs.asyncClient(), java.util.Map.of());
        MegaTemplate template = new MegaTemplate(sqs.asyncClient(), resolver, encoder, Encoding.BSON, 100);
        runner.withBean(PayloadEncoder.class, () -> encoder).withBean(BodyDecoder.class, () -> decoder)
                .withBean(QueueResolver.class, () -> resolver).withBean(MegaTemplate.class, () -> template)
                .run(context -> {
                    assertThat(context.getBean(PayloadEncoder.class)).isSameAs(encoder);
                    assertThat(context.getBean(BodyDecoder.class)).isSameAs(decoder);
                    assertThat(context.getBean(QueueResolver.class)).isSameAs(resolver);
                    assertThat(context.getBean(MegaTemplate.class)).isSameAs(template);
                });
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues("mega.encoding=BSON", "mega.max-body-bytes=2048", "mega.queues.orders.name=orders-prod",
                "mega.queues.audit.url=http://127.0.0.1:1/000000000000/audit", "mega.queues.audit.create-if-missing=true")
                .run(context -> {
                    MegaProperties properties = context.getBean(MegaProperties.class);
                    assertThat(properties.encoding()).isEqualTo(Encoding.BSON);
                    assertThat(properties.maxBodyBytes()).isEqualTo(2048);
                    assertThat(properties.queues().get("orders").name()).isEqualTo("orders-prod");
                    assertThat(properties.queues().get("orders").createIfMissing()).isFalse();
                    assertThat(properties.queues().get("audit").url()).endsWith("/audit");
                    assertThat(properties.queues().get("audit").createIfMissing()).isTrue();
                });
    }

    @Test
    void defaultsAreJsonTheSqsLimitAndNoQueues() {
        runner.run(context -> {
            MegaProperties properties = context.getBean(MegaProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.encoding()).isEqualTo(Encoding.JSON);
            assertThat(properties.maxBodyBytes()).isEqualTo(BodyDecoder.SQS_MAX_BODY_BYTES);
            assertThat(properties.queues()).isEmpty();
        });
    }

    @Test
    void aWrongEncodingFailsStartupNamingTheProperty() {
        runner.withPropertyValues("mega.encoding=xml").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("xml"));
        runner.withPropertyValues("mega.encoding=xml").run(context -> assertThat(context.getStartupFailure())
                .hasMessageContaining("mega"));
    }

    @Test
    void worksOnSpringCloudAwsConfiguredByPropertiesAlone() {
        String queue = sqs.uniqueName("configured");
        sqs.createQueue(QueueSpec.standard(queue));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
                        CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
                        SqsAutoConfiguration.class, MegaAutoConfiguration.class))
                .withPropertyValues("spring.cloud.aws.sqs.endpoint=" + sqs.endpoint(),
                        "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
                        "spring.cloud.aws.credentials.secret-key=x", "mega.queues.orders.name=" + queue)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String id = context.getBean(MegaTemplate.class).publish("orders", "hello");
                    assertThat(id).isNotBlank();
                    assertThat(sqs.client().receiveMessage(b -> b.queueUrl(sqs.queueUrl(queue)).waitTimeSeconds(5))
                            .messages()).extracting(m -> m.messageId()).containsExactly(id);
                });
    }

    @Test
    void largePayloadsFollowSpringCloudAwsExtendedSettingsAndSayWhatIsMissing() {
        runner.run(context -> {
            LargePayloads payloads = context.getBean(LargePayloads.class);
            assertThat(payloads.offloads()).isFalse();
            assertThat(context).doesNotHaveBean(S3AsyncClient.class);
        });
        // A bucket and the S3 SDK: an S3 client from Spring Cloud AWS's settings, the extended settings followed.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration.class,
                        io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration.class,
                        io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration.class,
                        MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withPropertyValues("spring.cloud.aws.sqs.extended.bucket=payloads",
                        "spring.cloud.aws.sqs.extended.use-legacy-reserved-attribute-name=false",
                        "spring.cloud.aws.sqs.extended.s3-key-prefix=big/", "mega.s3.cleanup-payload=false",
                        "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=x",
                        "spring.cloud.aws.credentials.secret-key=x")
                .run(context -> {
                    assertThat(context).hasSingleBean(S3AsyncClient.class).hasSingleBean(PayloadStore.class);
                    LargePayloads payloads = context.getBean(LargePayloads.class);
                    assertThat(payloads.offloads()).isTrue();
                    assertThat(payloads.attributeName()).isEqualTo("ExtendedPayloadSize");
                    assertThat(payloads.settings()).isEqualTo(new LargePayloads.Settings("payloads", List.of(),
                            32 * 1024 * 1024, null, false, "big/", false));
                });
    }
}
