package io.sqsmega.dispatch;

import java.util.List;

/**
 * The subscriptions a message matched, and those whose evaluation was undecided (a user function
 * threw: the message must be kept for redelivery), each in registration order.
 *
 * @param matched the targets whose matcher is true
 * @param undecided the targets whose matcher is undecided
 * @param <T> the target type
 */
public record DispatchResult<T>(List<T> matched, List<T> undecided) {

    /** Copies the lists. */
    public DispatchResult {
        matched = List.copyOf(matched);
        undecided = List.copyOf(undecided);
    }

    /** @return {@code true} when nothing matched and nothing was undecided */
    public boolean isUnmatched() {
        return matched.isEmpty() && undecided.isEmpty();
    }
}
