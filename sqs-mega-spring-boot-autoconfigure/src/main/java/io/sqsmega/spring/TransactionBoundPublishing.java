package io.sqsmega.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link PublishDeferral} on Spring's transaction synchronization: one {@link Held} list per transaction
 * (per suspended transaction, too), sent when it completes committed.
 *
 * <p>Sends start in {@code afterCompletion(STATUS_COMMITTED)}, not in {@code afterCommit}, as Spring's own
 * {@code @TransactionalEventListener(AFTER_COMMIT)} does: a publish made by another synchronization's
 * {@code afterCommit} still joins this transaction's list and is sent, and a publish made during
 * {@code afterCompletion} (an after-commit event listener) finds synchronization already cleared and is
 * sent at once, so none is ever held by a transaction that has already finished.
 */
final class TransactionBoundPublishing implements PublishDeferral {

    private final Set<CompletableFuture<?>> sending = ConcurrentHashMap.newKeySet();

    @Override
    public boolean inTransaction() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public <T> CompletableFuture<T> hold(String destination, String messageGroupId, Supplier<CompletableFuture<T>> send) {
        Pending<T> pending = new Pending<>(destination, messageGroupId, send, new CompletableFuture<>());
        held().pending.add(pending);
        return pending.result;
    }

    private Held held() {
        // Found among the synchronizations rather than bound as a resource: Spring suspends
        // synchronizations with their transaction (REQUIRES_NEW), but not resources it does not know.
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Held held && held.owner() == this) {
                return held;
            }
        }
        Held held = new Held(this);
        TransactionSynchronizationManager.registerSynchronization(held);
        return held;
    }

    @Override
    public int awaitSends(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<?> send : List.copyOf(sending)) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (ExecutionException | TimeoutException ex) {
                // Reported by the send's own future; only the count of unfinished ones matters here.
            }
        }
        return (int) sending.stream().filter(send -> !send.isDone()).count();
    }

    /** One publish held for the commit. */
    private record Pending<T>(String destination, String messageGroupId, Supplier<CompletableFuture<T>> send,
            CompletableFuture<T> result) {

        String lane() {
            return messageGroupId == null ? destination : destination + '\u0000' + messageGroupId;
        }

        /** Starts the send; the returned future completes (never exceptionally) when it is done. */
        CompletableFuture<Void> start(Set<CompletableFuture<?>> sending) {
            CompletableFuture<T> sent;
            try {
                sent = send.get();
            }
            catch (RuntimeException ex) {
                sent = CompletableFuture.failedFuture(ex);
            }
            sending.add(sent);
            CompletableFuture<T> tracked = sent;
            return sent.handle((value, failure) -> {
                sending.remove(tracked);
                if (failure == null) {
                    result.complete(value);
                }
                else {
                    result.completeExceptionally(failure);
                }
                return null;
            });
        }
    }

    /**
     * A transaction's held publishes, registered with it at the first. A class, not a record: Spring
     * keeps synchronizations in a set, and two transactions' lists must never be equal.
     */
    private static final class Held implements TransactionSynchronization {

        private final TransactionBoundPublishing owner;
        private final List<Pending<?>> pending = new ArrayList<>();

        Held(TransactionBoundPublishing owner) {
            this.owner = owner;
        }

        TransactionBoundPublishing owner() {
            return owner;
        }

        @Override
        public void afterCompletion(int status) {
            if (status != STATUS_COMMITTED) {
                String why = status == STATUS_ROLLED_BACK ? "the transaction rolled back"
                        : "the transaction ended in an unknown state (neither committed nor rolled back for sure)";
                for (Pending<?> each : pending) {
                    each.result().completeExceptionally(new PublishDroppedException(
                            "Not published to '" + each.destination() + "': " + why));
                }
                return;
            }
            // In the order published, one at a time per destination and FIFO group, so that a group's
            // order holds; a group whose message failed sends no later one (it would overtake it).
            Map<String, CompletableFuture<Void>> lanes = new HashMap<>();
            Set<String> failedLanes = ConcurrentHashMap.newKeySet();
            for (Pending<?> each : pending) {
                String lane = each.lane();
                CompletableFuture<Void> previous = lanes.get(lane);
                CompletableFuture<Void> done = previous == null ? start(each, failedLanes)
                        : previous.thenCompose(ignored -> start(each, failedLanes));
                lanes.put(lane, done);
            }
        }

        private CompletableFuture<Void> start(Pending<?> each, Set<String> failedLanes) {
            if (each.messageGroupId() != null && failedLanes.contains(each.lane())) {
                each.result().completeExceptionally(new MegaPublishException("Not published to '" + each.destination()
                        + "': an earlier message of FIFO group '" + each.messageGroupId() + "' published in the same "
                        + "transaction failed to send, and this one would have overtaken it", null));
                return CompletableFuture.completedFuture(null);
            }
            return each.start(owner.sending).thenRun(() -> {
                // A publishAll whose entries partly failed completes normally: its result says so.
                if (each.result().isCompletedExceptionally()
                        || each.result().getNow(null) instanceof BatchPublishResult batch && !batch.allSucceeded()) {
                    failedLanes.add(each.lane());
                }
            });
        }
    }
}
