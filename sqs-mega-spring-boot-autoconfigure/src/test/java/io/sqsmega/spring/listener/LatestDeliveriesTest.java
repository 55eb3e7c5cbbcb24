package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Path 7 of the faults issue: when SQS delivers a message again before the first delivery's delete
 * was sent, one delete batch holds both; only the latest delivery's receipt handle still deletes.
 * Before the fix the one acknowledged last was kept, whichever delivery it was.
 */
class LatestDeliveriesTest {

    private static final RawMessageConverter CONVERTER = new RawMessageConverter("q");

    @SuppressWarnings("unchecked")
    private static Message<software.amazon.awssdk.services.sqs.model.Message> delivery(String id, int receiveCount) {
        software.amazon.awssdk.services.sqs.model.Message message = software.amazon.awssdk.services.sqs.model.Message
                .builder().messageId(id).receiptHandle(id + "#" + receiveCount).body("x")
                .attributes(java.util.Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        Integer.toString(receiveCount)))
                .build();
        return (Message<software.amazon.awssdk.services.sqs.model.Message>) CONVERTER.toMessagingMessage(message, null);
    }

    private static List<String> handles(List<Message<software.amazon.awssdk.services.sqs.model.Message>> kept) {
        return kept.stream().map(m -> m.getPayload().receiptHandle()).toList();
    }

    @Test
    void keepsTheLatestDeliveryWhateverOrderTheyWereAcknowledgedIn() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        // The second delivery of a was handled first (the first one's listener was slower).
        List<Message<software.amazon.awssdk.services.sqs.model.Message>> acknowledged = List.of(delivery(a, 2),
                delivery(b, 1), delivery(a, 1));
        assertThat(handles(FlushingAcknowledgementProcessor.latestDeliveries(acknowledged, Function.identity())))
                .containsExactlyInAnyOrder(a + "#2", b + "#1");
    }

    @Test
    void keepsABatchWithoutRepeatsAsItIs() {
        List<Message<software.amazon.awssdk.services.sqs.model.Message>> acknowledged = List.of(
                delivery(UUID.randomUUID().toString(), 1), delivery(UUID.randomUUID().toString(), 3));
        assertThat(FlushingAcknowledgementProcessor.latestDeliveries(acknowledged, Function.identity()))
                .isSameAs(acknowledged);
    }
}
