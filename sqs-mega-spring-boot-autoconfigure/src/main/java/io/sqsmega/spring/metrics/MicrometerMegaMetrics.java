package io.sqsmega.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link MegaMetrics} on Micrometer. Counters and timers, all under {@code sqs.mega.}:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>sqs.mega.received</td><td>counter</td><td>queue, kind</td></tr>
 * <tr><td>sqs.mega.handler</td><td>timer</td><td>queue, listener, kind, outcome</td></tr>
 * <tr><td>sqs.mega.unmatched</td><td>counter</td><td>queue, kind</td></tr>
 * <tr><td>sqs.mega.undecided</td><td>counter</td><td>queue, listener</td></tr>
 * <tr><td>sqs.mega.retried</td><td>counter</td><td>queue</td></tr>
 * <tr><td>sqs.mega.failed</td><td>counter</td><td>queue, failure, policy</td></tr>
 * <tr><td>sqs.mega.deleted</td><td>counter</td><td>queue, reason</td></tr>
 * <tr><td>sqs.mega.publish</td><td>timer</td><td>destination, format, outcome</td></tr>
 * </table>
 * A timer also counts: {@code sqs.mega.handler} is the dispatched count per outcome.
 */
public final class MicrometerMegaMetrics implements MegaMetrics {

    private final MeterRegistry registry;

    /**
     * @param registry where the meters go
     */
    public MicrometerMegaMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void received(String queue, String kind) {
        registry.counter("sqs.mega.received", "queue", queue, "kind", kind).increment();
    }

    @Override
    public void dispatched(String queue, String listener, String kind, String outcome, Duration duration) {
        registry.timer("sqs.mega.handler", "queue", queue, "listener", listener, "kind", kind, "outcome", outcome)
                .record(duration);
    }

    @Override
    public void unmatched(String queue, String kind) {
        registry.counter("sqs.mega.unmatched", "queue", queue, "kind", kind).increment();
    }

    @Override
    public void undecided(String queue, String listener) {
        registry.counter("sqs.mega.undecided", "queue", queue, "listener", listener).increment();
    }

    @Override
    public void retried(String queue) {
        registry.counter("sqs.mega.retried", "queue", queue).increment();
    }

    @Override
    public void failed(String queue, String failure, String policy) {
        registry.counter("sqs.mega.failed", "queue", queue, "failure", failure, "policy", policy).increment();
    }

    @Override
    public void deleted(String queue, String reason) {
        registry.counter("sqs.mega.deleted", "queue", queue, "reason", reason).increment();
    }

    @Override
    public void unsettled(String queue, String reason) {
        registry.counter("sqs.mega.unsettled", "queue", queue, "reason", reason).increment();
    }

    @Override
    public void published(String destination, String format, String outcome, Duration duration) {
        registry.timer("sqs.mega.publish", "destination", destination, "format", format, "outcome", outcome)
                .record(duration);
    }

    @Override
    public void deferredPublish(String destination, String outcome, int count) {
        registry.counter("sqs.mega.publish.deferred", "destination", destination, "outcome", outcome).increment(count);
    }
}
