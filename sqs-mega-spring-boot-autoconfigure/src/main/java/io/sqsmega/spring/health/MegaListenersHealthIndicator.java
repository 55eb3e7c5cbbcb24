package io.sqsmega.spring.health;

import io.sqsmega.spring.listener.MegaListenerContainer;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The listener containers' health, as {@code mega} in {@code /actuator/health}: one detail per
 * queue (running, messages in flight, receive failures in a row and the last one's reason). DOWN
 * when a running container's receive calls failed {@value #FAILURES_FOR_DOWN} times in a row: its
 * queue is not being consumed (endpoint unreachable, queue deleted, permissions withdrawn). A stopped
 * container (by the endpoint, or by {@code auto-startup=false}) is not DOWN; the detail says
 * {@code "autoStartup": false} for the latter.
 */
public class MegaListenersHealthIndicator extends AbstractHealthIndicator {

    /** Receive failures in a row that make a container, and so the application, DOWN. */
    public static final int FAILURES_FOR_DOWN = 3;

    private final MegaListenerRegistrar registrar;

    /** @param registrar the registrar whose containers to report */
    public MegaListenersHealthIndicator(MegaListenerRegistrar registrar) {
        super("SQS MEGA listener health check failed");
        this.registrar = registrar;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = false;
        Map<String, Object> queues = new LinkedHashMap<>();
        for (MegaListenerContainer container : registrar.containers()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("url", container.queueUrl());
            detail.put("running", container.isRunning());
            if (!container.isAutoStartup()) {
                // Stopped on purpose at startup: not a failure, and not DOWN.
                detail.put("autoStartup", false);
            }
            detail.put("inFlight", container.inFlight());
            detail.put("consecutivePollFailures", container.consecutivePollFailures());
            if (container.lastPollFailure() != null) {
                detail.put("lastPollFailure", container.lastPollFailure());
            }
            queues.put(container.queue(), detail);
            down |= container.isRunning() && container.consecutivePollFailures() >= FAILURES_FOR_DOWN;
        }
        (down ? builder.down() : builder.up()).withDetail("queues", queues);
    }
}
