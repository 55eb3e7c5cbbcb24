package io.sqsmega.offload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.json.MegaJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where an offloaded body lies: the message body AWS's extended clients (Java, Python, .NET, ...)
 * write and read in its place,
 * {@code ["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":"k"}]}
 * (older Java clients wrote {@code com.amazon.sqs.javamessaging.MessageS3Pointer}).
 *
 * @param bucket the S3 bucket
 * @param key the object's key
 */
public record S3Pointer(String bucket, String key) {

    /** The class name the pointer carries (payload-offloading-java-common-lib-for-aws). */
    public static final String CLASS_NAME = "software.amazon.payloadoffloading.PayloadS3Pointer";

    /** The class name older extended clients wrote. */
    public static final String LEGACY_CLASS_NAME = "com.amazon.sqs.javamessaging.MessageS3Pointer";

    /** The Number attribute that marks an offloaded message, with the body's size (current extended clients). */
    public static final String SIZE_ATTRIBUTE = "ExtendedPayloadSize";

    /** The marker older extended clients write (and current ones by default). */
    public static final String LEGACY_SIZE_ATTRIBUTE = "SQSLargePayloadSize";

    /**
     * @param attributeName an attribute's name
     * @return whether it marks an offloaded message
     */
    public static boolean isMarker(String attributeName) {
        return SIZE_ATTRIBUTE.equals(attributeName) || LEGACY_SIZE_ATTRIBUTE.equals(attributeName);
    }

    /** Requires both parts. */
    public S3Pointer {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads a pointer body.
     *
     * @param body a message body that should be a pointer
     * @return the pointer
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static S3Pointer parse(String body) {
        JsonNode root;
        try {
            root = MegaJson.mapper().readTree(body);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("the body is not an S3 pointer (not JSON: " + ex.getOriginalMessage() + ")");
        }
        if (root == null || !root.isArray() || root.size() != 2 || !root.get(0).isTextual()
                || !(CLASS_NAME.equals(root.get(0).asText()) || LEGACY_CLASS_NAME.equals(root.get(0).asText()))
                || !root.get(1).isObject()) {
            throw new IllegalArgumentException("the body is not an S3 pointer: expected [\"" + CLASS_NAME
                    + "\",{\"s3BucketName\":...,\"s3Key\":...}]");
        }
        JsonNode bucket = root.get(1).get("s3BucketName");
        JsonNode key = root.get(1).get("s3Key");
        if (bucket == null || !bucket.isTextual() || bucket.asText().isEmpty() || key == null || !key.isTextual()
                || key.asText().isEmpty()) {
            throw new IllegalArgumentException("the S3 pointer has no s3BucketName or s3Key");
        }
        return new S3Pointer(bucket.asText(), key.asText());
    }

    /** @return the pointer as a message body, as AWS's extended clients write it */
    public String toBody() {
        try {
            Map<String, String> location = new LinkedHashMap<>();
            location.put("s3BucketName", bucket);
            location.put("s3Key", key);
            return MegaJson.mapper().writeValueAsString(new Object[] {CLASS_NAME, location});
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
