package io.sqsmega.cli;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeReport;
import io.sqsmega.dispatch.DeadLetterAttributes;
import io.sqsmega.offload.S3Pointer;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Messages as JSON: what {@code peek} shows (decoded, with the failure attributes apart) and what
 * {@code dump} writes and {@code load} reads (the body and every attribute exactly as sent).
 */
final class MessageJson {

    /** Decodes what peek shows, fetched offloaded bodies included: no size limit of a message's. */
    private static final BodyDecoder DECODER = BodyDecoder.builder().maxBodyBytes(Integer.MAX_VALUE).build();

    private MessageJson() {
    }

    /** The line {@code dump} writes: enough to send the message again as it was. */
    static Map<String, Object> dumped(Message message) {
        return dumped(message, null);
    }

    /**
     * The line {@code dump} writes, with the offloaded body read from S3 when fetched.
     *
     * @param message the message
     * @param payload the offloaded body ({@code --fetch-payload}), or {@code null}
     * @return the line: {@code body} stays the pointer, so that {@code load} sends it as it was
     */
    static Map<String, Object> dumped(Message message, String payload) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("messageId", message.messageId());
        line.put("body", message.body());
        line.put("attributes", attributes(message.messageAttributes()));
        line.put("groupId", message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        line.put("deduplicationId", message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
        line.put("sent", sent(message));
        Map<String, Object> offloaded = offloaded(message);
        if (offloaded != null) {
            line.put("offloaded", offloaded);
            if (payload != null) {
                line.put("payload", payload);
            }
        }
        return line;
    }

    /**
     * Where an offloaded message's body is: bucket, key and the size the sender declared.
     *
     * @param message a message
     * @return the pointer's parts, or {@code null} when the body is the message's own
     */
    static Map<String, Object> offloaded(Message message) {
        String marker = message.messageAttributes().keySet().stream().filter(S3Pointer::isMarker).findFirst().orElse(null);
        if (marker == null) {
            return null;
        }
        Map<String, Object> offloaded = new LinkedHashMap<>();
        try {
            S3Pointer pointer = S3Pointer.parse(message.body());
            offloaded.put("bucket", pointer.bucket());
            offloaded.put("key", pointer.key());
        }
        catch (IllegalArgumentException ex) {
            offloaded.put("error", ex.getMessage());
        }
        offloaded.put("size", message.messageAttributes().get(marker).stringValue());
        offloaded.put("marker", marker);
        return offloaded;
    }

    /** What {@code peek} shows of a message, its body as received. */
    static Map<String, Object> peeked(Message message) {
        return peeked(message, null);
    }

    /**
     * What {@code peek} shows of a message.
     *
     * @param message the message
     * @param payload the offloaded body read from S3 ({@code --fetch-payload}), or {@code null}
     * @return the line
     */
    static Map<String, Object> peeked(Message message, String payload) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("messageId", message.messageId());
        line.put("sent", sent(message));
        line.put("receiveCount", receiveCount(message));
        line.put("groupId", message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        // SQS returns attributes in no particular order: shown by name.
        Map<String, Object> attributes = new java.util.TreeMap<>();
        Map<String, Object> failure = new java.util.TreeMap<>();
        Map<String, String> text = text(message.messageAttributes());
        text.forEach((name, value) -> {
            if (DeadLetterAttributes.ALL.contains(name)) {
                failure.put(name, value);
            }
            else {
                attributes.put(name, value);
            }
        });
        Map<String, Object> offloaded = offloaded(message);
        if (offloaded != null) {
            attributes.remove(offloaded.get("marker"));
        }
        line.put("attributes", attributes);
        line.put("failure", failure.isEmpty() ? null : failure);
        line.put("offloaded", offloaded);
        text.keySet().removeIf(S3Pointer::isMarker);
        // An offloaded body is decoded once fetched; until then there is only the pointer, shown above.
        String body = offloaded == null ? message.body() : payload;
        line.put("decoded", body == null ? null : DecodeReport.of(DECODER.decode(body, text)));
        return line;
    }

    /** The attributes as the decoder and the match language see them: text (binary as Base64). */
    static Map<String, String> text(Map<String, MessageAttributeValue> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach((name, value) -> text.put(name, value.stringValue() != null ? value.stringValue()
                : value.binaryValue() != null ? Base64.getEncoder().encodeToString(value.binaryValue().asByteArray())
                : ""));
        return text;
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 0 : Integer.parseInt(count);
    }

    private static String sent(Message message) {
        String millis = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
    }

    /** Every attribute with its data type, so that {@code load} sends exactly what was there. */
    static Map<String, Object> attributes(Map<String, MessageAttributeValue> attributes) {
        // By name: SQS returns them in no particular order, and dumps of one queue should diff cleanly.
        Map<String, Object> json = new java.util.TreeMap<>();
        attributes.forEach((name, value) -> {
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("dataType", value.dataType());
            if (value.binaryValue() != null) {
                typed.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
            }
            else {
                typed.put("stringValue", value.stringValue());
            }
            json.put(name, typed);
        });
        return json;
    }

    /** The reverse of {@link #attributes(Map)}. */
    static Map<String, MessageAttributeValue> attributesFrom(Object json, int line) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        if (json == null) {
            return attributes;
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new CliException("Line " + line + ": \"attributes\" must be an object of "
                    + "{\"dataType\": ..., \"stringValue\" or \"binaryValue\": ...}, as dump writes it");
        }
        map.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> typed) || !(typed.get("dataType") instanceof String dataType)) {
                throw new CliException("Line " + line + ": attribute " + name + " needs a \"dataType\" and a "
                        + "\"stringValue\" or \"binaryValue\", as dump writes it");
            }
            MessageAttributeValue.Builder attribute = MessageAttributeValue.builder().dataType(dataType);
            if (typed.get("binaryValue") instanceof String base64) {
                attribute.binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(base64)));
            }
            else {
                attribute.stringValue(String.valueOf(typed.get("stringValue")));
            }
            attributes.put(String.valueOf(name), attribute.build());
        });
        return attributes;
    }
}
