package io.sqsmega.codec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of an SNS notification delivered to SQS without raw message delivery. The
 * {@code Message} itself is decoded into the payload and not kept here.
 *
 * @param type {@code Notification}, {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation}
 * @param messageId the SNS message id
 * @param topicArn the topic the message was published to
 * @param subject the subject, or {@code null}
 * @param timestamp when SNS accepted the message
 * @param messageAttributes SNS message attributes by name, unmodifiable
 * @param unsubscribeUrl the unsubscribe URL, or {@code null}
 * @param signatureVersion the signature version, or {@code null}
 * @param signature the signature, or {@code null}
 * @param signingCertUrl the signing certificate URL, or {@code null}
 * @param subscribeUrl the URL that confirms a subscription (confirmations only), or {@code null}
 * @param token the confirmation token (confirmations only), or {@code null}
 */
public record SnsEnvelope(String type, String messageId, String topicArn, String subject, Instant timestamp,
        Map<String, Attribute> messageAttributes, String unsubscribeUrl, String signatureVersion, String signature,
        String signingCertUrl, String subscribeUrl, String token) {

    /** The type of an ordinary notification. */
    public static final String NOTIFICATION = "Notification";

    /** Validates and freezes the envelope. */
    public SnsEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(timestamp, "timestamp");
        messageAttributes = messageAttributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(messageAttributes));
    }

    /**
     * @return {@code true} for a subscription or unsubscribe confirmation
     */
    public boolean isConfirmation() {
        return !NOTIFICATION.equals(type);
    }

    /**
     * The string value of one message attribute.
     *
     * @param name the attribute name
     * @return its value, or {@code null} when absent
     */
    public String attributeValue(String name) {
        Attribute attribute = messageAttributes.get(name);
        return attribute == null ? null : attribute.value();
    }

    /**
     * One SNS message attribute as the envelope carries it.
     *
     * @param type {@code String}, {@code Number}, {@code Binary} (Base64 value) or {@code String.Array}
     * @param value the value as text
     */
    public record Attribute(String type, String value) {

        /** Requires both parts. */
        public Attribute {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }
}
