package io.sqsmega.test.spring;

import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import io.sqsmega.test.SqsFaultInjector;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies {@link EmbeddedSqsTest}: registered in {@code META-INF/spring.factories} for Spring's
 * TestContext framework.
 */
public final class EmbeddedSqsContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedSqsTest annotation = AnnotatedElementUtils.findMergedAnnotation(testClass, EmbeddedSqsTest.class);
        return annotation == null ? null : new Customizer(List.of(annotation.queues()),
                List.of(annotation.deadLetterQueues()), annotation.maxReceiveCount(), annotation.faults(),
                annotation.s3(), List.of(annotation.buckets()));
    }

    /**
     * Points Spring Cloud AWS at the embedded server and creates the queues. A record, so that
     * tests with the same settings share one cached context.
     */
    private record Customizer(List<String> queues, List<String> deadLetterQueues, int maxReceiveCount, boolean faults,
            boolean s3, List<String> buckets) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            EmbeddedSqs sqs = EmbeddedSqs.shared();
            URI endpoint = sqs.endpoint();
            if (faults) {
                SqsFaultInjector injector = SqsFaultInjector.inFrontOf(sqs.endpoint());
                context.getBeanFactory().registerSingleton("sqsFaultInjector", injector);
                // Closed with the beans, after the listener containers stopped and settled their last
                // messages through it (ContextClosedEvent comes before they stop). The first singleton
                // registered is the last destroyed.
                if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                    beans.registerDisposableBean("sqsFaultInjector", injector::close);
                }
                endpoint = injector.endpoint();
            }
            ConfigurableEnvironment environment = context.getEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("embeddedSqs", Map.of(
                    "spring.cloud.aws.sqs.endpoint", endpoint.toString(),
                    "spring.cloud.aws.region.static", EmbeddedSqs.REGION.id(),
                    "spring.cloud.aws.credentials.access-key", "x",
                    "spring.cloud.aws.credentials.secret-key", "x")));
            if (s3) {
                embeddedS3(environment);
            }
            Set<String> names = new LinkedHashSet<>(queues);
            Binder.get(environment).bind("mega.queues", Bindable.mapOf(String.class, QueueName.class))
                    .ifBound(logical -> logical.forEach((key, queue) -> {
                        if (queue.url() == null) {
                            names.add(queue.name() != null ? queue.name() : key);
                        }
                    }));
            for (String name : names) {
                QueueSpec spec = QueueSpec.standard(name);
                if (name.endsWith(".fifo")) {
                    spec = spec.asFifo();
                }
                if (deadLetterQueues.contains(name)) {
                    spec = spec.withDeadLetterQueue(maxReceiveCount);
                }
                sqs.createQueue(spec);
            }
        }

        /** Points Spring Cloud AWS's S3 settings at the embedded S3 and creates the buckets the application names. */
        private void embeddedS3(ConfigurableEnvironment environment) {
            EmbeddedS3 s3 = EmbeddedS3.shared();
            environment.getPropertySources().addFirst(new MapPropertySource("embeddedS3", Map.of(
                    "spring.cloud.aws.s3.endpoint", s3.endpoint().toString(),
                    "spring.cloud.aws.s3.path-style-access-enabled", "true")));
            Set<String> names = new LinkedHashSet<>(buckets);
            Binder binder = Binder.get(environment);
            binder.bind("mega.s3.bucket", String.class).ifBound(names::add);
            binder.bind("spring.cloud.aws.sqs.extended.bucket", String.class).ifBound(names::add);
            binder.bind("mega.s3.allowed-buckets", Bindable.listOf(String.class)).ifBound(names::addAll);
            names.forEach(s3::createBucket);
        }

        /** The part of {@code mega.queues.<name>} that says which SQS queue to create. */
        record QueueName(String name, String url) {
        }
    }
}
