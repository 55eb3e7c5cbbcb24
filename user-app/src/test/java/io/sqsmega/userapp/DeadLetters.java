package io.sqsmega.userapp;

import static org.awaitility.Awaitility.await;

import io.sqsmega.test.EmbeddedSqs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads a dead-letter queue of the embedded SQS as an operator would, for these tests. */
final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * @param deadLetterQueue the DLQ's name
     * @param originalMessageId the id the message had on its source queue
     * @return its dead letter, with every attribute, once it is there (within 20 s)
     */
    static Message awaitLetter(String deadLetterQueue, String originalMessageId) {
        return awaitLetter(deadLetterQueue, letter -> isOf(letter, originalMessageId));
    }

    /**
     * @param deadLetterQueue the DLQ's name
     * @param which tells the letter (e.g. by its body, when its attributes left no room for the original id)
     * @return the first letter it tells, with every attribute, once it is there (within 20 s)
     */
    static Message awaitLetter(String deadLetterQueue, java.util.function.Predicate<Message> which) {
        String url = EmbeddedSqs.shared().queueUrl(deadLetterQueue);
        List<Message> dead = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dead.addAll(EmbeddedSqs.shared().client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages());
            return dead.stream().anyMatch(which);
        });
        return dead.stream().filter(which).findFirst().orElseThrow();
    }

    private static boolean isOf(Message letter, String originalMessageId) {
        var original = letter.messageAttributes().get("mega-original-message-id");
        return original != null && originalMessageId.equals(original.stringValue());
    }
}
