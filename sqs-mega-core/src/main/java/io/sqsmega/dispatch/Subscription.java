package io.sqsmega.dispatch;

import io.sqsmega.match.Matcher;
import java.util.Objects;

/**
 * A compiled matcher and what to hand matching messages to (a listener method, a handler).
 *
 * @param matcher the matcher
 * @param target the target
 * @param <T> the target type
 */
public record Subscription<T>(Matcher matcher, T target) {

    /** Requires both parts. */
    public Subscription {
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(target, "target");
    }
}
