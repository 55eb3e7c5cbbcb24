package io.sqsmega.spring;

import java.time.Duration;

/**
 * How {@link MegaTemplate#receive} and {@link MegaTemplate#receiveMany} read a queue. Immutable; start
 * from {@link #defaults()} or {@link #builder()}.
 *
 * @param waitTime how long one call waits for messages (the SQS long poll, 0 to 20 s)
 * @param maxMessages the most messages one {@code receiveMany} returns (1 to 10, the SQS limit per request)
 * @param match a match expression (the {@code @MegaListener} language); messages it does not match are
 *        released at once and not returned; {@code null} returns every message, invalid ones included
 * @param visibilityTimeout how long the returned messages stay hidden from other consumers until
 *        acknowledged or released, or {@code null} for the queue's visibility timeout
 */
public record ReceiveOptions(Duration waitTime, int maxMessages, String match, Duration visibilityTimeout) {

    /** The longest long poll SQS accepts. */
    public static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

    /** The longest visibility timeout SQS accepts. */
    public static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);

    private static final ReceiveOptions DEFAULTS = new ReceiveOptions(Duration.ofSeconds(1), 10, null, null);

    /** Validates against the SQS limits, saying which. */
    public ReceiveOptions {
        if (waitTime == null || waitTime.isNegative() || waitTime.compareTo(MAX_WAIT_TIME) > 0) {
            throw new IllegalArgumentException("waitTime must be between 0 and 20 seconds (the SQS long-poll limit), got "
                    + waitTime);
        }
        if (maxMessages < 1 || maxMessages > 10) {
            throw new IllegalArgumentException("maxMessages must be between 1 and 10 (the SQS limit per receive), got "
                    + maxMessages);
        }
        if (visibilityTimeout != null && (visibilityTimeout.isNegative()
                || visibilityTimeout.compareTo(MAX_VISIBILITY_TIMEOUT) > 0)) {
            throw new IllegalArgumentException("visibilityTimeout must be between 0 and 12 hours (the SQS limit), got "
                    + visibilityTimeout);
        }
        if (match != null && match.isBlank()) {
            match = null;
        }
    }

    /** @return wait 1 s, up to 10 messages, no match, the queue's visibility timeout */
    public static ReceiveOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ReceiveOptions}. */
    public static final class Builder {

        private Duration waitTime = DEFAULTS.waitTime();
        private int maxMessages = DEFAULTS.maxMessages();
        private String match;
        private Duration visibilityTimeout;

        private Builder() {
        }

        /** @param waitTime 0 to 20 s @return this builder */
        public Builder waitTime(Duration waitTime) {
            this.waitTime = waitTime;
            return this;
        }

        /** @param maxMessages 1 to 10 @return this builder */
        public Builder maxMessages(int maxMessages) {
            this.maxMessages = maxMessages;
            return this;
        }

        /** @param match a match expression, e.g. {@code event.name == 'order.placed'} @return this builder */
        public Builder match(String match) {
            this.match = match;
            return this;
        }

        /** @param visibilityTimeout 0 to 12 h @return this builder */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        /** @return the options */
        public ReceiveOptions build() {
            return new ReceiveOptions(waitTime, maxMessages, match, visibilityTimeout);
        }
    }
}
