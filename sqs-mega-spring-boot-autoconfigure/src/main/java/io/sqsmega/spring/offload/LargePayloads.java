package io.sqsmega.spring.offload;

import io.sqsmega.offload.S3Pointer;

import io.sqsmega.spring.CompletionFailures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Bodies too large for a message, through S3, as AWS's extended clients keep them: the body in an
 * object, the message carrying an {@link S3Pointer} and a Number attribute with the body's size
 * ({@value #ATTRIBUTE}, or {@value #LEGACY_ATTRIBUTE} as older clients, and by default still the
 * current ones, write it). Reading checks the bucket against the allow-list and the size against
 * {@code mega.max-offloaded-bytes} before anything is downloaded; the marker attribute is never
 * shown to listeners or match expressions. Immutable.
 */
public final class LargePayloads {

    /** The size attribute of offloaded messages (the extended clients' current name). */
    public static final String ATTRIBUTE = S3Pointer.SIZE_ATTRIBUTE;

    /** The size attribute older extended clients write (and current ones by default). */
    public static final String LEGACY_ATTRIBUTE = S3Pointer.LEGACY_SIZE_ATTRIBUTE;

    /** Why offloaded bodies cannot be read when nothing was configured. */
    public static final String NOT_CONFIGURED = "this application reads no S3 bucket: add software.amazon.awssdk:s3 "
            + "and set mega.s3.bucket (or spring.cloud.aws.sqs.extended.bucket), or list the buckets in "
            + "mega.s3.allowed-buckets";

    /** The largest SNS message, in bytes. */
    public static final int SNS_MAX_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LargePayloads.class);

    private final PayloadStore store;
    private final Settings settings;
    private final Set<String> allowedBuckets;
    private final String unavailable;

    /**
     * What large payloads are to the application.
     *
     * @param bucket the bucket bodies are offloaded to, or {@code null} to never offload
     * @param allowedBuckets the buckets offloaded bodies are read from (empty: {@code bucket} only)
     * @param maxOffloadedBytes the largest offloaded body read or written
     * @param offloadThreshold offload bodies above this many bytes (body and attributes, as SQS
     *        counts), or {@code null} for what the destination accepts
     * @param cleanupPayload whether the object is deleted once its message was deleted after being
     *        handled (never when it is dead-lettered)
     * @param keyPrefix prefix of the keys of offloaded bodies
     * @param legacyAttributeName whether published messages carry {@value #LEGACY_ATTRIBUTE} rather
     *        than {@value #ATTRIBUTE}
     * @param ignorePayloadNotFound whether a message whose body no longer exists is deleted (with a
     *        WARN) rather than invalid
     */
    public record Settings(String bucket, List<String> allowedBuckets, int maxOffloadedBytes, Integer offloadThreshold,
            boolean cleanupPayload, String keyPrefix, boolean legacyAttributeName, boolean ignorePayloadNotFound) {

        /** Defaults the lists and the prefix. */
        public Settings {
            allowedBuckets = allowedBuckets == null ? List.of() : List.copyOf(allowedBuckets);
            keyPrefix = keyPrefix == null ? "" : keyPrefix;
            if (maxOffloadedBytes < 1) {
                throw new IllegalArgumentException("mega.max-offloaded-bytes must be positive, got " + maxOffloadedBytes);
            }
        }

        /**
         * Settings under which a missing body is invalid.
         *
         * @param bucket as above
         * @param allowedBuckets as above
         * @param maxOffloadedBytes as above
         * @param offloadThreshold as above
         * @param cleanupPayload as above
         * @param keyPrefix as above
         * @param legacyAttributeName as above
         */
        public Settings(String bucket, List<String> allowedBuckets, int maxOffloadedBytes, Integer offloadThreshold,
                boolean cleanupPayload, String keyPrefix, boolean legacyAttributeName) {
            this(bucket, allowedBuckets, maxOffloadedBytes, offloadThreshold, cleanupPayload, keyPrefix,
                    legacyAttributeName, false);
        }
    }

    private LargePayloads(PayloadStore store, Settings settings, String unavailable) {
        this.store = store;
        this.settings = settings;
        this.unavailable = unavailable;
        Set<String> allowed = new LinkedHashSet<>(settings.allowedBuckets());
        if (allowed.isEmpty() && settings.bucket() != null) {
            allowed.add(settings.bucket());
        }
        this.allowedBuckets = Set.copyOf(allowed);
    }

    /**
     * @param store where bodies are kept
     * @param settings the bucket, the allow-list, the limits
     * @return large payloads over that store
     */
    public static LargePayloads over(PayloadStore store, Settings settings) {
        return new LargePayloads(store, settings, null);
    }

    /**
     * @param why why the application cannot read or write offloaded bodies, and what to do
     * @return large payloads that are never offloaded, and whose pointers are invalid with that reason
     */
    public static LargePayloads unavailable(String why) {
        return new LargePayloads(null, new Settings(null, List.of(), Integer.MAX_VALUE, null, false, "", true), why);
    }

    /**
     * @param attributes a message's attributes
     * @return the name of its offloading marker attribute, or {@code null} when its body is its own
     */
    public static String markerOf(Map<String, MessageAttributeValue> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        return attributes.containsKey(ATTRIBUTE) ? ATTRIBUTE : attributes.containsKey(LEGACY_ATTRIBUTE) ? LEGACY_ATTRIBUTE
                : null;
    }

    /**
     * @param attributeName an attribute's name
     * @return whether it is one of the offloading markers
     */
    public static boolean isMarker(String attributeName) {
        return S3Pointer.isMarker(attributeName);
    }

    /**
     * @param attributes a message's text attributes
     * @return them without the offloading markers, for listeners and match expressions
     */
    public static Map<String, String> withoutMarkers(Map<String, String> attributes) {
        attributes.remove(ATTRIBUTE);
        attributes.remove(LEGACY_ATTRIBUTE);
        return attributes;
    }

    /** @return whether bodies over the threshold are offloaded when published */
    public boolean offloads() {
        return store != null && settings.bucket() != null;
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    /** @return the marker attribute published messages carry */
    public String attributeName() {
        return settings.legacyAttributeName() ? LEGACY_ATTRIBUTE : ATTRIBUTE;
    }

    /**
     * @param destinationMax the most bytes the destination takes in one message
     * @return above how many bytes (body and attributes) a body is offloaded
     */
    public int threshold(int destinationMax) {
        return settings.offloadThreshold() != null ? Math.min(settings.offloadThreshold(), destinationMax) : destinationMax;
    }

    /**
     * Stores a body in the bucket under a new key.
     *
     * @param body the body, in UTF-8
     * @param fanOut whether several messages will point at it (published to a topic: one per
     *        subscription), so that none of them deletes it when handled
     * @return its pointer, once stored
     */
    public CompletableFuture<S3Pointer> offload(byte[] body, boolean fanOut) {
        S3Pointer pointer = new S3Pointer(settings.bucket(), settings.keyPrefix() + UUID.randomUUID());
        return store.put(pointer, body, fanOut).thenApply(stored -> pointer);
    }

    /**
     * Reads the body of an offloaded message (blocking: listeners run on the container's threads).
     *
     * @param message a message with a marker attribute ({@link #markerOf})
     * @param timeout how long the download may take
     * @return the body, or why the message is invalid, or why S3 could not be read now
     */
    public Resolution resolve(Message message, Duration timeout) {
        String marker = markerOf(message.messageAttributes());
        MessageAttributeValue declared = marker == null ? null : message.messageAttributes().get(marker);
        return resolve(message.body(), marker, declared == null ? null : declared.stringValue(), timeout);
    }

    /**
     * Reads an offloaded body from its pointer (blocking), wherever the pointer came from: a message's
     * body, or the message inside an SNS envelope.
     *
     * @param pointerBody the pointer
     * @param marker the marker attribute that said the body was offloaded
     * @param declaredSize the marker's value (the sender's word on the size), or {@code null}
     * @param timeout how long the download may take
     * @return the body, or why the message is invalid, or why S3 could not be read now
     */
    public Resolution resolve(String pointerBody, String marker, String declaredSize, Duration timeout) {
        S3Pointer pointer;
        try {
            pointer = S3Pointer.parse(pointerBody);
        }
        catch (IllegalArgumentException ex) {
            return new Invalid("offloaded to S3 (" + marker + " is set), but " + ex.getMessage());
        }
        if (store == null) {
            return new Invalid("its body was offloaded to " + pointer + ", but " + unavailable);
        }
        if (!allowedBuckets.contains(pointer.bucket())) {
            return new Invalid("its body was offloaded to bucket '" + pointer.bucket() + "', which is not one this "
                    + "application reads from (mega.s3.allowed-buckets, or the bucket it offloads to: "
                    + (allowedBuckets.isEmpty() ? "none configured" : allowedBuckets) + ")");
        }
        try {
            long size = Long.parseLong(declaredSize.trim());
            if (size > settings.maxOffloadedBytes()) {
                return new Invalid("its offloaded body (" + pointer + ") is " + size + " bytes, over "
                        + "mega.max-offloaded-bytes (" + settings.maxOffloadedBytes() + ")");
            }
        }
        catch (NumberFormatException | NullPointerException ex) {
            // The size is the sender's word only; the download is bounded anyway.
        }
        try {
            PayloadStore.Stored stored = store.get(pointer, settings.maxOffloadedBytes())
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Resolved(new String(stored.body(), StandardCharsets.UTF_8), pointer, stored.fanOut());
        }
        catch (ExecutionException ex) {
            Throwable cause = CompletionFailures.cause(ex.getCause());
            if (cause instanceof PayloadStore.PayloadNotFoundException) {
                return new Invalid(cause.getMessage() + " (deleted, or expired by a lifecycle rule; with cleanup on, a "
                        + "copy delivered again after the first was handled finds it gone)", true);
            }
            if (cause instanceof PayloadStore.PayloadTooLargeException) {
                return new Invalid(cause.getMessage());
            }
            return new Unreachable("reading its offloaded body from " + pointer + " failed: " + cause, cause);
        }
        catch (TimeoutException ex) {
            return new Unreachable("reading its offloaded body from " + pointer + " took over " + timeout, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Unreachable("interrupted while reading its offloaded body from " + pointer, ex);
        }
    }

    /**
     * Deletes an offloaded body once its message was deleted after being handled, when
     * {@code cleanup-payload} is on and the body is not {@linkplain Resolved#fanOut() fanned out} (other
     * subscriptions of its topic still have to read it); a failure is logged, never thrown.
     *
     * @param resolved the body as it was read
     */
    public void cleanUp(Resolved resolved) {
        if (!settings.cleanupPayload() || store == null) {
            return;
        }
        S3Pointer pointer = resolved.pointer();
        if (resolved.fanOut()) {
            LOG.debug("Kept the offloaded body {} of a handled message: it came through a topic, and its other "
                    + "subscriptions read the same object", pointer);
            return;
        }
        store.delete(pointer).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Could not delete the offloaded body {} of a handled message: {} (an S3 lifecycle rule on the "
                        + "bucket removes what is left)", pointer, failure.toString());
            }
        });
    }

    /**
     * Deletes an offloaded body whose message was never sent; a failure is logged, never thrown.
     *
     * @param pointer the body's pointer
     */
    public void discard(S3Pointer pointer) {
        if (store == null) {
            return;
        }
        store.delete(pointer).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Could not delete the offloaded body {} of a message that was not sent: {}", pointer,
                        failure.toString());
            }
        });
    }

    /** What reading an offloaded body came to. */
    public sealed interface Resolution permits Resolved, Invalid, Unreachable {
    }

    /**
     * The body.
     *
     * @param body the body
     * @param pointer where it was
     * @param fanOut whether other messages point at the same object (it came through a topic), so that
     *        handling this one must not delete it
     */
    public record Resolved(String body, S3Pointer pointer, boolean fanOut) implements Resolution {

        /** @return the same body, known to be read by several messages */
        public Resolved fannedOut() {
            return fanOut ? this : new Resolved(body, pointer, true);
        }
    }

    /**
     * The message cannot be handled, now or later.
     *
     * @param reason why
     * @param payloadMissing whether it is because the object no longer exists (which
     *        {@link Settings#ignorePayloadNotFound()} turns into a delete)
     */
    public record Invalid(String reason, boolean payloadMissing) implements Resolution {

        /** @param reason why (the object may exist) */
        public Invalid(String reason) {
            this(reason, false);
        }
    }

    /**
     * S3 could not be read now; later may work.
     *
     * @param reason why
     * @param cause the error
     */
    public record Unreachable(String reason, Throwable cause) implements Resolution {
    }
}
