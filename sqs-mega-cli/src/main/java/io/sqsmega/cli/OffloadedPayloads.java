package io.sqsmega.cli;

import io.sqsmega.offload.S3Pointer;
import java.io.PrintWriter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads the bodies of messages offloaded to S3 for {@code peek} and {@code dump}
 * ({@code --fetch-payload}): a body that cannot be read is reported on standard error and the
 * message shown with its pointer only.
 */
final class OffloadedPayloads {

    private final S3Client s3;
    private final PrintWriter err;
    /** The last message read and its body: --match reads a body, and the output shows the same one. */
    private Message last;
    private String lastBody;

    /**
     * @param s3 the S3 client, or {@code null} when bodies are not fetched
     * @param err where failures are reported
     */
    OffloadedPayloads(S3Client s3, PrintWriter err) {
        this.s3 = s3;
        this.err = err;
    }

    /**
     * @param message a message
     * @return its offloaded body, or {@code null} when it has none, fetching is off, or it cannot be read
     */
    String fetch(Message message) {
        if (s3 == null || MessageJson.offloaded(message) == null) {
            return null;
        }
        if (message == last) {
            return lastBody;
        }
        lastBody = read(message);
        last = message;
        return lastBody;
    }

    private String read(Message message) {
        S3Pointer pointer;
        try {
            pointer = S3Pointer.parse(message.body());
        }
        catch (IllegalArgumentException ex) {
            err.println("Message " + message.messageId() + ": " + ex.getMessage());
            return null;
        }
        try {
            return s3.getObjectAsBytes(b -> b.bucket(pointer.bucket()).key(pointer.key())).asUtf8String();
        }
        catch (SdkException ex) {
            err.println("Message " + message.messageId() + ": could not read its body from " + pointer + ": "
                    + ex.getMessage());
            return null;
        }
    }
}
