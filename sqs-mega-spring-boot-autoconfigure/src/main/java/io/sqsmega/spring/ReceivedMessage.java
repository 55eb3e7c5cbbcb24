package io.sqsmega.spring;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.event.MegaEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A message read with {@link MegaTemplate#receive} / {@link MegaTemplate#receiveMany}, decoded as a
 * listener would see it (SNS envelope unwrapped), hidden from other consumers until the caller
 * {@link #acknowledge() acknowledges} (deletes) or {@link #release() releases} it, or its visibility
 * timeout runs out. An invalid body is returned too (when no match expression was given), with
 * {@link #invalidReason()} saying what is wrong, so that nothing is skipped without a word.
 *
 * <p>On a FIFO queue, SQS returns no later message of a group while one is held: acknowledge a group's
 * messages in the order received.
 */
public final class ReceivedMessage {

    private final String queue;
    private final String messageId;
    private final String body;
    private final int receiveCount;
    private final Map<String, String> attributes;
    private final String messageGroupId;
    private final Payload payload;
    private final String invalidReason;
    private final SnsEnvelope snsEnvelope;
    private final String receiptHandle;
    private final Settle settle;

    /** Deletes or changes the visibility of one receipt; given by the template. */
    interface Settle extends BiFunction<String, Duration, CompletableFuture<Void>> {
    }

    ReceivedMessage(String queue, String messageId, String body, int receiveCount, Map<String, String> attributes,
            String messageGroupId, Payload payload, String invalidReason, SnsEnvelope snsEnvelope, String receiptHandle,
            Settle settle) {
        this.queue = queue;
        this.messageId = messageId;
        this.body = body;
        this.receiveCount = receiveCount;
        this.attributes = Map.copyOf(attributes);
        this.messageGroupId = messageGroupId;
        this.payload = payload;
        this.invalidReason = invalidReason;
        this.snsEnvelope = snsEnvelope;
        this.receiptHandle = receiptHandle;
        this.settle = settle;
    }

    /** @return the SQS message id */
    public String messageId() {
        return messageId;
    }

    /** @return the body as received (the SNS envelope included, when there was one) */
    public String body() {
        return body;
    }

    /** @return the SQS {@code ApproximateReceiveCount} (1 on the first delivery) */
    public int receiveCount() {
        return receiveCount;
    }

    /** @return the message attributes (String and Number types) as text */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the FIFO message group, on FIFO queues */
    public Optional<String> messageGroupId() {
        return Optional.ofNullable(messageGroupId);
    }

    /** @return the receipt handle of this delivery */
    public String receiptHandle() {
        return receiptHandle;
    }

    /** @return whether the body decoded to a payload */
    public boolean valid() {
        return payload != null;
    }

    /** @return what is wrong with the body, when it is invalid */
    public Optional<String> invalidReason() {
        return Optional.ofNullable(invalidReason);
    }

    /** @return the decoded payload, when valid */
    public Optional<Payload> payload() {
        return Optional.ofNullable(payload);
    }

    /** @return the MEGA event, when the payload is one */
    public Optional<MegaEvent> event() {
        return payload instanceof Payload.Mega mega ? Optional.of(mega.event()) : Optional.empty();
    }

    /** @return the data object, when the payload is one */
    public Optional<Map<String, Object>> data() {
        return payload instanceof Payload.Data data ? Optional.of(data.data()) : Optional.empty();
    }

    /** @return the text, when the payload is plaintext */
    public Optional<String> text() {
        return payload instanceof Payload.Text text ? Optional.of(text.text()) : Optional.empty();
    }

    /** @return the bytes, when the payload is binary */
    public Optional<byte[]> bytes() {
        return payload instanceof Payload.Binary binary ? Optional.of(binary.bytes()) : Optional.empty();
    }

    /** @return the SNS envelope, when the message came through SNS without raw delivery */
    public Optional<SnsEnvelope> sns() {
        return Optional.ofNullable(snsEnvelope);
    }

    /**
     * @return the message as a listener's {@link MegaMessage} parameter sees it
     * @throws IllegalStateException when the body is invalid (there is no payload kind)
     */
    public MegaMessage message() {
        if (payload == null) {
            throw new IllegalStateException("Message " + messageId + " is invalid (" + invalidReason + "): it has no payload kind");
        }
        PayloadKind kind = payload.kind();
        return new MegaMessage(messageId, receiveCount, attributes, kind, queue, snsEnvelope);
    }

    /**
     * Deletes the message from its queue.
     *
     * @throws MegaReceiveException when SQS did not delete it (it comes back when its visibility runs out)
     */
    public void acknowledge() {
        join(acknowledgeAsync());
    }

    /** @return completes when SQS deleted the message */
    public CompletableFuture<Void> acknowledgeAsync() {
        return settle.apply(receiptHandle, null);
    }

    /** Makes the message visible to consumers again at once. */
    public void release() {
        release(Duration.ZERO);
    }

    /**
     * Makes the message visible to consumers again after a delay.
     *
     * @param after 0 to 12 hours
     */
    public void release(Duration after) {
        join(releaseAsync(after));
    }

    /**
     * @param after 0 to 12 hours
     * @return completes when SQS changed the visibility
     */
    public CompletableFuture<Void> releaseAsync(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.isNegative() || after.compareTo(ReceiveOptions.MAX_VISIBILITY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("after must be between 0 and 12 hours (the SQS limit), got " + after);
        }
        return settle.apply(receiptHandle, after);
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        }
        catch (CompletionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : ex;
        }
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + messageId + " from " + queue + ", " + (payload != null ? payload.kind().label()
                : "invalid: " + invalidReason) + "]";
    }

    /** Deletes (no visibility) or changes the visibility of a receipt on a queue, failing with what to expect. */
    static Settle settleOn(SqsAsyncClient sqs, String queueUrl) {
        return (receipt, visibility) -> (visibility == null
                ? sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receipt)).thenApply(response -> (Void) null)
                : sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receipt)
                        .visibilityTimeout((int) visibility.toSeconds())).thenApply(response -> (Void) null))
                .exceptionally(failure -> {
                    Throwable cause = CompletionFailures.cause(failure);
                    throw new MegaReceiveException((visibility == null ? "Deleting" : "Releasing") + " a message of "
                            + queueUrl + " failed: " + cause.getMessage() + "; it becomes visible again when its "
                            + "visibility timeout runs out", cause);
                });
    }
}
