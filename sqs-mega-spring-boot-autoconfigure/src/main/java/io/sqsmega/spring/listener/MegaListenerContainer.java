package io.sqsmega.spring.listener;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.dispatch.DispatchResult;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.MessageDisposition;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.dispatch.RetryBackoff;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.match.MatchInput;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The container of one queue: long-polls it, decodes each message once, dispatches it to every
 * matching {@link ListenerMethod} and settles it from their answers: deleted when all are done,
 * kept with the retry backoff's visibility when one asks to retry (or a match was undecided), and
 * the fatal, invalid or unrecognised policy otherwise. At most {@code maxInFlight} messages are
 * handled at once; stopping ends polling and waits for them.
 */
public final class MegaListenerContainer {

    private static final Logger LOG = LoggerFactory.getLogger(MegaListenerContainer.class);

    private final String queue;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final Duration visibilityTimeout;
    private final SqsAsyncClient sqs;
    private final BodyDecoder decoder;
    private final Dispatcher<ListenerMethod> dispatcher;
    private final ContainerOptions options;
    private final MegaMetrics metrics;
    private final Semaphore inFlight;
    private final AtomicInteger handling = new AtomicInteger();
    private volatile boolean running;
    private volatile int consecutivePollFailures;
    private volatile String lastPollFailure;
    private Thread poller;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeats;

    /**
     * @param queue the queue as the listeners named it
     * @param queueUrl its URL
     * @param deadLetterQueueUrl its dead-letter queue's URL, or {@code null} when it has none
     * @param visibilityTimeout the queue's visibility timeout (the heartbeat renews it)
     * @param listeners the listeners of the queue, in registration order
     * @param sqs the client
     * @param decoder the body decoder
     * @param options polling and policies, all three policies set
     * @param metrics what to count
     */
    public MegaListenerContainer(String queue, String queueUrl, String deadLetterQueueUrl, Duration visibilityTimeout,
            List<ListenerMethod> listeners, SqsAsyncClient sqs, BodyDecoder decoder, ContainerOptions options,
            MegaMetrics metrics) {
        if (options.fatalPolicy() == null || options.invalidPolicy() == null || options.unrecognisedPolicy() == null) {
            throw new IllegalArgumentException("resolve the default policies first: ContainerOptions.withDefaultPolicies");
        }
        this.queue = queue;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.visibilityTimeout = visibilityTimeout;
        this.sqs = sqs;
        this.decoder = decoder;
        this.options = options;
        this.metrics = metrics;
        this.inFlight = new Semaphore(options.maxInFlight());
        List<Subscription<ListenerMethod>> subscriptions = new ArrayList<>();
        listeners.forEach(listener -> subscriptions.add(new Subscription<>(listener.matcher(), listener)));
        this.dispatcher = Dispatcher.of(subscriptions);
    }

    /** Starts polling. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(options.maxInFlight(), runnable -> {
            Thread thread = new Thread(runnable, "mega-" + queue + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mega-" + queue + "-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        poller = new Thread(this::poll, "mega-" + queue + "-poller");
        poller.setDaemon(true);
        poller.start();
        LOG.info("Listening to {} ({}) with {} listener(s)", queue, queueUrl, dispatcher.subscriptions().size());
    }

    /** Stops polling and waits up to the shutdown timeout for messages in flight. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        poller.interrupt();
        workers.shutdown();
        try {
            poller.join(options.pollWait().toMillis() + 5_000);
            if (!workers.awaitTermination(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Stopping {}: {} message(s) still in flight after {}; they will be delivered again",
                        queue, handling.get(), options.shutdownTimeout());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        LOG.info("Stopped listening to {}", queue);
    }

    /** @return whether it is polling */
    public boolean isRunning() {
        return running;
    }

    /** @return the queue as the listeners named it */
    public String queue() {
        return queue;
    }

    /** @return messages being handled right now */
    public int inFlight() {
        return handling.get();
    }

    /** @return receive calls that failed in a row (0 after a successful one) */
    public int consecutivePollFailures() {
        return consecutivePollFailures;
    }

    /** @return why the last receive call failed, or {@code null} when the last one succeeded */
    public String lastPollFailure() {
        return lastPollFailure;
    }

    /** @return the queue URL */
    public String queueUrl() {
        return queueUrl;
    }

    /** @return the options in force for this queue (overrides and default policies applied) */
    public ContainerOptions options() {
        return options;
    }

    private void poll() {
        while (running) {
            try {
                inFlight.acquire();
                int permits = 1 + inFlight.drainPermits();
                int wanted = Math.min(permits, options.messagesPerPoll());
                inFlight.release(permits - wanted);
                List<Message> messages;
                try {
                    messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                            .waitTimeSeconds((int) options.pollWait().toSeconds()).messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                    MessageSystemAttributeName.MESSAGE_GROUP_ID))
                            .get().messages();
                }
                catch (Exception ex) {
                    inFlight.release(wanted);
                    if (running) {
                        int failures = ++consecutivePollFailures;
                        lastPollFailure = rootMessage(ex);
                        Duration pause = pollFailurePause(failures);
                        LOG.warn("Polling {} failed {} time(s) in a row ({}); retrying in {} s", queue, failures,
                                lastPollFailure, pause.toSeconds());
                        Thread.sleep(pause.toMillis());
                    }
                    continue;
                }
                if (consecutivePollFailures > 0) {
                    LOG.info("Polling {} works again after {} failure(s)", queue, consecutivePollFailures);
                    consecutivePollFailures = 0;
                    lastPollFailure = null;
                }
                inFlight.release(wanted - messages.size());
                messages.forEach(this::submit);
            }
            catch (InterruptedException ex) {
                if (running) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    private void submit(Message message) {
        handling.incrementAndGet();
        try {
            workers.execute(() -> work(message));
        }
        catch (RejectedExecutionException ex) {
            // Shutdown began after this receive: the message becomes visible again and is redelivered.
            handling.decrementAndGet();
            inFlight.release();
            LOG.debug("Message {} of {} received during shutdown; left for redelivery", message.messageId(), queue);
        }
    }

    private void work(Message message) {
        try {
            handle(message).join();
        }
        catch (RuntimeException ex) {
            LOG.warn("Handling message {} of {} failed ({}); it will be delivered again", message.messageId(), queue,
                    rootMessage(ex));
        }
        finally {
            handling.decrementAndGet();
            inFlight.release();
        }
    }

    private CompletableFuture<Void> handle(Message message) {
        Map<String, String> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        int receiveCount = receiveCount(message);
        DecodeResult result = decoder.decode(message.body(), attributes);
        metrics.received(queue, result.label());
        if (result instanceof DecodeResult.Invalid invalid) {
            LOG.warn("Invalid message {} on {}: {}", message.messageId(), queue, invalid.reason());
            return apply(options.invalidPolicy(), message, "invalid", invalid.reason(), List.of());
        }
        if (result instanceof DecodeResult.SnsConfirmation confirmation) {
            LOG.info("SNS {} for {} on {}: deleted, never dispatched", confirmation.envelope().type(),
                    confirmation.envelope().topicArn(), queue);
            return delete(message, "confirmation");
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        MatchInput input = MatchInput.of(decoded, message.messageId(), receiveCount, attributes);
        DispatchResult<ListenerMethod> dispatch = dispatcher.dispatch(input);
        if (dispatch.isUnmatched()) {
            boolean kindAccepted = dispatcher.subscriptions().stream()
                    .anyMatch(s -> s.target().kind() == decoded.payload().kind());
            if (!kindAccepted) {
                LOG.warn("No listener of {} accepts {} payloads (message {})", queue, decoded.payload().kind().label(),
                        message.messageId());
                return apply(options.unrecognisedPolicy(), message, "unrecognised",
                        "no listener of " + queue + " accepts " + decoded.payload().kind().label() + " payloads", List.of());
            }
            metrics.unmatched(queue, decoded.payload().kind().label());
            if (options.unmatchedPolicy() == FailurePolicy.DELETE) {
                LOG.debug("Message {} on {} matched no listener: deleted", message.messageId(), queue);
                return delete(message, "unmatched");
            }
            return apply(options.unmatchedPolicy(), message, "unmatched", "no listener of " + queue + " matched", List.of());
        }
        MegaMessage megaMessage = new MegaMessage(message.messageId(), receiveCount, attributes,
                decoded.payload().kind(), queue, decoded.envelope());
        Heartbeat heartbeat = Heartbeat.start(heartbeats, sqs, queueUrl, message.receiptHandle(), message.messageId(),
                visibilityTimeout, options.maxProcessingTime());
        dispatch.undecided().forEach(listener -> metrics.undecided(queue, listener.id()));
        String kind = decoded.payload().kind().label();
        List<ListenerMethod> matched = dispatch.matched();
        List<CompletableFuture<ListenerMethod.Invocation>> invocations = new ArrayList<>();
        for (ListenerMethod listener : matched) {
            long start = System.nanoTime();
            invocations.add(listener.invoke(megaMessage, decoded.payload()).thenApply(invocation -> {
                metrics.dispatched(queue, listener.id(), kind, invocation.status().name().toLowerCase(Locale.ROOT),
                        Duration.ofNanos(System.nanoTime() - start));
                if (invocation.failure() != null) {
                    logFailure(listener, message, invocation);
                }
                return invocation;
            }));
        }
        return CompletableFuture.allOf(invocations.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            heartbeat.stop();
            Map<ListenerMethod, ListenerMethod.Invocation> answered = new HashMap<>();
            List<MessageDisposition.Answer<ListenerMethod>> collected = new ArrayList<>();
            for (int i = 0; i < matched.size(); i++) {
                ListenerMethod.Invocation invocation = invocations.get(i).join();
                answered.put(matched.get(i), invocation);
                collected.add(new MessageDisposition.Answer<>(matched.get(i), invocation.status()));
            }
            MessageDisposition<ListenerMethod> disposition = MessageDisposition.fold(collected, dispatch.undecided());
            return switch (disposition.action()) {
                case DELETE -> delete(message, "done");
                case RETRY -> retry(message, receiveCount, disposition);
                case FATAL -> {
                    List<String> failed = disposition.fatalListeners().stream().map(ListenerMethod::id).toList();
                    String reason = disposition.fatalListeners().stream()
                            .map(listener -> answered.get(listener).failure() != null
                                    ? listener.id() + ": " + answered.get(listener).failureSummary()
                                    : listener.id() + " answered FATAL_ERROR")
                            .collect(Collectors.joining("; ", "failed in ", ""));
                    LOG.warn("Message {} on {} {}", message.messageId(), queue, reason);
                    yield apply(options.fatalPolicy(), message, "fatal", reason, failed);
                }
            };
        });
    }

    /** Fatal failures with their stack trace (someone must fix code); retriable ones in one line. */
    private void logFailure(ListenerMethod listener, Message message, ListenerMethod.Invocation invocation) {
        if (invocation.status() == ProcessStatus.RETRIABLE_ERROR) {
            LOG.warn("Listener {} failed on message {} of {}, will retry: {}", listener.id(), message.messageId(), queue,
                    invocation.failureSummary());
        }
        else {
            LOG.error("Listener {} failed for good on message {} of {}", listener.id(), message.messageId(), queue,
                    invocation.failure());
        }
    }

    private CompletableFuture<Void> retry(Message message, int receiveCount,
            MessageDisposition<ListenerMethod> disposition) {
        // The longest of the retrying listeners' backoffs, so that each gets at least the pause it asked for.
        double random = ThreadLocalRandom.current().nextDouble();
        Duration visibility = disposition.retryingListeners().stream()
                .map(listener -> listener.retryBackoff() != null ? listener.retryBackoff() : options.retryBackoff())
                .map(backoff -> backoff.visibilityFor(receiveCount, random))
                .max(Duration::compareTo).orElse(Duration.ZERO);
        LOG.debug("Message {} on {} retried in {} for {}", message.messageId(), queue, visibility,
                disposition.retryingListeners().stream().map(ListenerMethod::id).toList());
        metrics.retried(queue);
        return sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) visibility.toSeconds())).thenApply(response -> null);
    }

    private CompletableFuture<Void> apply(FailurePolicy policy, Message message, String failure, String reason,
            List<String> listeners) {
        metrics.failed(queue, failure, policy.name().toLowerCase(Locale.ROOT));
        return switch (policy) {
            case DELETE -> delete(message, "policy");
            case RETAIN -> {
                LOG.debug("Message {} on {} retained ({}: {})", message.messageId(), queue, failure, reason);
                yield CompletableFuture.completedFuture(null);
            }
            // Deleted only once the dead-letter queue has it: a failed send leaves it for redelivery.
            case DEAD_LETTER -> DeadLetters.send(sqs, deadLetterQueueUrl, message, queue, failure, reason, listeners)
                    .thenCompose(sent -> delete(message, "dead_lettered"));
        };
    }

    private CompletableFuture<Void> delete(Message message, String reason) {
        return sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()))
                .thenApply(response -> {
                    metrics.deleted(queue, reason);
                    return null;
                });
    }

    private static int receiveCount(Message message) {
        try {
            return Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    "1"));
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }

    /** 1 s, doubling per failure in a row, at most 30 s: an unreachable endpoint is not hammered. */
    static Duration pollFailurePause(int failures) {
        return Duration.ofSeconds(Math.min(30, 1L << Math.min(failures - 1, 5)));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
