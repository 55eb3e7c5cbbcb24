package io.sqsmega.spring.autoconfigure;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.sns.SnsProperties;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.json.MegaJson;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.spring.MegaTemplate;
import io.micrometer.observation.ObservationRegistry;
import io.sqsmega.spring.listener.ListenerExecution;
import io.sqsmega.spring.listener.ListenerInterceptors;
import io.sqsmega.spring.listener.MegaListenerErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.AsyncMessageInterceptor;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.ExtendedClients;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.PayloadStore;
import io.sqsmega.spring.offload.S3PayloadStore;
import io.awspring.cloud.autoconfigure.s3.properties.S3Properties;
import org.springframework.boot.context.properties.bind.Binder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import io.sqsmega.spring.metrics.MicrometerMegaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.sqsmega.spring.QueueResolver;
import io.sqsmega.spring.SnsTopicPublisher;
import io.sqsmega.spring.TopicPublisher;
import io.sqsmega.spring.json.Jackson2ObjectMapping;
import io.sqsmega.spring.json.Jackson3ObjectMapping;
import io.sqsmega.spring.json.ObjectMapping;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Auto-configuration of SQS MEGA, after Spring Cloud AWS's SQS client. Every bean can be replaced
 * by one of your own; {@code mega.enabled=false} turns it all off.
 */
@AutoConfiguration(after = SqsAutoConfiguration.class, afterName = {
        "io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration",
        // Its S3AsyncClient (with the CRT) wins over the one made here for offloaded bodies.
        "io.awspring.cloud.autoconfigure.s3.S3CrtAsyncClientAutoConfiguration",
        // The MeterRegistry must exist before the metrics bean's @ConditionalOnBean is evaluated.
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(SqsAsyncClient.class)
@ConditionalOnProperty(prefix = "mega", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MegaProperties.class)
public class MegaAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MegaAutoConfiguration.class);

    /**
     * @param properties the configuration
     * @return the decoder of message bodies
     */
    @Bean
    @ConditionalOnMissingBean
    public BodyDecoder megaBodyDecoder(MegaProperties properties) {
        return BodyDecoder.builder().maxBodyBytes(properties.maxBodyBytes()).build();
    }

    /**
     * @param mapping how records and POJOs are written
     * @return the encoder of payloads: maps and MEGA events with SQS MEGA's JSON settings, records and
     *         POJOs with the application's mapper
     */
    @Bean
    @ConditionalOnMissingBean
    public PayloadEncoder megaPayloadEncoder(ObjectMapping mapping) {
        return PayloadEncoder.create(mapping::write);
    }

    /**
     * The application's JSON mapper for data objects: its Jackson 3 {@code JsonMapper} bean (Spring Boot
     * 4's, configured by {@code spring.jackson.*}), else its Jackson 2 {@code ObjectMapper} bean, else
     * SQS MEGA's own.
     *
     * @param beanFactory where the application's mapper may be
     * @return how data objects bind to records and POJOs and are written from them
     */
    @Bean
    @ConditionalOnMissingBean
    public ObjectMapping megaObjectMapping(ListableBeanFactory beanFactory) {
        ObjectMapping mapping = ClassUtils.isPresent(JACKSON_3, MegaAutoConfiguration.class.getClassLoader())
                ? Jackson3ObjectMapping.ofApplication(beanFactory) : null;
        if (mapping == null) {
            ObjectMapper jackson2 = beanFactory.getBeanProvider(ObjectMapper.class).getIfUnique();
            mapping = jackson2 != null ? new Jackson2ObjectMapping(jackson2, "the application's Jackson 2 ObjectMapper")
                    : new Jackson2ObjectMapping(MegaJson.mapper(), "SQS MEGA's own ObjectMapper");
        }
        LOG.debug("Data objects bind and publish with {}", mapping.description());
        return mapping;
    }

    private static final String JACKSON_3 = "tools.jackson.databind.json.JsonMapper";

    /**
     * @param sqs the SQS client
     * @param properties the configuration
     * @return the resolver of destinations to queue URLs
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SqsAsyncClient.class)
    public QueueResolver megaQueueResolver(SqsAsyncClient sqs, MegaProperties properties) {
        Map<String, QueueResolver.QueueDefinition> queues = new LinkedHashMap<>();
        properties.queues().forEach((name, queue) -> queues.put(name,
                new QueueResolver.QueueDefinition(queue.name(), queue.url(), queue.createIfMissing())));
        return new QueueResolver(ExtendedClients.plain(sqs), queues);
    }

    /**
     * Large payloads through S3: offloaded over the threshold when a bucket is configured
     * ({@code mega.s3.bucket}, else {@code spring.cloud.aws.sqs.extended.bucket}), read from the allowed
     * buckets; unset settings follow Spring Cloud AWS's {@code spring.cloud.aws.sqs.extended.*}.
     *
     * @param properties the configuration
     * @param environment Spring Cloud AWS's extended-client settings
     * @param stores the S3 store, when the application has the S3 SDK
     * @return what large payloads are to this application
     */
    @Bean
    @ConditionalOnMissingBean
    public LargePayloads megaLargePayloads(MegaProperties properties, Environment environment,
            ObjectProvider<PayloadStore> stores) {
        MegaProperties.S3 s3 = properties.s3();
        String extended = "spring.cloud.aws.sqs.extended.";
        String bucket = s3.bucket() != null ? s3.bucket() : environment.getProperty(extended + "bucket");
        LargePayloads.Settings settings = new LargePayloads.Settings(bucket, s3.allowedBuckets(),
                properties.maxOffloadedBytes(), s3.offloadThreshold(),
                s3.cleanupPayload() != null ? s3.cleanupPayload()
                        : environment.getProperty(extended + "cleanup-s3-payload", Boolean.class, true),
                s3.keyPrefix() != null ? s3.keyPrefix() : environment.getProperty(extended + "s3-key-prefix", ""),
                s3.legacyAttributeName() != null ? s3.legacyAttributeName()
                        : environment.getProperty(extended + "use-legacy-reserved-attribute-name", Boolean.class, true),
                s3.ignorePayloadNotFound() != null ? s3.ignorePayloadNotFound()
                        : environment.getProperty(extended + "ignore-payload-not-found", Boolean.class, false));
        PayloadStore store = stores.getIfUnique();
        if (store == null) {
            boolean configured = bucket != null || !s3.allowedBuckets().isEmpty();
            return LargePayloads.unavailable(!configured ? LargePayloads.NOT_CONFIGURED
                    : "this application has no S3 client: add software.amazon.awssdk:s3 (SQS MEGA then makes an "
                    + "S3AsyncClient from spring.cloud.aws.s3.*), or define an S3AsyncClient bean");
        }
        return LargePayloads.over(store, settings);
    }

    /**
     * S3 for offloaded bodies: the application's {@code S3AsyncClient}, or, when a bucket is configured
     * and it has none (Spring Cloud AWS makes one only with the AWS CRT), one made as Spring Cloud AWS
     * makes its clients, from {@code spring.cloud.aws.s3.*} (endpoint, path-style access, region).
     * A bean: Spring Cloud AWS's extended SQS client needs one too.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(S3AsyncClient.class)
    static class S3Configuration {

        /**
         * @param configurer Spring Cloud AWS's client settings
         * @param environment {@code spring.cloud.aws.s3.*}
         * @param connectionDetails its connection details, if any
         * @param customizers its async client customizers
         * @return an S3 client
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(AwsClientBuilderConfigurer.class)
        @org.springframework.context.annotation.Conditional(OffloadBucketConfigured.class)
        S3AsyncClient s3AsyncClient(AwsClientBuilderConfigurer configurer, Environment environment,
                ObjectProvider<AwsConnectionDetails> connectionDetails,
                ObjectProvider<AwsAsyncClientCustomizer> customizers) {
            S3Properties s3 = Binder.get(environment).bind("spring.cloud.aws.s3", S3Properties.class)
                    .orElseGet(S3Properties::new);
            S3AsyncClientBuilder builder = configurer.configureAsyncClient(S3AsyncClient.builder(), s3,
                    connectionDetails.getIfAvailable(), null, customizers.orderedStream());
            if (s3.getPathStyleAccessEnabled() != null) {
                builder.forcePathStyle(s3.getPathStyleAccessEnabled());
            }
            return builder.build();
        }

        /**
         * @param s3 the application's S3 client
         * @return where offloaded bodies are kept
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(S3AsyncClient.class)
        PayloadStore megaPayloadStore(S3AsyncClient s3) {
            return new S3PayloadStore(s3);
        }
    }

    /** A bucket to offload to, or buckets to read from, are configured. */
    static final class OffloadBucketConfigured extends org.springframework.boot.autoconfigure.condition.AnyNestedCondition {

        OffloadBucketConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("mega.s3.bucket")
        static final class MegaBucket {
        }

        @ConditionalOnProperty("mega.s3.allowed-buckets")
        static final class AllowedBuckets {
        }

        @ConditionalOnProperty("spring.cloud.aws.sqs.extended.bucket")
        static final class ExtendedBucket {
        }
    }

    /**
     * @param functions the match functions registered as beans
     * @return the compiler of match expressions
     */
    @Bean
    @ConditionalOnMissingBean
    public MatchCompiler megaMatchCompiler(ObjectProvider<MatchFunction> functions) {
        return MatchCompiler.create(FunctionRegistry.of(functions.orderedStream().toList()));
    }

    /**
     * @param beanFactory the bean factory with the listener beans
     * @param environment resolves placeholders
     * @param sqs the SQS client
     * @param queues the queue resolver
     * @param decoder the body decoder
     * @param compiler the match compiler
     * @param properties the configuration
     * @param metrics what to count
     * @param execution where listener methods run and where observations go
     * @param mapping binds data objects to listeners' records and POJOs
     * @param largePayloads reads bodies offloaded to S3
     * @return the registrar that runs one container per listened queue (validating {@code @Valid} payloads
     *         with the application's {@code Validator})
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SqsAsyncClient.class)
    public MegaListenerRegistrar megaListenerRegistrar(ConfigurableListableBeanFactory beanFactory,
            Environment environment, SqsAsyncClient sqs, QueueResolver queues, BodyDecoder decoder,
            MatchCompiler compiler, MegaProperties properties, MegaMetrics metrics, ListenerExecution execution,
            ObjectMapping mapping, LargePayloads largePayloads) {
        // Boot's defaultValidator when a web application has an mvcValidator beside it.
        Validator validator = beanFactory.getBeanProvider(Validator.class).getIfUnique(() ->
                beanFactory.containsBean(DEFAULT_VALIDATOR) ? beanFactory.getBean(DEFAULT_VALIDATOR, Validator.class) : null);
        MegaListenerRegistrar registrar = new MegaListenerRegistrar(beanFactory, environment, ExtendedClients.plain(sqs),
                queues, decoder, compiler, mapping, validator, properties.listener().toOptions(),
                properties.listener().retriableExceptions(), metrics, properties.queueOptions(), execution);
        registrar.setLargePayloads(largePayloads);
        return registrar;
    }

    /**
     * Listener methods run on a bean named {@value #LISTENER_TASK_EXECUTOR} when there is one, else on
     * virtual threads when {@code spring.threads.virtual.enabled=true} (JDK 21+), else on a pool of
     * {@code max-in-flight} threads per queue; messages are observed when tracing is present; the
     * application's Spring Cloud AWS {@code MessageInterceptor} / {@code AsyncMessageInterceptor} beans run
     * around each message, and its {@code MegaListenerErrorHandler} bean, if any, decides exceptions.
     *
     * @param beanFactory where an executor and a tracer may be
     * @param environment says whether virtual threads are on
     * @param properties the configuration
     * @param observations Boot's observation registry, if any
     * @return where listener methods run and where observations go
     */
    @Bean
    @ConditionalOnMissingBean
    public ListenerExecution megaListenerExecution(ConfigurableListableBeanFactory beanFactory, Environment environment,
            MegaProperties properties, ObjectProvider<ObservationRegistry> observations) {
        TaskExecutor executor = beanFactory.containsBean(LISTENER_TASK_EXECUTOR)
                ? beanFactory.getBean(LISTENER_TASK_EXECUTOR, TaskExecutor.class) : null;
        // The same interceptor beans Spring Cloud AWS's auto-configuration gives @SqsListener containers.
        List<Object> interceptors = new ArrayList<>();
        beanFactory.getBeanProvider(MessageInterceptor.class).forEach(interceptors::add);
        beanFactory.getBeanProvider(AsyncMessageInterceptor.class).forEach(interceptors::add);
        return new ListenerExecution(executor, Threading.VIRTUAL.isActive(environment),
                observationRegistry(beanFactory, properties, observations), ListenerInterceptors.of(interceptors),
                beanFactory.getBeanProvider(MegaListenerErrorHandler.class).getIfUnique());
    }

    private static final String DEFAULT_VALIDATOR = "defaultValidator";

    /** The name of the bean that, when it exists, runs every listener method. */
    public static final String LISTENER_TASK_EXECUTOR = "megaListenerTaskExecutor";

    /**
     * The registry to observe with: Boot's, when {@code mega.tracing.enabled} (the default) and a
     * Micrometer Tracing {@code Tracer} bean exists; otherwise none. Observation without tracing
     * would only time what {@code sqs.mega.*} metrics already measure.
     */
    static ObservationRegistry observationRegistry(ListableBeanFactory beanFactory, MegaProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfUnique();
        if (!properties.tracing().enabled() || registry == null || !ClassUtils.isPresent(TRACER, null)) {
            return ObservationRegistry.NOOP;
        }
        boolean tracer = beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(TRACER, null), false, false).length > 0;
        return tracer ? registry : ObservationRegistry.NOOP;
    }

    private static final String TRACER = "io.micrometer.tracing.Tracer";

    /**
     * @param sqs the SQS client
     * @param queues the destination resolver
     * @param encoder the payload encoder
     * @param properties the configuration
     * @param metrics counts and times publishing
     * @param topics publishes to SNS topics, when an SNS client exists
     * @param beanFactory where a tracer may be
     * @param observations Boot's observation registry, if any
     * @param decoder decodes what the template receives
     * @param matchCompiler compiles the match expressions of receives
     * @param largePayloads offloads large bodies to S3
     * @return the template to publish and receive with
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SqsAsyncClient.class)
    public MegaTemplate megaTemplate(SqsAsyncClient sqs, QueueResolver queues, PayloadEncoder encoder,
            MegaProperties properties, MegaMetrics metrics, ObjectProvider<TopicPublisher> topics,
            ConfigurableListableBeanFactory beanFactory, ObjectProvider<ObservationRegistry> observations,
            BodyDecoder decoder, MatchCompiler matchCompiler, LargePayloads largePayloads) {
        MegaTemplate template = new MegaTemplate(ExtendedClients.plain(sqs), queues, encoder, properties.encoding(),
                properties.maxBodyBytes(), metrics, topics.getIfAvailable(),
                observationRegistry(beanFactory, properties, observations), properties.publish().transactional(), decoder,
                matchCompiler);
        template.setLargePayloads(largePayloads);
        return template;
    }

    /**
     * SNS topics as destinations, with the SNS SDK: over your {@code SnsAsyncClient} bean when there
     * is one, else over an async client configured like Spring Cloud AWS's {@code SnsClient}
     * ({@code spring.cloud.aws.sns.*}, region, credentials), which Spring Cloud AWS does not make.
     * That client is not a bean: as a bean it would switch on Spring Cloud AWS's async SNS template,
     * which needs Jackson 3.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SnsAsyncClient.class)
    static class SnsConfiguration {

        /**
         * @param sns your SNS client
         * @param properties the configuration
         * @return the publisher of MegaTemplate's topic destinations
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(SnsAsyncClient.class)
        TopicPublisher megaTopicPublisher(SnsAsyncClient sns, MegaProperties properties) {
            return new SnsTopicPublisher(sns, topics(properties));
        }

        /**
         * @param configurer Spring Cloud AWS's client settings
         * @param sns its SNS settings
         * @param connectionDetails its connection details, if any
         * @param customizers its async client customizers
         * @param properties the configuration
         * @return the publisher of MegaTemplate's topic destinations, over a client of its own
         */
        @Bean(name = "megaTopicPublisher")
        @ConditionalOnMissingBean({TopicPublisher.class, SnsAsyncClient.class})
        @ConditionalOnBean({AwsClientBuilderConfigurer.class, SnsProperties.class})
        TopicPublisher megaOwnClientTopicPublisher(AwsClientBuilderConfigurer configurer, SnsProperties sns,
                ObjectProvider<AwsConnectionDetails> connectionDetails,
                ObjectProvider<AwsAsyncClientCustomizer> customizers, MegaProperties properties) {
            SnsAsyncClient client = configurer.configureAsyncClient(SnsAsyncClient.builder(), sns,
                    connectionDetails.getIfAvailable(), null, customizers.orderedStream()).build();
            return SnsTopicPublisher.owning(client, topics(properties));
        }

        private static Map<String, SnsTopicPublisher.TopicDefinition> topics(MegaProperties properties) {
            Map<String, SnsTopicPublisher.TopicDefinition> topics = new LinkedHashMap<>();
            properties.topics().forEach((name, topic) -> topics.put(name,
                    new SnsTopicPublisher.TopicDefinition(topic.name(), topic.arn())));
            return topics;
        }
    }

    /**
     * @return no metrics: Micrometer is absent or has no registry
     */
    @Bean
    @ConditionalOnMissingBean
    public MegaMetrics megaMetrics() {
        return MegaMetrics.NOOP;
    }

    /** Micrometer metrics when a {@code MeterRegistry} exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MicrometerMetricsConfiguration {

        /**
         * @param registry the registry
         * @return metrics under {@code sqs.mega.*}
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(MeterRegistry.class)
        MegaMetrics megaMicrometerMetrics(MeterRegistry registry) {
            return new MicrometerMegaMetrics(registry);
        }
    }
}
