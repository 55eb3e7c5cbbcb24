package io.sqsmega.codec;

import io.sqsmega.event.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Describes a {@link DecodeResult} as a JSON-ready document (the output of
 * {@code sqs-mega decode}):
 * <pre>{"kind": "mega|data|text|binary|invalid|sns-confirmation", "value": ..., "sns": {...}|null, "reason": "..."|null}</pre>
 * {@code value} is the MEGA document with the protocol's defaults applied (timestamps as ISO-8601
 * UTC text), the data object, the text, or the Base64 of binary bytes; {@code null} for invalid
 * bodies and confirmations.
 */
public final class DecodeReport {

    private DecodeReport() {
    }

    /**
     * Describes a result.
     *
     * @param result the result
     * @return a new ordered map with the keys {@code kind}, {@code value}, {@code sns}, {@code reason}
     */
    public static Map<String, Object> of(DecodeResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("kind", result.label());
        report.put("value", result instanceof DecodeResult.Decoded decoded ? value(decoded.payload()) : null);
        report.put("sns", result.sns().map(DecodeReport::sns).orElse(null));
        report.put("reason", result instanceof DecodeResult.Invalid invalid ? invalid.reason() : null);
        return report;
    }

    private static Object value(Payload payload) {
        if (payload instanceof Payload.Mega mega) {
            Map<String, Object> document = mega.event().toDocument();
            // A report shows what was received: finer digits than milliseconds too, when the body had them.
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) document.get("event");
            event.put("timestamp", Timestamps.format(mega.event().timestamp()));
            return document;
        }
        if (payload instanceof Payload.Data data) {
            return data.data();
        }
        if (payload instanceof Payload.Text text) {
            return text.text();
        }
        return ((Payload.Binary) payload).base64();
    }

    private static Map<String, Object> sns(SnsEnvelope envelope) {
        Map<String, Object> sns = new LinkedHashMap<>();
        sns.put("type", envelope.type());
        sns.put("message_id", envelope.messageId());
        sns.put("topic_arn", envelope.topicArn());
        sns.put("timestamp", Timestamps.format(envelope.timestamp()));
        sns.put("subject", envelope.subject());
        Map<String, String> attributes = new LinkedHashMap<>();
        envelope.messageAttributes().forEach((name, attribute) -> attributes.put(name, attribute.value()));
        sns.put("attributes", attributes);
        return sns;
    }
}
