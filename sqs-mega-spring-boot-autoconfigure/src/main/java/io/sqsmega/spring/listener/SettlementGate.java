package io.sqsmega.spring.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Lets settlements (delete, visibility change, dead-letter) through while a container run lasts,
 * and none once it has stopped; one gate per {@link ContainerRun}, never reopened. Closing waits for the settlements already under way, so a container
 * that reports itself stopped has no delete, dead-letter send or visibility change still coming:
 * a listener that outlives the shutdown timeout leaves its message to SQS, which delivers it
 * again after its visibility timeout.
 */
final class SettlementGate {

    private int underWay;
    private boolean closed;

    /**
     * Runs a settlement unless the gate is closed.
     *
     * @param settlement starts the settlement
     * @return its result, or {@code null} when the gate was closed and nothing was started
     */
    <T> CompletableFuture<T> pass(Supplier<CompletableFuture<T>> settlement) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            underWay++;
        }
        CompletableFuture<T> started;
        try {
            started = settlement.get();
        }
        catch (RuntimeException ex) {
            started = CompletableFuture.failedFuture(ex);
        }
        return started.whenComplete((result, failure) -> leave());
    }

    private synchronized void leave() {
        if (--underWay == 0) {
            notifyAll();
        }
    }

    /**
     * Closes the gate and waits for the settlements under way.
     *
     * @param timeout how long to wait for them at most
     * @return whether none was still under way when this returned
     */
    synchronized boolean close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (underWay > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return underWay == 0;
        }
        return true;
    }

}
