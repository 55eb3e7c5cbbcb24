package io.sqsmega.spring;

import io.sqsmega.codec.PayloadKind;
import io.sqsmega.codec.SnsEnvelope;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQS message around a payload, for listeners that declare it as a parameter.
 *
 * @param messageId the SQS message id
 * @param receiveCount the SQS {@code ApproximateReceiveCount} (1 on the first delivery)
 * @param attributes the SQS message attributes (String and Number types) as text
 * @param kind the payload kind
 * @param queue the queue it came from, as the listener named it
 * @param snsEnvelope the SNS envelope when delivered through SNS without raw delivery, else {@code null}
 */
public record MegaMessage(String messageId, int receiveCount, Map<String, String> attributes, PayloadKind kind,
        String queue, SnsEnvelope snsEnvelope) {

    /** Requires the id and kind; copies the attributes. */
    public MegaMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** @return the SNS envelope, when the message came through SNS without raw delivery */
    public Optional<SnsEnvelope> sns() {
        return Optional.ofNullable(snsEnvelope);
    }
}
