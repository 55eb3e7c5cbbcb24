package io.sqsmega.spring.offload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.json.MegaJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What reading a body offloaded through SNS without raw message delivery needs of its envelope: the
 * message inside (the pointer), and the envelope without the marker attribute, as listeners see it.
 */
public final class SnsEnvelopes {

    private SnsEnvelopes() {
    }

    /**
     * @param body an SQS body that is an SNS envelope (already decoded as one)
     * @return its {@code Message}
     */
    public static String message(String body) {
        try {
            JsonNode message = MegaJson.mapper().readTree(body).get("Message");
            return message == null ? "" : message.asText();
        }
        catch (JsonProcessingException ex) {
            return "";
        }
    }

    /**
     * @param envelope an envelope
     * @return the same envelope without the offloading markers among its message attributes
     */
    public static SnsEnvelope withoutMarkers(SnsEnvelope envelope) {
        Map<String, SnsEnvelope.Attribute> attributes = new LinkedHashMap<>(envelope.messageAttributes());
        attributes.keySet().removeIf(LargePayloads::isMarker);
        return new SnsEnvelope(envelope.type(), envelope.messageId(), envelope.topicArn(), envelope.subject(),
                envelope.timestamp(), attributes, envelope.unsubscribeUrl(), envelope.signatureVersion(),
                envelope.signature(), envelope.signingCertUrl(), envelope.subscribeUrl(), envelope.token());
    }
}
