package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.test.Fauxqs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sns.SnsAsyncClient;

/** SNS with the starter and Spring Cloud AWS's properties alone: topics by logical name and by ARN. */
@SpringBootTest
class SnsPublishTest {

    static String topicArn;

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @DynamicPropertySource
    static void fauxqs(DynamicPropertyRegistry registry) {
        topicArn = FauxqsTopics.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Reader {
        final List<String> read = new CopyOnWriteArrayList<>();

        @MegaListener(queue = "news-reader")
        void onNews(MegaEvent event, MegaMessage message) {
            read.add(event.name() + " from " + message.sns().orElseThrow().topicArn());
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    Reader reader;

    @Autowired
    ApplicationContext context;

    @Test
    void publishesToATopicByLogicalNameAndByArn() {
        assertThat(context.getBeanNamesForType(SnsAsyncClient.class)).as("Spring Cloud AWS makes none").isEmpty();
        mega.publish("news", MegaEvent.builder().name("by.name").timestamp(Instant.now()).build());
        mega.publish(topicArn, MegaEvent.builder().name("by.arn").timestamp(Instant.now()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.read.size() == 2);
        assertThat(reader.read).containsExactlyInAnyOrder("by.name from " + topicArn, "by.arn from " + topicArn);
    }
}
