package io.sqsmega.spring.listener;

import io.sqsmega.spring.metrics.MegaMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Settles a queue's messages once their fate is decided: acknowledges them (deleted in batches by
 * the container's acknowledgement processor), keeps them for a retry (visibility set to the
 * backoff), applies a failure policy (dead-letter: sent to the DLQ with the reason, then
 * acknowledged; retain; delete), or releases them (visibility 0). Every settlement goes through
 * the {@link ContainerRun} that received the message: it first stops the message's heartbeat, then
 * passes the run's {@link SettlementGate}. Nothing is settled after the run stopped, even when the
 * container was started again meanwhile: such a message is logged and counted
 * ({@code sqs.mega.unsettled}, reason {@code after_stop}), and SQS delivers it again.
 */
final class MessageSettler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSettler.class);

    private final String queue;
    private final String deadLetterQueueUrl;
    private final SqsAsyncClient sqs;
    private final VisibilityChanges changes;
    private final MegaMetrics metrics;

    /** How a message was left. */
    enum Settlement {
        /** Acknowledged: deleted (in a batch). */
        DELETED,
        /** Sent to the DLQ with the reason, then acknowledged. */
        DEAD_LETTERED,
        /** Kept, visible again after the retry backoff. */
        KEPT_FOR_RETRY,
        /** Left as it was (retain policy): visible again after the visibility timeout. */
        RETAINED,
        /** Visible again at once. */
        RELEASED,
        /** Not settled (container stopped, or the DLQ send failed): delivered again after its visibility timeout. */
        NOT_SETTLED;

        /** @return whether the message is still on its queue, so later messages of its FIFO group must wait */
        boolean keepsMessage() {
            return this == KEPT_FOR_RETRY || this == RETAINED || this == NOT_SETTLED;
        }
    }

    MessageSettler(String queue, String deadLetterQueueUrl, SqsAsyncClient sqs, VisibilityChanges changes,
            MegaMetrics metrics) {
        this.queue = queue;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.sqs = sqs;
        this.changes = changes;
        this.metrics = metrics;
    }

    /**
     * Its listeners start on a message now: its maximum processing time starts.
     *
     * @param message the message
     */
    void started(org.springframework.messaging.Message<Message> message) {
        ContainerRun run = ContainerRun.of(message);
        if (run != null) {
            run.heartbeat().started(message.getPayload());
        }
    }

    /**
     * Acknowledges a message.
     *
     * @param message the message
     * @param reason why, for {@code sqs.mega.deleted} once SQS confirmed it
     * @return how it was left
     */
    CompletableFuture<Settlement> delete(org.springframework.messaging.Message<Message> message, String reason) {
        return delete(message, reason, null);
    }

    /**
     * Acknowledges a message, with something to do once SQS confirmed its delete.
     *
     * @param message the message
     * @param reason why, for {@code sqs.mega.deleted} once SQS confirmed it
     * @param onDeleted run once SQS confirmed the delete (e.g. deleting its offloaded body), or {@code null}
     * @return how it was left
     */
    CompletableFuture<Settlement> delete(org.springframework.messaging.Message<Message> message, String reason,
            Runnable onDeleted) {
        return settle(message, true, run -> acknowledge(run, message, reason, onDeleted));
    }

    /** The heartbeat goes on until SQS confirms the delete: the processor stops it then. */
    private CompletableFuture<Settlement> acknowledge(ContainerRun run,
            org.springframework.messaging.Message<Message> message, String reason, Runnable onDeleted) {
        run.heartbeat().deleting(message.getPayload());
        return run.acknowledgements().acknowledge(message, reason, onDeleted).handle((queued, refused) -> {
            if (refused == null) {
                return Settlement.DELETED;
            }
            run.heartbeat().untrack(message.getPayload());
            notSettled(message, "its acknowledgement came after its container run stopped");
            return Settlement.NOT_SETTLED;
        });
    }

    /**
     * Keeps a message for a retry.
     *
     * @param message the message
     * @param visibility when it should be delivered again
     * @return how it was left
     */
    CompletableFuture<Settlement> retry(org.springframework.messaging.Message<Message> message, Duration visibility) {
        Message sqsMessage = message.getPayload();
        return settle(message, false, run -> {
            metrics.retried(queue);
            return changes.apply(List.of(new VisibilityChanges.Change(sqsMessage.messageId(), sqsMessage.receiptHandle(),
                    (int) visibility.toSeconds())), "set the retry backoff of").thenApply(failed -> Settlement.KEPT_FOR_RETRY);
        });
    }

    /**
     * Applies a failure policy.
     *
     * @param policy the policy
     * @param message the message
     * @param failure {@code fatal}, {@code invalid}, {@code unrecognised} or {@code unmatched}
     * @param reason why (the dead-letter reason)
     * @param listeners the listeners that failed, if any
     * @return how it was left
     */
    CompletableFuture<Settlement> apply(FailurePolicy policy, org.springframework.messaging.Message<Message> message,
            String failure, String reason, List<String> listeners) {
        return apply(policy, message, failure, reason, listeners, null);
    }

    /**
     * Applies a failure policy, with something to do once the message is deleted by the
     * {@code delete} policy (not when it is dead-lettered: its dead letter keeps what it points at).
     *
     * @param policy the policy
     * @param message the message
     * @param failure {@code fatal}, {@code invalid} or {@code unrecognised}
     * @param reason why
     * @param listeners the listeners that failed
     * @param onDeleted run once SQS confirmed a {@code delete}, or {@code null}
     * @return how it was left
     */
    CompletableFuture<Settlement> apply(FailurePolicy policy, org.springframework.messaging.Message<Message> message,
            String failure, String reason, List<String> listeners, Runnable onDeleted) {
        metrics.failed(queue, failure, policy.name().toLowerCase(Locale.ROOT));
        return switch (policy) {
            case DELETE -> delete(message, "policy", onDeleted);
            case RETAIN -> settle(message, false, run -> {
                LOG.debug("Message {} on {} retained ({}: {})", message.getPayload().messageId(), queue, failure, reason);
                return CompletableFuture.completedFuture(Settlement.RETAINED);
            });
            // Acknowledged only once the dead-letter queue has it: a failed send leaves it on the queue.
            // The heartbeat goes on while the DLQ send and then the delete are on their way.
            case DEAD_LETTER -> settle(message, true, run -> DeadLetters.send(sqs, deadLetterQueueUrl,
                    message.getPayload(), queue, failure, reason, listeners).handle((sent, sendFailure) -> sendFailure)
                    .thenCompose(sendFailure -> {
                        if (sendFailure == null) {
                            return acknowledge(run, message, "dead_lettered", null).thenApply(deleted ->
                                    deleted == Settlement.DELETED ? Settlement.DEAD_LETTERED : deleted);
                        }
                        run.heartbeat().untrack(message.getPayload());
                        LOG.warn("Could not send message {} of {} to its dead-letter queue ({}): it stays on the queue "
                                + "and is delivered again after its visibility timeout", message.getPayload().messageId(),
                                queue, VisibilityChanges.rootMessage(sendFailure));
                        return CompletableFuture.completedFuture(Settlement.NOT_SETTLED);
                    }));
        };
    }

    /**
     * Makes messages visible again at once: received but never started (the container is
     * stopping), or waiting behind a FIFO message that stays on the queue.
     *
     * @param messages the messages
     * @return completes when SQS has answered
     */
    CompletableFuture<Void> release(Collection<org.springframework.messaging.Message<Message>> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        ContainerRun run = ContainerRun.of(messages.iterator().next());
        List<CompletableFuture<Void>> untracked = new ArrayList<>();
        List<VisibilityChanges.Change> releases = new ArrayList<>();
        for (org.springframework.messaging.Message<Message> message : messages) {
            if (run != null) {
                untracked.add(run.heartbeat().untrack(message.getPayload()));
            }
            releases.add(new VisibilityChanges.Change(message.getPayload().messageId(),
                    message.getPayload().receiptHandle(), 0));
        }
        CompletableFuture<Void> released = CompletableFuture.allOf(untracked.toArray(CompletableFuture[]::new))
                .thenCompose(quiet -> {
                    CompletableFuture<List<VisibilityChanges.Change>> passed = run == null ? null
                            : run.gate().pass(() -> changes.apply(releases, "release"));
                    return passed != null ? passed.thenApply(failed -> (Void) null) : CompletableFuture.completedFuture(null);
                });
        LOG.debug("Releasing {} message(s) of {}", releases.size(), queue);
        return released;
    }

    /** A settlement, started with the run that received the message. */
    @FunctionalInterface
    private interface Settling {
        CompletableFuture<Settlement> start(ContainerRun run);
    }

    /**
     * @param keepsHeartbeat whether the heartbeat goes on (a delete: until SQS confirms it) or stops
     *        first, so that no renewal lands after the visibility the settlement sets
     */
    private CompletableFuture<Settlement> settle(org.springframework.messaging.Message<Message> message,
            boolean keepsHeartbeat, Settling settlement) {
        ContainerRun run = ContainerRun.of(message);
        if (run == null) {
            LOG.error("Message {} of {} carries no container run of SQS MEGA: not settled; SQS delivers it again after "
                    + "its visibility timeout", message.getPayload().messageId(), queue);
            return CompletableFuture.completedFuture(Settlement.NOT_SETTLED);
        }
        CompletableFuture<?> quiet = keepsHeartbeat ? CompletableFuture.completedFuture(null)
                : run.heartbeat().untrack(message.getPayload());
        return quiet.thenCompose(ready -> {
            CompletableFuture<Settlement> passed = run.gate().pass(() -> settlement.start(run));
            if (passed == null) {
                run.heartbeat().untrack(message.getPayload());
                notSettled(message, "it was handled after its container stopped");
                return CompletableFuture.completedFuture(Settlement.NOT_SETTLED);
            }
            return passed;
        });
    }

    private void notSettled(org.springframework.messaging.Message<Message> message, String why) {
        metrics.unsettled(queue, "after_stop");
        LOG.warn("Message {} of {} was not settled: {}; SQS delivers it again after its visibility timeout",
                message.getPayload().messageId(), queue, why);
    }
}
