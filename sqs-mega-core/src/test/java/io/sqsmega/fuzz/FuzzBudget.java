package io.sqsmega.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The slow-input check of the fuzz tests, on in fuzzing mode only ({@code JAZZER_FUZZ} set): an
 * input that takes more than ten times the threshold of issue 12 (50 ms + 1 ms per KiB of input)
 * is a finding. A slow first run is repeated before it counts, so that class loading, JIT warm-up
 * and Jazzer's instrumentation of newly reached code are not findings. In regression mode, over
 * the corpus in every build, time is not asserted: the bounds are behaviour tests
 * ({@code MatchBudgetTest}) and benchmarks.
 *
 * <p>A hang (an input still running after {@value #HANG_SECONDS} s) cannot be failed from the
 * fuzzing thread: a watchdog writes the input to {@code target/fuzz-hangs/} as a seed to paste into
 * the seed file, prints it, and stops the JVM.
 */
final class FuzzBudget {

    static final int HANG_SECONDS = 30;

    private static final String MODE = System.getenv("JAZZER_FUZZ");
    private static final boolean FUZZING = MODE != null && !MODE.isBlank() && !MODE.equals("0");

    /** What runs now: its description, its input and since when; null between runs. */
    private static volatile Running running;

    private record Running(String what, List<String> input, long since) {
    }

    static {
        if (FUZZING) {
            Thread watchdog = new Thread(FuzzBudget::watch, "fuzz-hang-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private FuzzBudget() {
    }

    /**
     * @param what what is timed, for the finding's message
     * @param inputChars the size of the input
     * @param input the input, as the fields of a seed, for a hang's report
     * @param action the work; its exceptions propagate
     * @param <T> the result type
     * @return the action's result
     */
    static <T> T timed(String what, long inputChars, List<String> input, Supplier<T> action) {
        long start = System.nanoTime();
        running = FUZZING ? new Running(what, input, start) : null;
        T result;
        try {
            result = action.get();
        }
        finally {
            running = null;
        }
        long elapsed = System.nanoTime() - start;
        long allowed = 10 * (50_000_000L + inputChars * 1_000_000L / 1024);
        if (FUZZING && elapsed > allowed) {
            start = System.nanoTime();
            action.get();
            elapsed = System.nanoTime() - start;
            if (elapsed > allowed) {
                throw new AssertionError("slow input: " + what + " took " + elapsed / 1_000_000 + " ms twice, more "
                        + "than " + allowed / 1_000_000 + " ms (ten times 50 ms + 1 ms per KiB)");
            }
        }
        return result;
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(1000);
            }
            catch (InterruptedException ex) {
                return;
            }
            Running now = running;
            if (now != null && System.nanoTime() - now.since() > HANG_SECONDS * 1_000_000_000L) {
                report(now);
                Runtime.getRuntime().halt(3);
            }
        }
    }

    private static void report(Running hang) {
        StringBuilder seed = new StringBuilder("{\"name\": \"hang found by fuzzing: " + hang.what() + "\", \"input\": [");
        for (int i = 0; i < hang.input().size(); i++) {
            seed.append(i == 0 ? "" : ", ").append(quote(hang.input().get(i)));
        }
        seed.append("]}\n");
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-hangs"));
            Path file = dir.resolve("hang-" + Integer.toHexString(seed.toString().hashCode()) + ".json");
            Files.writeString(file, seed, StandardCharsets.UTF_8);
            System.err.println("HANG: " + hang.what() + " ran over " + HANG_SECONDS + " s; input written to "
                    + file.toAbsolutePath() + ":\n" + seed);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e) {
                quoted.append(String.format("\\u%04x", (int) c));
            }
            else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
