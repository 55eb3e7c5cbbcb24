package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Whoever can send to a queue chooses the bodies: one past the match budget, or with a number no
 * double holds, goes to the DLQ with its reason, and the queue's other messages are handled.
 */
@SpringBootTest(properties = {"mega.queues.untrusted.name=user-untrusted", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(deadLetterQueues = "user-untrusted")
class UntrustedMessagesTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Pairs {
        final List<Map<String, Object>> handled = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "untrusted", match = "data.a[*] == data.b[*]")
        void onPair(Map<String, Object> data) {
            handled.add(data);
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    Pairs pairs;

    @Test
    void aMessageOverTheMatchBudgetOrBeyondADoubleIsDeadLetteredWithItsReasonAndTheRestAreHandled() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        // 200 x 200 values make 40,000 combinations, past the 1,024 a comparison may try.
        String heavy = mega.publish("untrusted", Map.of("a", Collections.nCopies(200, 1), "b", Collections.nCopies(200, 2)));
        String huge = sqs.client().sendMessage(b -> b.queueUrl(sqs.queueUrl("user-untrusted")).messageBody("{\"a\":[1e400]}"))
                .messageId();
        mega.publish("untrusted", Map.of("a", List.of(1, 2), "b", List.of(2, 3)));

        await().atMost(Duration.ofSeconds(20)).until(() -> pairs.handled.size() == 1);
        String dlq = sqs.queueUrl("user-untrusted-dlq");
        List<Message> dead = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dead.addAll(sqs.client().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages());
            return dead.size() >= 2;
        });
        Map<String, String> reasons = new java.util.HashMap<>();
        dead.forEach(m -> reasons.put(m.messageAttributes().get("mega-original-message-id").stringValue(),
                m.messageAttributes().get("mega-failure").stringValue() + ": "
                        + m.messageAttributes().get("mega-failure-reason").stringValue()));
        assertThat(reasons.get(heavy)).startsWith("invalid: over the match budget: ").contains("1,024");
        assertThat(reasons.get(huge)).isEqualTo("invalid: the body exceeds a JSON reader limit: the number 1e400 is "
                + "beyond the range of a double (about 1.8e308)");
    }
}
