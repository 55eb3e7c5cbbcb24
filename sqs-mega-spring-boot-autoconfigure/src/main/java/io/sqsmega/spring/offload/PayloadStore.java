package io.sqsmega.spring.offload;

import io.sqsmega.offload.S3Pointer;

import java.util.concurrent.CompletableFuture;

/**
 * Where offloaded bodies are kept: S3 ({@link S3PayloadStore}) in applications, anything in tests.
 * A body published to a topic is stored <em>fanned out</em>: every subscription's copy of the message
 * points at the same object, so no consumer may delete it once it handled its copy (the bucket's
 * lifecycle rule does).
 */
public interface PayloadStore {

    /**
     * Reads a body, never more than {@code maxBytes} of it into memory.
     *
     * @param pointer where it is
     * @param maxBytes the most bytes accepted
     * @return the body and whether it was stored fanned out; fails with {@link PayloadNotFoundException}
     *         when there is no such object and with {@link PayloadTooLargeException} when it is larger than
     *         {@code maxBytes}
     */
    CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes);

    /**
     * Stores a body.
     *
     * @param pointer where
     * @param body the body
     * @param fanOut whether several messages (a topic's subscriptions) will point at it
     * @return completes once stored
     */
    CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut);

    /**
     * Deletes a body.
     *
     * @param pointer where it is
     * @return completes once deleted
     */
    CompletableFuture<Void> delete(S3Pointer pointer);

    /**
     * A body read from the store.
     *
     * @param body its bytes
     * @param fanOut whether it was stored for several messages, so that handling one must not delete it
     */
    record Stored(byte[] body, boolean fanOut) {
    }

    /** The object a pointer names does not exist (any more). */
    final class PayloadNotFoundException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * @param pointer the pointer
         * @param cause the store's error
         */
        public PayloadNotFoundException(S3Pointer pointer, Throwable cause) {
            super("there is no S3 object " + pointer, cause);
        }
    }

    /** The object a pointer names is larger than accepted. */
    final class PayloadTooLargeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * @param pointer the pointer
         * @param maxBytes the limit
         */
        public PayloadTooLargeException(S3Pointer pointer, long maxBytes) {
            super("the S3 object " + pointer + " is larger than mega.max-offloaded-bytes (" + maxBytes + " bytes)");
        }
    }
}
