package io.sqsmega.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sample's summary: one row per published message with what was expected and what happened.
 *
 * @param rows the messages, in publish order
 * @param elapsed how long the run took
 */
public record SampleReport(List<Row> rows, Duration elapsed) {

    /** Copies the rows. */
    public SampleReport {
        rows = List.copyOf(rows);
    }

    /**
     * One message.
     *
     * @param expectation what was expected
     * @param handledBy the listeners that finished it
     * @param retries how many times a listener asked to see it again
     * @param deadLetterReason why it is in the dead-letter queue, or {@code null}
     * @param ok whether exactly the expected happened
     */
    public record Row(Expectation expectation, List<String> handledBy, int retries, String deadLetterReason,
            boolean ok) {

        /** @return what happened, as the summary shows it */
        String outcome() {
            List<String> parts = new ArrayList<>();
            if (!handledBy.isEmpty()) {
                parts.add(String.join(", ", handledBy));
            }
            if (retries > 0) {
                parts.add("after " + retries + (retries == 1 ? " retry" : " retries"));
            }
            if (deadLetterReason != null) {
                parts.add("dead-lettered (" + deadLetterReason + ")");
            }
            return parts.isEmpty() ? "none" : String.join("; ", parts);
        }
    }

    /** @return whether every message was handled exactly as expected */
    public boolean ok() {
        return !rows.isEmpty() && rows.stream().allMatch(Row::ok);
    }

    /** @return the rows that did not go as expected */
    public List<Row> failures() {
        return rows.stream().filter(row -> !row.ok()).toList();
    }

    /** @return the process exit code for scripts: 0 when {@link #ok()}, else 1 */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** @return the summary table, with a header line and one line per message */
    public String render() {
        String[] header = {"", "message", "queue", "format", "expected", "outcome"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row row : rows) {
            Expectation e = row.expectation();
            lines.add(new String[] {row.ok() ? "ok" : "!!", e.label(), e.queue(), e.format(), e.describe(),
                    row.outcome()});
        }
        int[] widths = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        long handled = rows.stream().filter(Row::ok).count();
        out.append(String.format(Locale.ROOT, "SQS MEGA sample: %d of %d messages handled as expected in %.1f s%n",
                handled, rows.size(), elapsed.toMillis() / 1000.0));
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.append(text.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
