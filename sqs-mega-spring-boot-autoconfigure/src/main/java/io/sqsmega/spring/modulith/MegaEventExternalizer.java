package io.sqsmega.spring.modulith;

import io.sqsmega.spring.CompletionFailures;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import io.sqsmega.spring.TransactionMode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.expression.EvaluationContext;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.modulith.events.support.BrokerRouting;

/**
 * Sends the events Spring Modulith externalizes through {@link MegaTemplate}: the routing target
 * ({@code @Externalized("orders::#{customerId()}")}) names the destination, a logical queue or topic of
 * {@code mega.*} or any name, URL or ARN {@code MegaTemplate} accepts; its key becomes the message group
 * id when the destination is FIFO (and is not sent to standard ones); Modulith's headers for the event
 * become string message attributes. The event (after Modulith's mapping) is published as
 * {@code MegaTemplate} publishes any payload: a {@code MegaEvent} as a MEGA event, a record or POJO as a
 * data object. The returned future completes when SQS or SNS accepted the message, so Modulith marks the
 * publication completed only then; a failure leaves it incomplete, to be resubmitted.
 *
 * <p>Given to Modulith's own {@code DelegatingEventExternalizer}: Modulith decides which events go out and
 * keeps the publication registry; this only sends.
 */
public final class MegaEventExternalizer implements BiFunction<RoutingTarget, Object, CompletableFuture<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(MegaEventExternalizer.class);

    private final MegaTemplate mega;
    private final EventExternalizationConfiguration configuration;
    private final EvaluationContext context;

    /**
     * @param mega sends the events
     * @param configuration Modulith's externalization configuration (for each event's headers)
     * @param context evaluates SpEL in routing targets and keys (with the application's beans)
     */
    public MegaEventExternalizer(MegaTemplate mega, EventExternalizationConfiguration configuration,
            EvaluationContext context) {
        this.mega = Objects.requireNonNull(mega, "mega");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public CompletableFuture<?> apply(RoutingTarget target, Object payload) {
        BrokerRouting routing = BrokerRouting.of(target, context);
        String destination = routing.getTarget(payload);
        String key = routing.getKey(payload);
        // The publication registry is the guarantee here: never hold the send for a transaction.
        PublishOptions.Builder options = PublishOptions.builder().transactionMode(TransactionMode.IMMEDIATE);
        for (Map.Entry<String, Object> header : configuration.getHeadersFor(payload).entrySet()) {
            if (header.getValue() != null) {
                options.attribute(header.getKey(), header.getValue().toString());
            }
        }
        CompletableFuture<String> sent = key == null ? mega.publishAsync(destination, payload, options.build())
                : mega.isFifo(destination).thenCompose(fifo -> mega.publishAsync(destination, payload,
                        fifo ? options.messageGroupId(key).build() : options.build()));
        return sent.whenComplete((messageId, failure) -> {
            if (failure != null) {
                Throwable cause = CompletionFailures.cause(failure);
                LOG.warn("Externalizing {} to '{}' failed: {}. Its event publication stays incomplete; Spring Modulith "
                        + "sends it again when incomplete publications are resubmitted", payload.getClass().getName(),
                        destination, cause.getMessage());
            }
            else {
                LOG.debug("Externalized {} to '{}' as {}", payload.getClass().getName(), destination, messageId);
            }
        });
    }
}
