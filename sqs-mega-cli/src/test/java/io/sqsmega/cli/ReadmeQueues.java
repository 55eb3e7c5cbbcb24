package io.sqsmega.cli;

import io.sqsmega.dispatch.DeadLetterAttributes;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What the README's CLI examples find on their SQS: a queue {@code orders} whose listener
 * container dead-lettered three messages to {@code orders-dlq}, with the attributes a container adds,
 * and an empty {@code orders-archive}.
 */
final class ReadmeQueues {

    static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    private ReadmeQueues() {
    }

    static void create() {
        SQS.createQueue(QueueSpec.standard("orders").withDeadLetterQueue(3));
        SQS.createQueue(QueueSpec.standard("orders-archive"));
        String dlq = SQS.queueUrl("orders-dlq");
        deadLetter(dlq, "{\"sku\":\"A-1\",\"quantity\":2}", "data+json", "fatal", "TimeoutException: inventory timed out");
        deadLetter(dlq, "{\"sku\":\"B-7\",\"quantity\":0}", "data+json", "fatal", "IllegalArgumentException: unknown sku B-7");
        deadLetter(dlq, "{\"sku\":", "data+json", "invalid", "invalid data payload: the body is not JSON");
    }

    private static void deadLetter(String dlq, String body, String payload, String failure, String reason) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("mega-payload", text(payload));
        attributes.put(DeadLetterAttributes.FAILURE, text(failure));
        attributes.put(DeadLetterAttributes.REASON, text(reason));
        if (failure.equals("fatal")) {
            attributes.put(DeadLetterAttributes.LISTENERS, text("OrderListener.onOrder"));
        }
        attributes.put(DeadLetterAttributes.SOURCE_QUEUE, text("orders"));
        attributes.put(DeadLetterAttributes.ORIGINAL_ID, text("1d2b9a4e-5c41-4a43-9a8e-3f6b2f1e7c10"));
        SQS.client().sendMessage(b -> b.queueUrl(dlq).messageBody(body).messageAttributes(attributes));
        // Commands show a batch oldest first: each message gets a sent time (in ms) of its own.
        long sent = System.currentTimeMillis();
        while (System.currentTimeMillis() <= sent + 1) {
            Thread.onSpinWait();
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
