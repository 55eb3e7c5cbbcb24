package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Tracing as a Boot application with Micrometer Tracing (Brave, W3C propagation) has it: the
 * publisher's trace continues in every listener the message reaches, through one message attribute.
 */
class TracingIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private ApplicationContextRunner runner(String queueUrl) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
                        MicrometerTracingAutoConfiguration.class, MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withPropertyValues("test.queue=" + queueUrl, "mega.listener.poll-wait=1s",
                        "management.tracing.sampling.probability=1.0");
    }

    /** What a listener saw: the trace it ran in and the message's attributes. */
    record Seen(String listener, String traceId, Map<String, String> attributes) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Traced {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final ObjectProvider<Tracer> tracer;

        Traced(ObjectProvider<Tracer> tracer) {
            this.tracer = tracer;
        }

        @MegaListener(queue = "${test.queue}")
        void audit(MegaEvent event, MegaMessage message) {
            seen.add(new Seen("audit", traceId(), message.attributes()));
        }

        @MegaListener(queue = "${test.queue}", match = "event.name == 'order.placed'")
        void ship(MegaEvent event, MegaMessage message) {
            seen.add(new Seen("ship", traceId(), message.attributes()));
        }

        private String traceId() {
            Span current = tracer.getObject().currentSpan();
            return current == null ? "none" : current.context().traceId();
        }
    }

    @Test
    void thePublishersTraceContinuesInEveryListenerItReaches() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("traced")));
        runner(url).withUserConfiguration(Traced.class).run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            Span checkout = tracer.nextSpan().name("checkout").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(checkout)) {
                context.getBean(MegaTemplate.class).publish(url, MegaEvent.builder().name("order.placed")
                        .timestamp(Instant.parse("2020-01-01T00:00:00Z")).build(),
                        PublishOptions.builder().attribute("tenant", "acme").build());
            }
            finally {
                checkout.end();
            }
            List<Seen> seen = context.getBean(Traced.class).seen;
            await().atMost(DEADLINE).until(() -> seen.size() == 2);
            assertThat(seen).extracting(Seen::listener).containsExactly("audit", "ship");
            assertThat(seen).extracting(Seen::traceId).containsOnly(checkout.context().traceId());
            // One attribute carries the context: the user's and ours leave 7 of the 10 free.
            assertThat(seen.get(0).attributes()).containsOnlyKeys("tenant", "mega-payload", "traceparent");
            assertThat(seen.get(0).attributes().get("traceparent")).contains(checkout.context().traceId());
        });
    }

    @Test
    void aMessageFromAnUntracedPublisherStartsATraceOfItsOwn() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("untraced")));
        runner(url).withUserConfiguration(Traced.class).run(context -> {
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody(
                    "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"order.placed\",\"timestamp\":\"2020-01-01T00:00:00Z\"}}"));
            List<Seen> seen = context.getBean(Traced.class).seen;
            await().atMost(DEADLINE).until(() -> seen.size() == 2);
            assertThat(seen.get(0).traceId()).isNotBlank().isEqualTo(seen.get(1).traceId());
            assertThat(seen.get(0).attributes()).doesNotContainKey("traceparent");
        });
    }

    @Test
    void tracingCanBeTurnedOff() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("off")));
        runner(url).withUserConfiguration(Traced.class).withPropertyValues("mega.tracing.enabled=false").run(context -> {
            context.getBean(MegaTemplate.class).publish(url, MegaEvent.builder().name("order.placed")
                    .timestamp(Instant.parse("2020-01-01T00:00:00Z")).build());
            List<Seen> seen = context.getBean(Traced.class).seen;
            await().atMost(DEADLINE).until(() -> seen.size() == 2);
            assertThat(seen.get(0).attributes()).containsOnlyKeys("mega-payload");
            assertThat(seen).extracting(Seen::traceId).containsOnly("none");
        });
    }
}
