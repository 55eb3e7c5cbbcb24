package io.sqsmega.sample;

import java.util.List;
import java.util.Objects;

/**
 * What the sample expects of one message it published: the listeners that must handle it, or that
 * it ends in the dead-letter queue.
 *
 * @param messageId the SQS message id the publish returned
 * @param label a readable name, e.g. {@code order.placed v2}
 * @param queue the logical queue
 * @param format how the body was written, e.g. {@code mega+bson}
 * @param listeners the listeners that must handle it, in the order they are listed
 * @param deadLetter whether it must end in the dead-letter queue
 */
public record Expectation(String messageId, String label, String queue, String format, List<String> listeners,
        boolean deadLetter) {

    /** Requires the id and label; copies the listeners. */
    public Expectation {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(label, "label");
        listeners = List.copyOf(listeners);
    }

    /** @return what the summary shows as expected */
    String describe() {
        String handled = String.join(", ", listeners);
        if (!deadLetter) {
            return handled.isEmpty() ? "no listener (deleted)" : handled;
        }
        return handled.isEmpty() ? "dead-letter" : handled + " + dead-letter";
    }
}
