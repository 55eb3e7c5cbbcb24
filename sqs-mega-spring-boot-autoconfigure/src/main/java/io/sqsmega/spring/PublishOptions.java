package io.sqsmega.spring;

import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one publish call sends: encoding, delay, FIFO group and deduplication id, and extra string
 * message attributes. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param encoding JSON or BSON for events and data objects, or {@code null} for the configured default
 * @param delay how long SQS hides the message (0 to 15 minutes), or {@code null}
 * @param messageGroupId the FIFO message group, or {@code null}
 * @param deduplicationId the FIFO deduplication id, or {@code null} (content-based deduplication)
 * @param attributes extra string message attributes
 * @param subject the SNS subject (topics only), or {@code null}
 * @param transactionMode whether a publish inside a Spring transaction waits for its commit, or
 *        {@code null} for {@code mega.publish.transactional}
 */
public record PublishOptions(Encoding encoding, Duration delay, String messageGroupId, String deduplicationId,
        Map<String, String> attributes, String subject, TransactionMode transactionMode) {

    /** The longest delay SQS accepts. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private static final PublishOptions DEFAULTS = new PublishOptions(null, null, null, null, Map.of(), null, null);

    /** Validates and copies. */
    public PublishOptions {
        if (delay != null && (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0)) {
            throw new IllegalArgumentException("delay must be between 0 and 15 minutes (the SQS limit), got " + delay);
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * Options without a transaction mode of their own (the configured one applies).
     *
     * @param encoding JSON or BSON, or {@code null}
     * @param delay the SQS delay, or {@code null}
     * @param messageGroupId the FIFO message group, or {@code null}
     * @param deduplicationId the FIFO deduplication id, or {@code null}
     * @param attributes extra string message attributes
     * @param subject the SNS subject, or {@code null}
     */
    public PublishOptions(Encoding encoding, Duration delay, String messageGroupId, String deduplicationId,
            Map<String, String> attributes, String subject) {
        this(encoding, delay, messageGroupId, deduplicationId, attributes, subject, null);
    }

    /**
     * The message attributes a publish sets: these options' attributes plus the
     * {@code mega-payload} attribute of the body.
     *
     * @param body the encoded payload
     * @return attribute names and string values
     */
    public Map<String, String> attributesWith(EncodedBody body) {
        Map<String, String> all = new LinkedHashMap<>(attributes);
        all.put(body.attributeName(), body.attributeValue());
        return all;
    }

    /**
     * These options with a publish's trace context added to the attributes, as many of its fields
     * as fit in the {@value MegaTemplate#MAX_ATTRIBUTES}-attribute limit beside the caller's and
     * {@code mega-payload}; a caller's attribute of the same name is kept.
     *
     * @param traceContext the propagation fields (e.g. {@code traceparent}), in the tracer's order
     * @return options with them
     */
    PublishOptions withTraceContext(Map<String, String> traceContext) {
        if (traceContext.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(attributes);
        for (Map.Entry<String, String> field : traceContext.entrySet()) {
            if (all.size() + 1 >= MegaTemplate.MAX_ATTRIBUTES) {
                break;
            }
            all.putIfAbsent(field.getKey(), field.getValue());
        }
        return new PublishOptions(encoding, delay, messageGroupId, deduplicationId, all, subject, transactionMode);
    }

    /** @return no options: the configured encoding, no delay, no FIFO ids, no extra attributes */
    public static PublishOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link PublishOptions}. */
    public static final class Builder {

        private Encoding encoding;
        private Duration delay;
        private String messageGroupId;
        private String deduplicationId;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String subject;
        private TransactionMode transactionMode;

        private Builder() {
        }

        /** @param encoding JSON or BSON @return this builder */
        public Builder encoding(Encoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /** @param delay 0 to 15 minutes @return this builder */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** @param messageGroupId the FIFO message group @return this builder */
        public Builder messageGroupId(String messageGroupId) {
            this.messageGroupId = messageGroupId;
            return this;
        }

        /** @param deduplicationId the FIFO deduplication id @return this builder */
        public Builder deduplicationId(String deduplicationId) {
            this.deduplicationId = deduplicationId;
            return this;
        }

        /** @param name attribute name @param value string value @return this builder */
        public Builder attribute(String name, String value) {
            this.attributes.put(name, value);
            return this;
        }

        /** @param subject the SNS subject (topics only) @return this builder */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * @param transactionMode {@link TransactionMode#IMMEDIATE} to send at once inside a transaction,
         *        {@link TransactionMode#AFTER_COMMIT} to wait for its commit; unset: {@code mega.publish.transactional}
         * @return this builder
         */
        public Builder transactionMode(TransactionMode transactionMode) {
            this.transactionMode = transactionMode;
            return this;
        }

        /** @return the options */
        public PublishOptions build() {
            return new PublishOptions(encoding, delay, messageGroupId, deduplicationId, attributes, subject,
                    transactionMode);
        }
    }
}
