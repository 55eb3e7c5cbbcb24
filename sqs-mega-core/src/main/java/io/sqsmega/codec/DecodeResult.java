package io.sqsmega.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * What a message body decodes to: a {@link Decoded payload}, an {@link Invalid} body with the
 * reason, or an {@link SnsConfirmation}. Decoding never throws; every body yields one of these.
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Invalid, DecodeResult.SnsConfirmation {

    /**
     * The SNS envelope the body arrived in.
     *
     * @return the envelope, empty when the body was not an SNS envelope
     */
    Optional<SnsEnvelope> sns();

    /**
     * The result's kind as the CLI and logs name it: {@code mega}, {@code data}, {@code text},
     * {@code binary}, {@code invalid} or {@code sns-confirmation}.
     *
     * @return the label
     */
    String label();

    /**
     * A payload to dispatch.
     *
     * @param payload the payload
     * @param envelope the SNS envelope, or {@code null}
     */
    record Decoded(Payload payload, SnsEnvelope envelope) implements DecodeResult {

        /** Requires the payload. */
        public Decoded {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public Optional<SnsEnvelope> sns() {
            return Optional.ofNullable(envelope);
        }

        @Override
        public String label() {
            return payload.kind().label();
        }
    }

    /**
     * A body that must not reach listeners: an invalid MEGA payload, a body that contradicts its
     * {@code mega-payload} attribute, one over the size or nesting limits, a malformed envelope.
     *
     * @param reason what is wrong and where, e.g. {@code event.name is missing}
     * @param envelope the SNS envelope, or {@code null}
     */
    record Invalid(String reason, SnsEnvelope envelope) implements DecodeResult {

        /** Requires the reason. */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<SnsEnvelope> sns() {
            return Optional.ofNullable(envelope);
        }

        @Override
        public String label() {
            return "invalid";
        }
    }

    /**
     * An SNS subscription or unsubscribe confirmation: reported, never dispatched.
     *
     * @param envelope the envelope
     */
    record SnsConfirmation(SnsEnvelope envelope) implements DecodeResult {

        /** Requires the envelope. */
        public SnsConfirmation {
            Objects.requireNonNull(envelope, "envelope");
        }

        @Override
        public Optional<SnsEnvelope> sns() {
            return Optional.of(envelope);
        }

        @Override
        public String label() {
            return "sns-confirmation";
        }
    }
}
