package io.sqsmega.spring.offload;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Decodes an SQS message whose body may be offloaded to S3, the one way the listener containers and
 * {@code MegaTemplate.receive} both read it: a marker on the message means the body is a pointer
 * (read within the allow-list and the size limit, the marker removed from the attributes); otherwise
 * the body is decoded, and when it is an SNS envelope carrying a marker (a topic without raw message
 * delivery), the envelope's message is the pointer.
 *
 * @param result what the body decoded to; {@code null} when an offloaded body could not be read
 * @param body the body that was decoded: the S3 object's when it was read, else the SQS body
 * @param offload {@code null} when nothing was offloaded; {@link LargePayloads.Resolved} when the body
 *        came from S3 (its object goes once the message is deleted, unless fanned out); otherwise why
 *        it could not be read ({@link LargePayloads.Invalid} or {@link LargePayloads.Unreachable})
 */
public record OffloadedDecoding(DecodeResult result, String body, LargePayloads.Resolution offload) {

    /**
     * @param message the SQS message
     * @param attributes its text attributes (the offloading markers are removed from them)
     * @param payloads reads offloaded bodies
     * @param decoder decodes SQS bodies
     * @param offloadedDecoder decodes bodies read from S3 (with the offloaded limit)
     * @param timeout how long reading an offloaded body may take
     * @return the decoding
     */
    public static OffloadedDecoding decode(Message message, Map<String, String> attributes, LargePayloads payloads,
            BodyDecoder decoder, BodyDecoder offloadedDecoder, Duration timeout) {
        if (LargePayloads.markerOf(message.messageAttributes()) != null) {
            LargePayloads.withoutMarkers(attributes);
            LargePayloads.Resolution resolution = payloads.resolve(message, timeout);
            if (resolution instanceof LargePayloads.Resolved resolved) {
                return new OffloadedDecoding(offloadedDecoder.decode(resolved.body(), attributes), resolved.body(),
                        resolved);
            }
            return new OffloadedDecoding(null, message.body(), resolution);
        }
        DecodeResult result = decoder.decode(message.body(), attributes);
        SnsEnvelopes.Unwrapped enveloped = SnsEnvelopes.resolve(payloads, result, message.body(), offloadedDecoder,
                timeout);
        if (enveloped == null) {
            return new OffloadedDecoding(result, message.body(), null);
        }
        if (enveloped.resolution() instanceof LargePayloads.Resolved resolved) {
            return new OffloadedDecoding(enveloped.result(), resolved.body(), resolved);
        }
        return new OffloadedDecoding(null, message.body(), enveloped.resolution());
    }

    /** @return whether the body was offloaded and could not be read ({@link #offload()} says why) */
    public boolean unread() {
        return result == null;
    }
}
