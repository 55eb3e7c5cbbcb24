package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedAsyncClient;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * AWS's extended client library on the classpath (this module has it, as a user adding large
 * payloads would) and no {@code spring.cloud.aws.sqs.extended.bucket} yet: Spring Cloud AWS 4.1.0
 * alone defines no {@code SqsAsyncClient} then, and the application would not start; with the
 * starter it gets a plain client, and both templates work.
 */
@SpringBootTest(properties = "mega.queues.plain.name=plain-client")
@EmbeddedSqsTest
class ExtendedClientWithoutBucketTest {

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    SqsTemplate sqsTemplate;

    @Autowired
    MegaTemplate mega;

    @Test
    void theApplicationStartsWithAPlainClientAndBothTemplatesSend() {
        assertThat(sqs).isNotInstanceOf(AmazonSQSExtendedAsyncClient.class);
        assertThat(mega.publish("plain-client", Map.of("a", 1))).isNotNull();
        assertThat(sqsTemplate.send("plain-client", "from SqsTemplate").messageId()).isNotNull();
    }
}
