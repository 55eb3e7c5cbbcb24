package io.sqsmega.spring.listener;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What the listener containers and {@code MegaTemplate.receive} read off an SQS message the same way:
 * its attributes as the decoder and match expressions see them, and its receive count.
 */
public final class SqsMessages {

    private SqsMessages() {
    }

    /**
     * @param message an SQS message
     * @return its String and Number message attributes, as text (binary ones are left out)
     */
    public static Map<String, String> stringAttributes(Message message) {
        Map<String, String> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        return attributes;
    }

    /**
     * @param message an SQS message
     * @return SQS's ApproximateReceiveCount of this delivery, 1 when it is missing or unreadable
     */
    public static int receiveCount(Message message) {
        try {
            return Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    "1"));
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }
}
