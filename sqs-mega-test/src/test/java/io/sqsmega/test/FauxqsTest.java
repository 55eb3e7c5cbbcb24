package io.sqsmega.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** Started in a JVM of its own, in a folder outside this repository, as a user's build would. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(Fauxqs.isAvailable() ? "started at " + Fauxqs.shared().endpoint() : Fauxqs.unavailableReason());
        }
    }

    @Test
    void startsFromAnyWorkingDirectoryWithWhatItsJarCarries(@TempDir Path elsewhere) throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName()).directory(elsewhere.toFile())
                .redirectErrorStream(true).start();
        String printed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).contains("started at http://127.0.0.1:");
    }
}
