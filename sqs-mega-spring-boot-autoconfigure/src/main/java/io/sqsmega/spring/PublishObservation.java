package io.sqsmega.spring;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Micrometer Observation of one {@link MegaTemplate} call: a producer observation whose trace
 * context the tracer writes into a map of message attributes ({@code traceparent} with W3C
 * propagation), which the listener side reads back, so that a publish and the listeners it
 * reaches are one trace.
 */
final class PublishObservation {

    /** The observation's name (and the name of the timer a meter handler makes of it). */
    static final String NAME = "sqs.mega.send";

    private final Observation observation;
    private final Map<String, String> context;

    private PublishObservation(Observation observation, Map<String, String> context) {
        this.observation = observation;
        this.context = context;
    }

    /**
     * Starts observing a publish.
     *
     * @param registry where to record; {@link ObservationRegistry#NOOP} records nothing and adds no attribute
     * @param destination the destination as given
     * @param messages how many messages the call sends
     * @return the started observation
     */
    static PublishObservation start(ObservationRegistry registry, String destination, int messages) {
        if (registry.isNoop()) {
            return new PublishObservation(Observation.NOOP, Map.of());
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        SenderContext<Map<String, String>> sender = new SenderContext<>((map, key, value) -> {
            if (map != null && key != null && value != null) {
                map.put(key, value);
            }
        }, Kind.PRODUCER);
        sender.setCarrier(carrier);
        sender.setRemoteServiceName("aws-sqs");
        Observation observation = Observation.createNotStarted(NAME, () -> sender, registry)
                .contextualName(destination + " publish")
                .lowCardinalityKeyValues(KeyValues.of("messaging.system", "aws_sqs", "messaging.operation", "publish"))
                .highCardinalityKeyValue("messaging.destination.name", destination)
                .highCardinalityKeyValue("messaging.batch.message_count", Integer.toString(messages))
                .start();
        return new PublishObservation(observation, carrier);
    }

    /** @return the trace context to send as message attributes (empty when not observing) */
    Map<String, String> context() {
        return context;
    }

    /**
     * Stops the observation when the publish ends.
     *
     * @param sent the publish
     * @return the same publish
     */
    <T> CompletableFuture<T> stopWhenDone(CompletableFuture<T> sent) {
        if (observation == Observation.NOOP) {
            return sent;
        }
        return sent.whenComplete((result, failure) -> {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        });
    }
}
