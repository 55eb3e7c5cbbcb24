package io.sqsmega.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The SQS requests the commands make, each batched ten messages at a time (requests are what AWS
 * bills). Receiving always asks for every attribute: the commands print or keep them.
 */
final class SqsMessages {

    private final SqsClient sqs;

    SqsMessages(SqsClient sqs) {
        this.sqs = sqs;
    }

    /**
     * Receives up to ten messages and hides them for {@code hold}.
     *
     * @param url the queue
     * @param max at most this many (1-10)
     * @param hold how long they stay invisible to others
     * @param wait how long to wait for a first message (long polling; 0 to 20 s)
     * @return the messages
     */
    List<Message> receive(String url, int max, Duration hold, Duration wait) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .visibilityTimeout((int) hold.toSeconds()).waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        if (url.endsWith(".fifo")) {
            return messages;
        }
        // A standard queue returns a batch in no particular order: shown oldest first (FIFO batches are in order).
        List<Message> sorted = new ArrayList<>(messages);
        sorted.sort(java.util.Comparator.comparingLong(message -> Long.parseLong(
                message.attributes().getOrDefault(MessageSystemAttributeName.SENT_TIMESTAMP, "0"))));
        return sorted;
    }

    /** Makes messages visible again at once (visibility 0). */
    void release(String url, List<Message> messages) {
        for (List<Message> batch : batches(messages, message -> 0)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            // A failed entry means its receipt handle expired: the message is visible already.
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
        }
    }

    /**
     * Deletes messages.
     *
     * @return the ids of the messages that could not be deleted, with SQS's reason
     */
    Map<String, String> delete(String url, List<Message> messages) {
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (List<Message> batch : batches(messages, message -> 0)) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build());
            }
            for (BatchResultErrorEntry error : sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).failed()) {
                failed.put(batch.get(Integer.parseInt(error.id())).messageId(), error.message());
            }
        }
        return failed;
    }

    /** One message to send. */
    record Outgoing(String body, Map<String, MessageAttributeValue> attributes, String groupId,
            String deduplicationId, Integer delaySeconds) {
    }

    /**
     * Sends messages in batches, in order (a FIFO group's order is the list's).
     *
     * @return for each message in order, its new message id, or {@code null} when it was not sent
     *         (then {@code errors} has SQS's reason at the same index)
     */
    List<String> send(String url, List<Outgoing> messages, List<String> errors) {
        List<String> ids = new ArrayList<>();
        for (List<Outgoing> batch : batches(messages, SqsMessages::size)) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Outgoing message = batch.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(message.body())
                        .messageAttributes(message.attributes()).messageGroupId(message.groupId())
                        .messageDeduplicationId(message.deduplicationId()).delaySeconds(message.delaySeconds()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            BatchOutcome outcome = new BatchOutcome(batch.size());
            response.successful().forEach(ok -> outcome.sent(ok.id(), ok.messageId()));
            response.failed().forEach(error -> outcome.failed(error.id(), error.code() + ": " + error.message()));
            outcome.addTo(ids, errors);
        }
        return ids;
    }

    /** What one batch request answered, entry by entry (entry ids are the positions in the batch). */
    static final class BatchOutcome {
        private final String[] ids;
        private final String[] errors;

        BatchOutcome(int size) {
            ids = new String[size];
            errors = new String[size];
        }

        void sent(String entry, String messageId) {
            ids[Integer.parseInt(entry)] = messageId;
        }

        void failed(String entry, String error) {
            errors[Integer.parseInt(entry)] = error;
        }

        /** Appends the new message ids ({@code null} where not sent) and the errors, in entry order. */
        void addTo(List<String> allIds, List<String> allErrors) {
            allIds.addAll(java.util.Arrays.asList(ids));
            allErrors.addAll(java.util.Arrays.asList(errors));
        }
    }

    /**
     * Splits into batches of at most ten that also stay under SQS's (and SNS's) 256 KiB per batch
     * request, each item weighed by {@code size}; the one-message limit is the service's to enforce.
     */
    static <T> List<List<T>> batches(List<T> items, java.util.function.ToLongFunction<T> size) {
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long itemSize = size.applyAsLong(item);
            if (!current.isEmpty() && (current.size() == 10 || bytes + itemSize > 256 * 1024)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += itemSize;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** A message's bytes as SQS counts them toward a batch request's limit. */
    private static long size(Outgoing message) {
        long size = utf8Length(message.body());
        for (Map.Entry<String, MessageAttributeValue> attribute : message.attributes().entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            size += utf8Length(attribute.getKey()) + utf8Length(value.dataType())
                    + (value.stringValue() != null ? utf8Length(value.stringValue()) : 0)
                    + (value.binaryValue() != null ? value.binaryValue().asByteArray().length : 0);
        }
        return size;
    }

    static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
