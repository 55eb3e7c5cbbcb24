package io.sqsmega.spring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Changes the visibility of a queue's messages with {@code ChangeMessageVisibilityBatch}, ten
 * entries a request: heartbeat renewals, retry backoffs and releases (visibility 0) all go
 * through here. Entry ids are positions in the request, so the same message twice (SQS may
 * deliver a message again before its first copy is settled) never makes a request invalid.
 * The returned futures never fail: a change that did not happen is logged with the message ids,
 * and the message then simply keeps the visibility it had.
 */
final class VisibilityChanges {

    /** Entries per ChangeMessageVisibilityBatch request (the SQS limit). */
    static final int MAX_BATCH_ENTRIES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityChanges.class);

    private final SqsAsyncClient sqs;
    private final String queue;
    private final String queueUrl;

    /**
     * One change.
     *
     * @param messageId the message id (for the log)
     * @param receiptHandle the receipt handle of the delivery to change
     * @param seconds the new visibility timeout, from now
     */
    record Change(String messageId, String receiptHandle, int seconds) {
    }

    VisibilityChanges(SqsAsyncClient sqs, String queue, String queueUrl) {
        this.sqs = sqs;
        this.queue = queue;
        this.queueUrl = queueUrl;
    }

    /**
     * Applies the changes, in requests of up to ten sent together.
     *
     * @param changes the changes
     * @param purpose what they are for, as the log should say it ("renew", "retry", "release")
     * @return completes when every request has answered
     */
    CompletableFuture<Void> apply(List<Change> changes, String purpose) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int first = 0; first < changes.size(); first += MAX_BATCH_ENTRIES) {
            requests.add(send(changes.subList(first, Math.min(changes.size(), first + MAX_BATCH_ENTRIES)), purpose));
        }
        return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> send(List<Change> chunk, String purpose) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Change change = chunk.get(i);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(change.receiptHandle()).visibilityTimeout(change.seconds()).build());
        }
        CompletableFuture<Void> sent;
        try {
            sent = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries)).handle((response, failure) -> {
                if (failure != null) {
                    LOG.warn("Could not {} message(s) {} of {}: {}", purpose, ids(chunk), queue, rootMessage(failure));
                    return null;
                }
                for (BatchResultErrorEntry failed : response.failed()) {
                    Change change = chunk.get(Integer.parseInt(failed.id()));
                    // A message settled meanwhile (deleted) cannot be changed: expected, not worth a warning.
                    LOG.debug("Could not {} message {} of {}: {} {}", purpose, change.messageId(), queue, failed.code(),
                            failed.message());
                }
                return null;
            });
        }
        catch (RuntimeException ex) {
            LOG.warn("Could not {} message(s) {} of {}: {}", purpose, ids(chunk), queue, rootMessage(ex));
            sent = CompletableFuture.completedFuture(null);
        }
        return sent;
    }

    private static List<String> ids(List<Change> changes) {
        return changes.stream().map(Change::messageId).toList();
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
