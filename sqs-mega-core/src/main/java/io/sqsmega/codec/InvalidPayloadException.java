package io.sqsmega.codec;

/**
 * Internal signal that a document carries the MEGA markers but breaks a required rule. Never
 * escapes the decoder: it becomes a {@link DecodeResult.Invalid}.
 */
final class InvalidPayloadException extends Exception {

    InvalidPayloadException(String reason) {
        super(reason, null, false, false);
    }
}
