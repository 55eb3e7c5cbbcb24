package io.sqsmega.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class FauxqsTest {

    @BeforeAll
    static void needsNode() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @Test
    void fansOutFromATopicToASubscribedQueueOnLoopback() {
        Fauxqs fauxqs = Fauxqs.shared();
        assertThat(fauxqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        try (SnsClient sns = fauxqs.newSnsClient(); SqsClient sqs = fauxqs.newSqsClient()) {
            String topic = sns.createTopic(b -> b.name("fauxqs-check")).topicArn();
            String queue = sqs.createQueue(b -> b.queueName("fauxqs-check")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", "true")));
            sns.publish(b -> b.topicArn(topic).message("hello"));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages())
                    .extracting(m -> m.body()).containsExactly("hello");
        }
    }
}
