package io.sqsmega.spring.listener;

import io.sqsmega.dispatch.ProcessStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often one listener method was invoked, by outcome, since the application started: what the
 * {@code mega} Actuator endpoint shows beside the binding. Micrometer's {@code sqs.mega.dispatched}
 * timer counts the same, where a meter registry exists; these need none.
 */
public final class ListenerCounts {

    private final Map<ProcessStatus, LongAdder> byOutcome = new EnumMap<>(ProcessStatus.class);
    private final LongAdder undecided = new LongAdder();

    ListenerCounts() {
        for (ProcessStatus status : ProcessStatus.values()) {
            byOutcome.put(status, new LongAdder());
        }
    }

    void handled(ProcessStatus outcome) {
        byOutcome.get(outcome).increment();
    }

    void undecided() {
        undecided.increment();
    }

    /** @return invocations in all */
    public long handled() {
        return byOutcome.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return invocations by outcome ({@code done}, {@code retry_later}, ...), and {@code undecided} matches */
    public Map<String, Long> byOutcome() {
        Map<String, Long> counts = new TreeMap<>();
        byOutcome.forEach((status, count) -> counts.put(status.name().toLowerCase(Locale.ROOT), count.sum()));
        counts.put("undecided", undecided.sum());
        return counts;
    }
}
