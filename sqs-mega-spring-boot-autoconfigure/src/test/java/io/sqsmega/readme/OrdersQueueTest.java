package io.sqsmega.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.EmbeddedSqsExtension;
import io.sqsmega.test.QueueSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(EmbeddedSqsExtension.class)
class OrdersQueueTest {
    @Test
    void aMessageSentIsReceived(EmbeddedSqs sqs) {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("orders")).withDeadLetterQueue(3));
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        assertThat(sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages())
                .extracting(Message::body).containsExactly("hello");
    }
}
