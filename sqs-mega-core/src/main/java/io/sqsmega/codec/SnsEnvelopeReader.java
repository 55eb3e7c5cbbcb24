package io.sqsmega.codec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recognises and reads the JSON envelope SNS wraps around a message delivered to SQS without raw
 * message delivery.
 */
final class SnsEnvelopeReader {

    private static final Set<String> REQUIRED = Set.of("Type", "MessageId", "TopicArn", "Timestamp", "Message");
    private static final Set<String> CONFIRMATIONS = Set.of("SubscriptionConfirmation", "UnsubscribeConfirmation");

    private SnsEnvelopeReader() {
    }

    /**
     * An SNS envelope is a JSON object with all of Type, MessageId, TopicArn, Timestamp and
     * Message as strings.
     */
    static boolean isEnvelope(Map<?, ?> object) {
        for (String key : REQUIRED) {
            if (!(object.get(key) instanceof String)) {
                return false;
            }
        }
        return true;
    }

    static boolean isKnownConfirmation(String type) {
        return CONFIRMATIONS.contains(type);
    }

    static SnsEnvelope read(Map<?, ?> object, Instant timestamp) {
        return new SnsEnvelope((String) object.get("Type"), (String) object.get("MessageId"),
                (String) object.get("TopicArn"), text(object, "Subject"), timestamp,
                attributes(object.get("MessageAttributes")), text(object, "UnsubscribeURL"),
                text(object, "SignatureVersion"), text(object, "Signature"), text(object, "SigningCertURL"),
                text(object, "SubscribeURL"), text(object, "Token"));
    }

    private static String text(Map<?, ?> object, String key) {
        return object.get(key) instanceof String value ? value : null;
    }

    /** {@code {"name": {"Type": "String", "Value": "x"}}}; entries of another shape are skipped. */
    private static Map<String, SnsEnvelope.Attribute> attributes(Object value) {
        Map<String, SnsEnvelope.Attribute> attributes = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, entry) -> {
                if (entry instanceof Map<?, ?> fields && fields.get("Type") instanceof String type
                        && fields.get("Value") instanceof String text) {
                    attributes.put(String.valueOf(name), new SnsEnvelope.Attribute(type, text));
                }
            });
        }
        return attributes;
    }
}
