package io.sqsmega.sample;

import io.sqsmega.spring.listener.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Reads the orders DLQ the way an operator would and tells the ledger which of the sample's
 * messages arrived there. SQS MEGA marks what it dead-letters with the {@link DeadLetters}
 * attributes (failure, reason, original message id); messages are left in the DLQ
 * (only hidden for its visibility timeout), as a real one keeps them for inspection or redrive.
 */
final class DeadLetterWatch {

    private final SqsAsyncClient sqs;
    private final String deadLetterUrl;
    private final SampleLedger ledger;

    DeadLetterWatch(SqsAsyncClient sqs, String deadLetterUrl, SampleLedger ledger) {
        this.sqs = sqs;
        this.deadLetterUrl = deadLetterUrl;
        this.ledger = ledger;
    }

    /**
     * Long-polls the DLQ once.
     *
     * @param wait the long-poll wait (whole seconds, 1 to 20)
     */
    void pollOnce(Duration wait) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(deadLetterUrl).maxNumberOfMessages(10)
                .waitTimeSeconds((int) wait.toSeconds()).messageAttributeNames("All")).join().messages();
        for (Message message : messages) {
            Map<String, MessageAttributeValue> attributes = message.messageAttributes();
            String originalId = text(attributes, DeadLetters.ORIGINAL_ID);
            if (originalId != null) {
                ledger.deadLettered(originalId, text(attributes, DeadLetters.FAILURE) + ": "
                        + text(attributes, DeadLetters.REASON));
            }
        }
    }

    private static String text(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue value = attributes.get(name);
        return value == null ? null : value.stringValue();
    }
}
