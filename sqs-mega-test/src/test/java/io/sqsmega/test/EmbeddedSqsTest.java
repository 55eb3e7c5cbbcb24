package io.sqsmega.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

@ExtendWith(EmbeddedSqsExtension.class)
class EmbeddedSqsTest {

    @Test
    void servesSqsOnLoopback(EmbeddedSqs sqs) {
        assertThat(sqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sqs).isSameAs(EmbeddedSqs.shared());
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("plain")));
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        List<Message> messages = sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("hello");
    }

    @Test
    void redrivesToTheDeadLetterQueueAfterMaxReceives(EmbeddedSqs sqs) {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("redrive")).withVisibilityTimeout(Duration.ZERO)
                .withDeadLetterQueue(2);
        String url = sqs.createQueue(spec);
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("poison"));
        for (int receive = 1; receive <= 2; receive++) {
            List<Message> messages = sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo(String.valueOf(receive));
        }
        String dlq = sqs.queueUrl(spec.deadLetterQueueName());
        assertThat(sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
        assertThat(sqs.client().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5)).messages())
                .extracting(Message::body).containsExactly("poison");
    }

    @Test
    void createsFifoQueuesWithTheirSuffix(EmbeddedSqs sqs) {
        QueueSpec spec = QueueSpec.standard(sqs.uniqueName("ordered")).asFifo().withDeadLetterQueue(1);
        String url = sqs.createQueue(spec);
        assertThat(url).endsWith(".fifo");
        assertThat(spec.deadLetterQueueName()).endsWith("-dlq.fifo");
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("1").messageGroupId("g").messageDeduplicationId("d1"));
        assertThat(sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages()).hasSize(1);
    }

    @Test
    void aQueueDeclaredAgainWithOtherAttributesGetsThem(EmbeddedSqs sqs) {
        // As two test classes in one JVM may declare it: without a DLQ, then with one, then without again.
        String name = sqs.uniqueName("redeclared");
        String url = sqs.createQueue(QueueSpec.standard(name));
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("kept"));
        QueueSpec withDlq = QueueSpec.standard(name).withVisibilityTimeout(Duration.ofSeconds(7)).withDeadLetterQueue(4);
        assertThat(sqs.createQueue(withDlq)).isEqualTo(url);
        Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("7");
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains(withDlq.deadLetterQueueName())
                .containsPattern("\"maxReceiveCount\":\"?4\"?");
        assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("messages stay").isEqualTo("1");

        String again = sqs.createQueue(QueueSpec.standard(name));
        assertThat(sqs.client().getQueueAttributes(b -> b.queueUrl(again).attributeNames(QueueAttributeName.ALL))
                .attributes()).doesNotContainKey(QueueAttributeName.REDRIVE_POLICY)
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    }
}
