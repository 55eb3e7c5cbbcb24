package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.AsyncMessageListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.dispatch.DispatchResult;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.MessageDisposition;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.dispatch.RetryBackoff;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchInput;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.OffloadedDecoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The listener Spring Cloud AWS's container calls for each message of one queue (ours, one per
 * queue however many methods name it): decodes the body once, dispatches it with the indexed
 * {@link Dispatcher} to every matching {@link ListenerMethod}, folds their answers
 * ({@link MessageDisposition}) and has the {@link MessageSettler} settle it. The listener methods
 * run on the calling thread, the container's executor, inside the message's observation.
 *
 * <p>The returned future completes once the message is settled, and completes exceptionally with
 * {@link MessageKeptException} only when the message stays on a FIFO queue (retry, retain, not
 * settled): the container's group-ordered sink then holds back the rest of its group.
 */
final class DispatchingMessageListener implements AsyncMessageListener<Message> {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchingMessageListener.class);

    private final String queue;
    private final boolean fifo;
    private final Dispatcher<ListenerMethod> dispatcher;
    private final BodyDecoder decoder;
    private final ContainerOptions options;
    private final MessageSettler settler;
    private final MegaMetrics metrics;
    private final BooleanSupplier stopping;
    private final AtomicInteger handling = new AtomicInteger();
    private final Map<ListenerMethod, ListenerCounts> counts = new IdentityHashMap<>();
    private final ListenerInterceptors interceptors;
    private final MegaListenerErrorHandler errorHandler;
    /** The polls batch listeners gather from, or {@code null} when the queue has no batch listener. */
    private final PollBatches batches;
    private final LargePayloads largePayloads;
    /** Decodes bodies read from S3, up to {@code mega.max-offloaded-bytes}. */
    private final BodyDecoder offloadedDecoder;

    DispatchingMessageListener(String queue, boolean fifo, List<ListenerMethod> listeners, BodyDecoder decoder,
            ContainerOptions options, MessageSettler settler, MegaMetrics metrics, BooleanSupplier stopping,
            ListenerExecution execution, PollBatches batches, LargePayloads largePayloads) {
        this.batches = batches;
        this.largePayloads = largePayloads;
        this.offloadedDecoder = decoder.withMaxBodyBytes(largePayloads.settings().maxOffloadedBytes());
        this.interceptors = execution.interceptors();
        this.errorHandler = execution.errorHandler();
        this.queue = queue;
        this.fifo = fifo;
        List<Subscription<ListenerMethod>> subscriptions = new ArrayList<>();
        listeners.forEach(listener -> subscriptions.add(new Subscription<>(listener.matcher(), listener)));
        this.dispatcher = Dispatcher.of(subscriptions);
        listeners.forEach(listener -> counts.put(listener, new ListenerCounts()));
        this.decoder = decoder;
        this.options = options;
        this.settler = settler;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /** @return messages being handled right now */
    int handling() {
        return handling.get();
    }

    /** @return the listeners, in registration order */
    List<ListenerMethod> listeners() {
        return dispatcher.subscriptions().stream().map(Subscription::target).toList();
    }

    /** @return a listener's invocation counts */
    ListenerCounts counts(ListenerMethod listener) {
        return counts.get(listener);
    }

    /** @return the condition the dispatcher's index files a listener under, or {@code null} */
    String filedUnder(ListenerMethod listener) {
        List<Subscription<ListenerMethod>> subscriptions = dispatcher.subscriptions();
        for (int i = 0; i < subscriptions.size(); i++) {
            if (subscriptions.get(i).target() == listener) {
                return dispatcher.filedUnder(i);
            }
        }
        return null;
    }

    @Override
    public CompletableFuture<Void> onMessage(org.springframework.messaging.Message<Message> message) {
        PollBatch.Member member = batches == null ? null : batches.take(message.getPayload());
        if (stopping.getAsBoolean()) {
            leave(member);
            // Received while the container stops, never started: visible again at once, not after the timeout.
            return settler.release(List.of(message)).thenCompose(released -> kept(message, MessageSettler.Settlement.RELEASED));
        }
        handling.incrementAndGet();
        settler.started(message);
        CompletableFuture<MessageSettler.Settlement> settled;
        if (interceptors.isEmpty()) {
            settled = handleOrLeave(message, NOT_INTERCEPTED, member);
        }
        else {
            // The message handled is the one received (decoded as it arrived); the interceptors' version is
            // what their afterProcessing gets.
            settled = interceptors.before(message).handle((intercepted, failure) -> {
                if (failure != null) {
                    LOG.error("An interceptor failed on message {} of {}; it stays on the queue and is delivered "
                            + "again after its visibility timeout", message.getPayload().messageId(), queue, failure);
                    return CompletableFuture.completedFuture(MessageSettler.Settlement.NOT_SETTLED);
                }
                return handleOrLeave(message, outcome -> interceptors.after(intercepted, outcome), member);
            }).thenCompose(settlement -> settlement);
        }
        return settled.whenComplete((settlement, failure) -> {
            handling.decrementAndGet();
            // Whatever became of it (an interceptor failed, our own bug), its poll's batches must not wait for it.
            leave(member);
        }).thenCompose(settlement -> kept(message, settlement));
    }

    /** The message joined every batch it will (none, when it was not dispatched): its poll may go on. */
    private static void leave(PollBatch.Member member) {
        if (member != null) {
            member.leave();
        }
    }

    /** On a FIFO queue, a message that stays must hold back the rest of its group. */
    private CompletableFuture<Void> kept(org.springframework.messaging.Message<Message> message,
            MessageSettler.Settlement settlement) {
        if (fifo && settlement.keepsMessage()) {
            return CompletableFuture.failedFuture(new MessageKeptException(message.getPayload().messageId(), settlement));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** For messages without interceptors: nobody to tell what became of them. */
    private static final Consumer<Throwable> NOT_INTERCEPTED = failure -> { };

    private CompletableFuture<MessageSettler.Settlement> handleOrLeave(
            org.springframework.messaging.Message<Message> message, Consumer<Throwable> processed,
            PollBatch.Member member) {
        try {
            return handle(message, processed, member);
        }
        catch (RuntimeException ex) {
            // Our own bug, not the listener's (those become statuses): leave the message to SQS, say so loudly.
            LOG.error("Handling message {} of {} failed; it stays on the queue and is delivered again after its "
                    + "visibility timeout", message.getPayload().messageId(), queue, ex);
            return CompletableFuture.completedFuture(MessageSettler.Settlement.NOT_SETTLED);
        }
    }

    /**
     * Decodes, dispatches and settles one message; {@code processed} hears, before the settlement, what
     * went wrong (or {@code null}); {@code member} (when the queue has batch listeners) is told as soon
     * as the message joined its batches, or that it joins none.
     */
    private CompletableFuture<MessageSettler.Settlement> handle(org.springframework.messaging.Message<Message> message,
            Consumer<Throwable> processed, PollBatch.Member member) {
        Message sqsMessage = message.getPayload();
        Map<String, String> attributes = SqsMessages.stringAttributes(sqsMessage);
        int receiveCount = SqsMessages.receiveCount(sqsMessage);
        // An offloaded body is read (bounded) before anything else, and its marker is never shown.
        OffloadedDecoding decoding = OffloadedDecoding.decode(sqsMessage, attributes, largePayloads, decoder,
                offloadedDecoder, options.maxProcessingTime());
        if (decoding.unread()) {
            leave(member);
            return unresolved(decoding.offload(), message, receiveCount, processed);
        }
        DecodeResult result = decoding.result();
        Runnable onDeleted = decoding.offload() instanceof LargePayloads.Resolved resolved
                ? () -> largePayloads.cleanUp(resolved) : null;
        metrics.received(queue, result.label());
        if (!(result instanceof DecodeResult.Decoded)) {
            leave(member);
        }
        if (result instanceof DecodeResult.Invalid invalid) {
            LOG.warn("Invalid message {} on {}: {}", sqsMessage.messageId(), queue, invalid.reason());
            processed.accept(new InvalidPayloadException(invalid.reason()));
            return settler.apply(options.invalidPolicy(), message, "invalid", invalid.reason(), List.of(), onDeleted);
        }
        if (result instanceof DecodeResult.SnsConfirmation confirmation) {
            LOG.info("SNS {} for {} on {}: deleted, never dispatched", confirmation.envelope().type(),
                    confirmation.envelope().topicArn(), queue);
            processed.accept(null);
            return settler.delete(message, "confirmation");
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        MatchInput input = MatchInput.of(decoded, sqsMessage.messageId(), receiveCount, attributes);
        DispatchResult<ListenerMethod> dispatch;
        try {
            dispatch = dispatcher.dispatch(input);
        }
        catch (MatchBudgetExceededException ex) {
            leave(member);
            // The body, not a listener, asks for too much work: like an invalid body, for every listener.
            String reason = "over the match budget: " + ex.reason();
            LOG.warn("Message {} on {} is {}", sqsMessage.messageId(), queue, reason);
            processed.accept(new InvalidPayloadException(reason));
            return settler.apply(options.invalidPolicy(), message, "invalid", reason, List.of(), onDeleted);
        }
        if (dispatch.isUnmatched()) {
            leave(member);
            processed.accept(null);
            return unmatched(message, decoded, onDeleted);
        }
        MegaMessage megaMessage = new MegaMessage(sqsMessage.messageId(), receiveCount, attributes,
                decoded.payload().kind(), queue, decoded.envelope());
        dispatch.undecided().forEach(listener -> {
            counts.get(listener).undecided();
            metrics.undecided(queue, listener.id());
        });
        List<ListenerMethod> matched = dispatch.matched();
        Runnable deleted = onDeleted;
        List<CompletableFuture<ListenerMethod.Invocation>> invocations = invokeAll(message, megaMessage, decoded, matched,
                member);
        return CompletableFuture.allOf(invocations.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<MessageDisposition.Answer<ListenerMethod>> answers = new ArrayList<>(matched.size());
            for (int i = 0; i < matched.size(); i++) {
                answers.add(new MessageDisposition.Answer<>(matched.get(i), invocations.get(i).join().status()));
            }
            MessageDisposition<ListenerMethod> disposition = MessageDisposition.fold(answers, dispatch.undecided());
            processed.accept(disposition.action() == MessageDisposition.Action.DELETE ? null : firstFailure(invocations));
            return switch (disposition.action()) {
                case DELETE -> settler.delete(message, "done", deleted);
                case RETRY -> settler.retry(message, retryVisibility(receiveCount, disposition));
                case FATAL -> fatal(message, disposition, matched, invocations, deleted);
            };
        });
    }

    /** A message whose offloaded body could not be read: invalid for good, or retried when S3 failed for now. */
    private CompletableFuture<MessageSettler.Settlement> unresolved(LargePayloads.Resolution resolution,
            org.springframework.messaging.Message<Message> message, int receiveCount, Consumer<Throwable> processed) {
        Message sqsMessage = message.getPayload();
        if (resolution instanceof LargePayloads.Invalid invalid && invalid.payloadMissing()
                && largePayloads.settings().ignorePayloadNotFound()) {
            metrics.received(queue, "invalid");
            LOG.warn("Message {} on {} deleted unread: {} (mega.s3.ignore-payload-not-found)", sqsMessage.messageId(),
                    queue, invalid.reason());
            processed.accept(new InvalidPayloadException(invalid.reason()));
            return settler.delete(message, "payload_not_found");
        }
        if (resolution instanceof LargePayloads.Invalid invalid) {
            metrics.received(queue, "invalid");
            LOG.warn("Invalid message {} on {}: {}", sqsMessage.messageId(), queue, invalid.reason());
            processed.accept(new InvalidPayloadException(invalid.reason()));
            return settler.apply(options.invalidPolicy(), message, "invalid", invalid.reason(), List.of());
        }
        LargePayloads.Unreachable unreachable = (LargePayloads.Unreachable) resolution;
        LOG.warn("Message {} on {} is retried: {}", sqsMessage.messageId(), queue, unreachable.reason());
        processed.accept(unreachable.cause());
        return settler.retry(message, options.retryBackoff().visibilityFor(receiveCount,
                ThreadLocalRandom.current().nextDouble()));
    }

    private CompletableFuture<MessageSettler.Settlement> unmatched(org.springframework.messaging.Message<Message> message,
            DecodeResult.Decoded decoded, Runnable onDeleted) {
        Message sqsMessage = message.getPayload();
        String kind = decoded.payload().kind().label();
        boolean kindAccepted = dispatcher.subscriptions().stream()
                .anyMatch(s -> s.target().kind() == decoded.payload().kind());
        if (!kindAccepted) {
            LOG.warn("No listener of {} accepts {} payloads (message {})", queue, kind, sqsMessage.messageId());
            return settler.apply(options.unrecognisedPolicy(), message, "unrecognised",
                    "no listener of " + queue + " accepts " + kind + " payloads", List.of(), onDeleted);
        }
        metrics.unmatched(queue, kind);
        if (options.unmatchedPolicy() == FailurePolicy.DELETE) {
            LOG.debug("Message {} on {} matched no listener: deleted", sqsMessage.messageId(), queue);
            return settler.delete(message, "unmatched", onDeleted);
        }
        return settler.apply(options.unmatchedPolicy(), message, "unmatched", "no listener of " + queue + " matched",
                List.of(), onDeleted);
    }

    /**
     * Runs every matching listener on this thread, in the message's observation when there is one;
     * batch listeners get the message in their poll's batch first (so that a slow listener of this
     * message does not hold the batch back), and are called by whichever message of the poll comes last.
     */
    private List<CompletableFuture<ListenerMethod.Invocation>> invokeAll(
            org.springframework.messaging.Message<Message> message, MegaMessage megaMessage,
            DecodeResult.Decoded decoded, List<ListenerMethod> matched, PollBatch.Member member) {
        Object observation = message.getHeaders().get(ObservationThreadLocalAccessor.KEY);
        Observation.Scope scope = observation instanceof Observation current ? current.openScope() : null;
        try {
            String kind = decoded.payload().kind().label();
            List<CompletableFuture<ListenerMethod.Invocation>> batched = null;
            long batchStart = System.nanoTime();
            if (member != null) {
                batched = new ArrayList<>(matched.size());
                for (ListenerMethod listener : matched) {
                    batched.add(listener.isBatch()
                            ? member.join(listener, megaMessage, decoded.payload(), message.getPayload()) : null);
                }
                member.leave();
            }
            List<CompletableFuture<ListenerMethod.Invocation>> invocations = new ArrayList<>(matched.size());
            for (int i = 0; i < matched.size(); i++) {
                ListenerMethod listener = matched.get(i);
                CompletableFuture<ListenerMethod.Invocation> inBatch = batched == null ? null : batched.get(i);
                long start = inBatch != null ? batchStart : System.nanoTime();
                CompletableFuture<ListenerMethod.Invocation> answered = bounded(inBatch != null ? inBatch
                        : listener.invoke(megaMessage, decoded.payload(), message.getPayload()));
                if (errorHandler != null) {
                    // A stage only where there is a handler: none on the hot path otherwise.
                    answered = answered.thenApply(invocation -> decided(listener, megaMessage, invocation));
                }
                invocations.add(answered.thenApply(invocation -> {
                    counts.get(listener).handled(invocation.status());
                    metrics.dispatched(queue, listener.id(), kind, invocation.status().name().toLowerCase(Locale.ROOT),
                            Duration.ofNanos(System.nanoTime() - start));
                    if (invocation.failure() != null) {
                        logFailure(listener, megaMessage.messageId(), invocation);
                    }
                    return invocation;
                }));
            }
            return invocations;
        }
        finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /** The error handler's choice for a listener's exception, when the application has one. */
    private ListenerMethod.Invocation decided(ListenerMethod listener, MegaMessage message,
            ListenerMethod.Invocation invocation) {
        if (errorHandler == null || invocation.failure() == null || invocation.failure() instanceof InvalidPayloadException) {
            return invocation;
        }
        try {
            ProcessStatus chosen = errorHandler.handle(listener.id(), message, invocation.failure(), invocation.status());
            return chosen == null || chosen == invocation.status() ? invocation
                    : new ListenerMethod.Invocation(chosen, chosen == ProcessStatus.DONE ? null : invocation.failure());
        }
        catch (RuntimeException ex) {
            LOG.error("The MegaListenerErrorHandler failed on a failure of {}; keeping {}", listener.id(),
                    invocation.status(), ex);
            return invocation;
        }
    }

    /**
     * An asynchronous listener's answer, or a retriable error once the maximum processing time has
     * passed: a future that never completes must not hold its message (and its back-pressure permit)
     * for good, while the heartbeat has already given the message up.
     */
    private CompletableFuture<ListenerMethod.Invocation> bounded(CompletableFuture<ListenerMethod.Invocation> invocation) {
        if (invocation.isDone()) {
            return invocation;
        }
        Duration limit = options.maxProcessingTime();
        return invocation.completeOnTimeout(new ListenerMethod.Invocation(ProcessStatus.RETRIABLE_ERROR,
                new TimeoutException("its future did not complete within the maximum processing time (" + limit + ")")),
                limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<MessageSettler.Settlement> fatal(org.springframework.messaging.Message<Message> message,
            MessageDisposition<ListenerMethod> disposition, List<ListenerMethod> matched,
            List<CompletableFuture<ListenerMethod.Invocation>> invocations, Runnable onDeleted) {
        List<String> failed = disposition.fatalListeners().stream().map(ListenerMethod::id).toList();
        String reason = disposition.fatalListeners().stream().map(listener -> {
            ListenerMethod.Invocation invocation = invocations.get(matched.indexOf(listener)).join();
            return invocation.failure() != null ? listener.id() + ": " + invocation.failureSummary()
                    : listener.id() + " answered FATAL_ERROR";
        }).collect(Collectors.joining("; ", "failed in ", ""));
        boolean invalid = disposition.fatalListeners().stream().allMatch(listener ->
                invocations.get(matched.indexOf(listener)).join().failure() instanceof InvalidPayloadException);
        if (invalid) {
            // Every listener that failed said the payload itself is wrong: the invalid outcome, with what is wrong.
            String why = disposition.fatalListeners().stream().map(listener -> listener.id() + ": "
                    + invocations.get(matched.indexOf(listener)).join().failure().getMessage())
                    .collect(Collectors.joining("; ", "invalid for ", ""));
            LOG.warn("Message {} on {} is {}", message.getPayload().messageId(), queue, why);
            return settler.apply(options.invalidPolicy(), message, "invalid", why, failed, onDeleted);
        }
        LOG.warn("Message {} on {} {}", message.getPayload().messageId(), queue, reason);
        return settler.apply(options.fatalPolicy(), message, "fatal", reason, failed, onDeleted);
    }

    private static Throwable firstFailure(List<CompletableFuture<ListenerMethod.Invocation>> invocations) {
        for (CompletableFuture<ListenerMethod.Invocation> invocation : invocations) {
            Throwable failure = invocation.join().failure();
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** The longest of the retrying listeners' backoffs, so that each gets at least the pause it asked for. */
    private Duration retryVisibility(int receiveCount, MessageDisposition<ListenerMethod> disposition) {
        double random = ThreadLocalRandom.current().nextDouble();
        return disposition.retryingListeners().stream()
                .map(listener -> listener.retryBackoff() != null ? listener.retryBackoff() : options.retryBackoff())
                .map((RetryBackoff backoff) -> backoff.visibilityFor(receiveCount, random))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Fatal failures with their stack trace (someone must fix code); retriable ones in one line. */
    private void logFailure(ListenerMethod listener, String messageId, ListenerMethod.Invocation invocation) {
        if (invocation.failure() instanceof InvalidPayloadException) {
            // Not a bug to trace: the payload is wrong, and the invalid outcome says what (WARN, in fatal()).
            return;
        }
        if (invocation.status() == ProcessStatus.RETRIABLE_ERROR) {
            LOG.warn("Listener {} failed on message {} of {}, will retry: {}", listener.id(), messageId, queue,
                    invocation.failureSummary());
        }
        else {
            LOG.error("Listener {} failed for good on message {} of {}", listener.id(), messageId, queue,
                    invocation.failure());
        }
    }
}
