package io.sqsmega.spring.offload;

import io.sqsmega.offload.S3Pointer;

import io.sqsmega.spring.CompletionFailures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Offloaded bodies in S3, through the application's {@link S3AsyncClient}. A read asks for one byte
 * more than the limit (a ranged GET), so that an object larger than accepted is found out without
 * reading it all into memory. A fanned-out body carries the user metadata {@value #FAN_OUT_METADATA}
 * ({@code x-amz-meta-mega-fan-out: true}), which comes back with the read at no extra request.
 */
public final class S3PayloadStore implements PayloadStore {

    /** The user metadata that marks a body stored for several messages (published to a topic). */
    public static final String FAN_OUT_METADATA = "mega-fan-out";

    private final S3AsyncClient s3;

    /** @param s3 the client */
    public S3PayloadStore(S3AsyncClient s3) {
        this.s3 = s3;
    }

    @Override
    public CompletableFuture<Stored> get(S3Pointer pointer, long maxBytes) {
        return s3.getObject(b -> b.bucket(pointer.bucket()).key(pointer.key()).range("bytes=0-" + maxBytes),
                AsyncResponseTransformer.toBytes()).handle((bytes, failure) -> {
                    if (failure != null) {
                        Throwable cause = CompletionFailures.cause(failure);
                        if (cause instanceof NoSuchKeyException) {
                            throw new PayloadNotFoundException(pointer, cause);
                        }
                        throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
                    }
                    byte[] body = bytes.asByteArrayUnsafe();
                    if (body.length > maxBytes) {
                        throw new PayloadTooLargeException(pointer, maxBytes);
                    }
                    return new Stored(body, "true".equals(bytes.response().metadata().get(FAN_OUT_METADATA)));
                });
    }

    @Override
    public CompletableFuture<Void> put(S3Pointer pointer, byte[] body, boolean fanOut) {
        return s3.putObject(b -> {
            b.bucket(pointer.bucket()).key(pointer.key()).contentLength((long) body.length);
            if (fanOut) {
                b.metadata(Map.of(FAN_OUT_METADATA, "true"));
            }
        }, AsyncRequestBody.fromBytes(body)).thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Void> delete(S3Pointer pointer) {
        return s3.deleteObject(b -> b.bucket(pointer.bucket()).key(pointer.key())).thenApply(response -> null);
    }
}
