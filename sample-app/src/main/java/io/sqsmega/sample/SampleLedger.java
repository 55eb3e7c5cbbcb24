package io.sqsmega.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sample expects and what happened, by SQS message id. Listeners may report before the
 * publisher has recorded its expectation (the message can be handled before {@code publish}
 * returns), so both sides are kept apart and joined when asked. Thread-safe.
 */
public final class SampleLedger {

    private final Map<String, Expectation> expected = new LinkedHashMap<>();
    private final Map<String, Observed> observed = new LinkedHashMap<>();

    /** @param expectation a message the sample published */
    public synchronized void expect(Expectation expectation) {
        expected.put(expectation.messageId(), expectation);
        notifyAll();
    }

    /**
     * A listener finished a message.
     *
     * @param messageId the SQS message id
     * @param listener the listener's name
     */
    public synchronized void handled(String messageId, String listener) {
        observed(messageId).handled.add(listener);
        notifyAll();
    }

    /**
     * A listener asked to see a message again later.
     *
     * @param messageId the SQS message id
     */
    public synchronized void retried(String messageId) {
        observed(messageId).retries++;
    }

    /**
     * A message arrived in the dead-letter queue.
     *
     * @param originalId its id on the source queue
     * @param reason why, as the dead-letter attributes say
     */
    public synchronized void deadLettered(String originalId, String reason) {
        observed(originalId).deadLetterReason = reason;
        notifyAll();
    }

    /** @return whether every expectation is met */
    public synchronized boolean complete() {
        return !expected.isEmpty() && expected.values().stream().allMatch(this::met);
    }

    /** @return whether any expected message is still waiting to go to the dead-letter queue */
    public synchronized boolean awaitingDeadLetters() {
        return expected.values().stream().anyMatch(e -> e.deadLetter() && observed(e.messageId()).deadLetterReason == null);
    }

    /**
     * Waits until every expectation is met or the time is up.
     *
     * @param timeout the longest wait
     * @return whether every expectation is met
     * @throws InterruptedException when interrupted
     */
    public synchronized boolean awaitComplete(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!complete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * @param elapsed how long the run took
     * @return one row per published message, in publish order
     */
    public synchronized SampleReport report(Duration elapsed) {
        List<SampleReport.Row> rows = new ArrayList<>();
        for (Expectation expectation : expected.values()) {
            Observed seen = observed(expectation.messageId());
            rows.add(new SampleReport.Row(expectation, List.copyOf(seen.handled), seen.retries, seen.deadLetterReason,
                    met(expectation) && seen.handled.equals(new LinkedHashSet<>(expectation.listeners()))));
        }
        return new SampleReport(rows, elapsed);
    }

    private boolean met(Expectation expectation) {
        Observed seen = observed(expectation.messageId());
        return seen.handled.containsAll(expectation.listeners())
                && (!expectation.deadLetter() || seen.deadLetterReason != null);
    }

    private Observed observed(String messageId) {
        return observed.computeIfAbsent(messageId, id -> new Observed());
    }

    /** What happened to one message so far. */
    private static final class Observed {
        private final Set<String> handled = new LinkedHashSet<>();
        private int retries;
        private String deadLetterReason;
    }
}
