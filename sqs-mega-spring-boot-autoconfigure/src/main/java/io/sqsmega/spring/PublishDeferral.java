package io.sqsmega.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where {@link MegaTemplate} holds a publish until the transaction it was made in commits. An interface
 * of its own so that {@link MegaTemplate} never loads spring-tx's types when spring-tx is absent.
 */
interface PublishDeferral {

    /** Used when spring-tx is not on the classpath: there is never a transaction to wait for. */
    PublishDeferral NONE = new PublishDeferral() {
        @Override
        public boolean inTransaction() {
            return false;
        }

        @Override
        public <T> CompletableFuture<T> hold(String destination, String messageGroupId,
                Supplier<CompletableFuture<T>> send) {
            return send.get();
        }

        @Override
        public int awaitSends(Duration timeout) {
            return 0;
        }
    };

    /** @return whether a transaction with synchronization is active on this thread */
    boolean inTransaction();

    /**
     * Holds a send until the current transaction completes: started after a commit (after the
     * transaction's earlier sends to the same destination and FIFO group), dropped with a
     * {@link PublishDroppedException} otherwise.
     *
     * @param destination where it goes
     * @param messageGroupId its FIFO group, or {@code null}
     * @param send starts the send
     * @param <T> the send's result
     * @return completes with the send's result, after the commit
     */
    <T> CompletableFuture<T> hold(String destination, String messageGroupId, Supplier<CompletableFuture<T>> send);

    /**
     * Waits for sends started after commits to finish (at shutdown).
     *
     * @param timeout how long to wait at most
     * @return how many were still not finished
     */
    int awaitSends(Duration timeout);
}
