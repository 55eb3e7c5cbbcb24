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
 * The returned futures never fail: they complete with the changes that did not happen (the
 * request failed after the SDK's retries, or SQS refused the entry), which are logged with the
 * message ids; such a message keeps the visibility it had. The heartbeat tries those again.
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
     * @return completes when every request has answered, with the changes that failed
     */
    CompletableFuture<List<Change>> apply(List<Change> changes, String purpose) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (changes.size() <= MAX_BATCH_ENTRIES) {
            return send(changes, purpose);
        }
        List<CompletableFuture<List<Change>>> requests = new ArrayList<>();
        for (int first = 0; first < changes.size(); first += MAX_BATCH_ENTRIES) {
            requests.add(send(changes.subList(first, Math.min(changes.size(), first + MAX_BATCH_ENTRIES)), purpose));
        }
        return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Change> failed = new ArrayList<>();
            requests.forEach(request -> failed.addAll(request.join()));
            return failed;
        });
    }

    private CompletableFuture<List<Change>> send(List<Change> chunk, String purpose) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Change change = chunk.get(i);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(change.receiptHandle()).visibilityTimeout(change.seconds()).build());
        }
        List<Change> all = List.copyOf(chunk);
        CompletableFuture<List<Change>> sent;
        try {
            sent = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries)).handle((response, failure) -> {
                if (failure != null) {
                    LOG.warn("Could not {} message(s) {} of {}: {}", purpose, ids(all), queue, rootMessage(failure));
                    return all;
                }
                if (response.failed().isEmpty()) {
                    return List.of();
                }
                List<Change> refused = new ArrayList<>(response.failed().size());
                for (BatchResultErrorEntry failed : response.failed()) {
                    Change change = all.get(Integer.parseInt(failed.id()));
                    refused.add(change);
                    // A message settled meanwhile (deleted) cannot be changed: expected, so not a warning here;
                    // the heartbeat says so when a message it still keeps lapses.
                    LOG.debug("Could not {} message {} of {}: {} {}", purpose, change.messageId(), queue, failed.code(),
                            failed.message());
                }
                return refused;
            });
        }
        catch (RuntimeException ex) {
            LOG.warn("Could not {} message(s) {} of {}: {}", purpose, ids(all), queue, rootMessage(ex));
            sent = CompletableFuture.completedFuture(all);
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
