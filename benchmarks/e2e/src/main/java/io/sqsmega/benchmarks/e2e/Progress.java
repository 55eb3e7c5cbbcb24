package io.sqsmega.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a consumer handled and reports it to the runner on standard output: {@code MARK
 * warm <nanos> <cpuNanos>} when the warm-up is done, {@code MARK done <nanos> <cpuNanos>
 * <orderViolations>} when every measured message is. On FIFO queues it checks each group's order:
 * a message whose number is not above the last one handled in its group is a violation.
 */
final class Progress {

    private final int warmup;
    private final int total;
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicLong violations = new AtomicLong();
    private final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);

    Progress(int warmup, int total) {
        this.warmup = warmup;
        this.total = total;
    }

    /**
     * @param group the message's group ({@code -} on a standard queue)
     * @param seq its number within the group
     */
    void handled(String group, int seq) {
        if (!"-".equals(group)) {
            lastSeq.compute(group, (g, last) -> {
                if (last != null && seq <= last) {
                    violations.incrementAndGet();
                    return last;
                }
                return seq;
            });
        }
        int count = handled.incrementAndGet();
        if (count == warmup) {
            mark("warm", "");
        }
        if (count == total) {
            mark("done", " " + violations.get());
            done.countDown();
        }
    }

    private static synchronized void mark(String what, String extra) {
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.println("MARK " + what + " " + System.nanoTime() + " " + cpu + extra);
        System.out.flush();
    }

    /** Waits until every message was handled. */
    void awaitDone() throws InterruptedException {
        done.await();
    }
}
