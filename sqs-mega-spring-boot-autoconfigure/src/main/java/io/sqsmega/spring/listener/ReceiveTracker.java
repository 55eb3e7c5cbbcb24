package io.sqsmega.spring.listener;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Watches the {@code ReceiveMessage} calls of one container, through the client it gives Spring
 * Cloud AWS's message source (every other call passes straight through):
 * <ul>
 * <li>counts receives that failed in a row, with the last reason, for the health indicator
 * (the message source only logs them);</li>
 * <li>ends the long polls in flight when the container stops. The message source's stop waits
 * for every back-pressure permit, and a long poll holds its permits for up to its wait time
 * (20 s by default) even with nothing to receive. An ended poll answers "no messages" at once;
 * if SQS still hands messages to it, they are released (visibility 0), so none waits for its
 * visibility timeout.</li>
 * </ul>
 */
final class ReceiveTracker implements InvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveTracker.class);

    private final SqsAsyncClient sqs;
    private final String queue;
    private final VisibilityChanges changes;
    private final SqsAsyncClient proxy;
    private final Map<CompletableFuture<ReceiveMessageResponse>, Boolean> inFlight = new ConcurrentHashMap<>();
    private volatile boolean ended;
    private volatile int consecutiveFailures;
    private volatile String lastFailure;

    ReceiveTracker(SqsAsyncClient sqs, String queue, VisibilityChanges changes) {
        this.sqs = sqs;
        this.queue = queue;
        this.changes = changes;
        this.proxy = (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
                new Class<?>[] {SqsAsyncClient.class}, this);
    }

    /** @return the client to give the container: the real one, with receives watched */
    SqsAsyncClient client() {
        return proxy;
    }

    /** @return receive calls that failed in a row (0 after a successful one) */
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** @return why the last receive failed, or {@code null} when the last one succeeded */
    String lastFailure() {
        return lastFailure;
    }

    /** Lets receives through again (a container started after a stop). */
    void resume() {
        ended = false;
    }

    /** Answers every receive in flight, and every later one, with no messages. */
    void endPolls() {
        ended = true;
        new ArrayList<>(inFlight.keySet()).forEach(poll -> poll.complete(ReceiveMessageResponse.builder().build()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("receiveMessage") && args != null && args.length == 1) {
            ReceiveMessageRequest request = args[0] instanceof ReceiveMessageRequest given ? given
                    : ReceiveMessageRequest.builder().applyMutation((Consumer<ReceiveMessageRequest.Builder>) args[0]).build();
            return receive(request);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> target == args[0];
                case "hashCode" -> System.identityHashCode(target);
                default -> "ReceiveTracker[" + queue + "] over " + sqs;
            };
        }
        try {
            return method.invoke(sqs, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    private CompletableFuture<ReceiveMessageResponse> receive(ReceiveMessageRequest request) {
        if (ended) {
            return CompletableFuture.completedFuture(ReceiveMessageResponse.builder().build());
        }
        CompletableFuture<ReceiveMessageResponse> answer = new CompletableFuture<>();
        inFlight.put(answer, Boolean.TRUE);
        CompletableFuture<ReceiveMessageResponse> call;
        try {
            call = sqs.receiveMessage(request);
        }
        catch (RuntimeException ex) {
            call = CompletableFuture.failedFuture(ex);
        }
        call.whenComplete((response, failure) -> {
            inFlight.remove(answer);
            record(failure);
            if (failure != null) {
                answer.completeExceptionally(failure);
            }
            else if (!answer.complete(response) && response.hasMessages() && !response.messages().isEmpty()) {
                release(response.messages());
            }
        });
        if (ended) {
            // endPolls() ran between the check above and put(): this poll must end too.
            answer.complete(ReceiveMessageResponse.builder().build());
        }
        return answer;
    }

    private void record(Throwable failure) {
        if (failure == null) {
            if (consecutiveFailures > 0) {
                LOG.info("Receiving from {} works again after {} failure(s)", queue, consecutiveFailures);
                consecutiveFailures = 0;
                lastFailure = null;
            }
            return;
        }
        if (!ended) {
            consecutiveFailures++;
            lastFailure = VisibilityChanges.rootMessage(failure);
        }
    }

    /** Messages SQS gave to a poll that had already ended: visible again at once. */
    private void release(List<Message> messages) {
        LOG.debug("Releasing {} message(s) of {} received by a poll ended at stop", messages.size(), queue);
        changes.apply(messages.stream().map(message -> new VisibilityChanges.Change(message.messageId(),
                message.receiptHandle(), 0)).toList(), "release");
    }
}
