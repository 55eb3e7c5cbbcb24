package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sqsmega.offload.S3Pointer;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Spring Cloud AWS's {@code spring.cloud.aws.sqs.extended.ignore-payload-not-found=true}, honoured as
 * AWS's extended client honours it: a message whose offloaded body no longer exists is deleted unread
 * (with a WARN and {@code sqs.mega.deleted{reason=payload_not_found}}), not dead-lettered; a body that
 * exists is read as always.
 */
@SpringBootTest(properties = {"spring.cloud.aws.sqs.extended.bucket=ignoring-payloads",
        "spring.cloud.aws.sqs.extended.ignore-payload-not-found=true", "mega.queues.notes.name=ignoring-notes",
        "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(s3 = true, deadLetterQueues = "ignoring-notes")
class IgnoredMissingPayloadTest {

    record Note(String id) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Notes {
        final List<Note> read = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @MegaListener(queue = "notes")
        void onNote(Note note) {
            read.add(note);
        }
    }

    @Autowired
    Notes notes;

    @Autowired
    MeterRegistry meters;

    @Test
    void aMessageWhoseBodyIsGoneIsDeletedUnreadAndCounted() {
        String url = EmbeddedSqs.shared().queueUrl("ignoring-notes");
        EmbeddedSqs.shared().client().sendMessage(b -> b.queueUrl(url)
                .messageBody(new S3Pointer("ignoring-payloads", "gone").toBody())
                .messageAttributes(Map.of("ExtendedPayloadSize", MessageAttributeValue.builder().dataType("Number")
                        .stringValue("20").build())));

        await().atMost(Duration.ofSeconds(20)).until(() -> meters.find("sqs.mega.deleted")
                .tag("reason", "payload_not_found").counters().stream().mapToDouble(c -> c.count()).sum() == 1);
        assertThat(EmbeddedSqs.shared().isEmpty(url)).isTrue();
        assertThat(EmbeddedSqs.shared().visibleMessages(EmbeddedSqs.shared().queueUrl("ignoring-notes-dlq")))
                .as("dead letters").isZero();
        assertThat(notes.read).isEmpty();
    }
}
