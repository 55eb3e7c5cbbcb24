package io.sqsmega.match;

import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.codec.SnsEnvelope;
import java.util.Map;
import java.util.Objects;

/**
 * What a match expression sees of one message: the decoded payload (roots {@code event},
 * {@code object}, {@code extra}, {@code data}, {@code text}, {@code kind}), the SQS message
 * ({@code message.id}, {@code message.receive_count}, {@code message.attributes.NAME}) and the SNS
 * envelope when there was one ({@code sns.*}).
 *
 * @param payload the decoded payload
 * @param sns the SNS envelope, or {@code null}
 * @param messageId the SQS message id, or {@code null}
 * @param receiveCount the SQS {@code ApproximateReceiveCount}, 0 when unknown
 * @param messageAttributes SQS message attributes (String and Number types) as text
 */
public record MatchInput(Payload payload, SnsEnvelope sns, String messageId, int receiveCount,
        Map<String, String> messageAttributes) {

    /** Requires the payload; copies the attributes. */
    public MatchInput {
        Objects.requireNonNull(payload, "payload");
        messageAttributes = messageAttributes == null ? Map.of() : Map.copyOf(messageAttributes);
    }

    /**
     * A payload alone, as if received without SNS, attributes or message id.
     *
     * @param payload the payload
     * @return the input
     */
    public static MatchInput of(Payload payload) {
        return new MatchInput(payload, null, null, 0, Map.of());
    }

    /**
     * A decoded message.
     *
     * @param decoded the decoder's result
     * @param messageId the SQS message id
     * @param receiveCount the SQS receive count
     * @param messageAttributes the SQS message attributes as text
     * @return the input
     */
    public static MatchInput of(DecodeResult.Decoded decoded, String messageId, int receiveCount,
            Map<String, String> messageAttributes) {
        return new MatchInput(decoded.payload(), decoded.envelope(), messageId, receiveCount, messageAttributes);
    }

    /** @return the payload kind */
    public PayloadKind kind() {
        return payload.kind();
    }
}
