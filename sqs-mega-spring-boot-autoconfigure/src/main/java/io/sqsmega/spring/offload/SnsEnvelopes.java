package io.sqsmega.spring.offload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.json.MegaJson;
import java.time.Duration;
import java.util.HashMap;
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
     * Reads a body offloaded through SNS without raw message delivery: when a decoded envelope carries
     * a marker among its attributes, its message is the pointer.
     *
     * @param payloads reads offloaded bodies
     * @param decoded what the SQS body decoded to
     * @param body the SQS body (the envelope)
     * @param decoder decodes the body read from S3 (with the offloaded limit)
     * @param timeout how long the download may take
     * @return {@code null} when the envelope carries no marker (or there is none); otherwise the
     *         resolution, and when it resolved, the body decoded as the envelope's message would have
     *         been, with the envelope shown without the marker
     */
    public static Unwrapped resolve(LargePayloads payloads, DecodeResult decoded, String body, BodyDecoder decoder,
            Duration timeout) {
        SnsEnvelope envelope = decoded instanceof DecodeResult.Decoded ok ? ok.envelope()
                : decoded instanceof DecodeResult.Invalid invalid ? invalid.envelope() : null;
        if (envelope == null) {
            return null;
        }
        // Every SNS-delivered message passes here: a plain loop, nothing allocated when there is no marker.
        String marker = null;
        for (String name : envelope.messageAttributes().keySet()) {
            if (LargePayloads.isMarker(name)) {
                marker = name;
                break;
            }
        }
        if (marker == null) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        envelope.messageAttributes().forEach((name, value) -> attributes.put(name, value.value()));
        LargePayloads.Resolution resolution = payloads.resolve(message(body), marker, attributes.get(marker), timeout);
        if (!(resolution instanceof LargePayloads.Resolved read)) {
            return new Unwrapped(resolution, null);
        }
        // It came through a topic, whoever published it: its other subscriptions read the same object.
        LargePayloads.Resolved resolved = read.fannedOut();
        SnsEnvelope unmarked = withoutMarkers(envelope);
        DecodeResult inner = decoder.decode(resolved.body(), LargePayloads.withoutMarkers(attributes));
        DecodeResult result = inner instanceof DecodeResult.Decoded ok ? new DecodeResult.Decoded(ok.payload(), unmarked)
                : inner instanceof DecodeResult.Invalid invalid ? new DecodeResult.Invalid(invalid.reason(), unmarked)
                : inner;
        return new Unwrapped(resolved, result);
    }

    /**
     * An enveloped offloaded body's reading.
     *
     * @param resolution what reading it came to ({@link LargePayloads.Resolved} with its pointer, or why not)
     * @param result the body decoded, when it was read; else {@code null}
     */
    public record Unwrapped(LargePayloads.Resolution resolution, DecodeResult result) {
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
