package io.sqsmega.spring.actuate;

import io.sqsmega.match.Match;
import io.sqsmega.spring.listener.ContainerOptions;
import io.sqsmega.spring.listener.ListenerCounts;
import io.sqsmega.spring.listener.ListenerMethod;
import io.sqsmega.spring.listener.MegaListenerContainer;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/mega}: what the application listens to and how it went. Per queue: its URL,
 * dead-letter queue, whether its container runs, messages in flight, receive failures and the
 * failure policies in force; per listener: the bean method, the payload kind, the match as written
 * and as compiled (with its payload-kind guard), the condition the dispatcher's index files it
 * under, and its invocations by outcome.
 *
 * <p>{@code GET /actuator/mega/{queue}} shows one queue; {@code POST /actuator/mega/{queue}} with
 * {@code {"running": false}} stops its container (messages in flight finish and are settled) and
 * {@code {"running": true}} starts it again, as {@code /actuator/loggers/{name}} sets a level.
 * Like every endpoint, it is off the web until {@code management.endpoints.web.exposure.include}
 * names {@code mega}; expose the write operation only where its callers are trusted.
 */
@Endpoint(id = "mega")
public class MegaEndpoint {

    private final MegaListenerRegistrar registrar;

    /** @param registrar the registrar whose containers to show */
    public MegaEndpoint(MegaListenerRegistrar registrar) {
        this.registrar = registrar;
    }

    /** @return every queue */
    @ReadOperation
    public MegaDescriptor queues() {
        Map<String, QueueDescriptor> queues = new LinkedHashMap<>();
        registrar.containers().forEach(container -> queues.put(container.queue(), describe(container)));
        return new MegaDescriptor(queues);
    }

    /**
     * @param queue the queue as the listeners name it
     * @return that queue, or {@code null} (404) when no listener names it
     */
    @ReadOperation
    public QueueDescriptor queue(@Selector String queue) {
        MegaListenerContainer container = find(queue);
        return container == null ? null : describe(container);
    }

    /**
     * Stops or starts one queue's container.
     *
     * @param queue the queue as the listeners name it
     * @param running whether it should run
     * @return the queue afterwards, or {@code null} (404) when no listener names it
     */
    @WriteOperation
    public QueueDescriptor setRunning(@Selector String queue, boolean running) {
        MegaListenerContainer container = find(queue);
        if (container == null) {
            return null;
        }
        if (running) {
            container.start();
        }
        else {
            container.stop();
        }
        return describe(container);
    }

    private MegaListenerContainer find(String queue) {
        return registrar.containers().stream().filter(container -> container.queue().equals(queue)).findFirst()
                .orElse(null);
    }

    private static QueueDescriptor describe(MegaListenerContainer container) {
        ContainerOptions options = container.options();
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("fatal", name(options.fatalPolicy()));
        policies.put("invalid", name(options.invalidPolicy()));
        policies.put("unrecognised", name(options.unrecognisedPolicy()));
        policies.put("unmatched", name(options.unmatchedPolicy()));
        List<ListenerDescriptor> listeners = new ArrayList<>();
        for (ListenerMethod listener : container.listeners()) {
            ListenerCounts counts = container.counts(listener);
            String filedUnder = container.filedUnder(listener);
            listeners.add(new ListenerDescriptor(listener.id(), listener.kind().label(), listener.matcher().expression(),
                    Match.render(listener.matcher().tree()),
                    filedUnder != null ? filedUnder : "not indexed: evaluated for every " + listener.matcher()
                            .possibleKinds().stream().map(kind -> kind.label()).sorted().collect(Collectors.joining(", "))
                            + " message",
                    listener.isBatch(), counts.handled(), counts.byOutcome()));
        }
        return new QueueDescriptor(container.getId(), container.queueUrl(), container.deadLetterQueueUrl(),
                container.isFifo(), container.isRunning(), container.isAutoStartup(), container.inFlight(), container.consecutivePollFailures(),
                container.lastPollFailure(), policies, listeners);
    }

    private static String name(Enum<?> policy) {
        return policy == null ? null : policy.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Every queue the application listens to.
     *
     * @param queues by name, as the listeners name them
     */
    public record MegaDescriptor(Map<String, QueueDescriptor> queues) {
    }

    /**
     * One queue.
     *
     * @param id its container's id in Spring Cloud AWS's {@code MessageListenerContainerRegistry}
     * @param url the queue URL
     * @param deadLetterQueue its dead-letter queue's URL, or {@code null}
     * @param fifo whether it is a FIFO queue
     * @param running whether its container polls
     * @param autoStartup whether its container starts with the application
     * @param inFlight messages being handled now
     * @param consecutivePollFailures receive calls that failed in a row
     * @param lastPollFailure why the last receive failed, or {@code null}
     * @param policies the failure policies in force: fatal, invalid, unrecognised, unmatched
     * @param listeners its listeners, in invocation order
     */
    public record QueueDescriptor(String id, String url, String deadLetterQueue, boolean fifo, boolean running,
            boolean autoStartup, int inFlight,
            int consecutivePollFailures, String lastPollFailure, Map<String, String> policies,
            List<ListenerDescriptor> listeners) {
    }

    /**
     * One listener method.
     *
     * @param method {@code BeanClass.method}
     * @param kind the payload kind it accepts
     * @param match the match expression as written
     * @param compiled the expression it runs, with the payload-kind guard
     * @param filedUnder the condition the dispatcher's index files it under
     * @param batch whether it takes a poll's matching messages in one call
     * @param handled invocations (messages, for a batch listener)
     * @param outcomes invocations by outcome, and undecided matches
     */
    public record ListenerDescriptor(String method, String kind, String match, String compiled, String filedUnder,
            boolean batch, long handled, Map<String, Long> outcomes) {
    }
}
