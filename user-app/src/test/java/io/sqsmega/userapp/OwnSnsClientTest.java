package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
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
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sns.SnsAsyncClient;

/** An application that declares its own SnsAsyncClient starts, and MegaTemplate publishes with it. */
@SpringBootTest
class OwnSnsClientTest {

    @BeforeAll
    static void needsFauxqs() {
        assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
    }

    @DynamicPropertySource
    static void fauxqs(DynamicPropertyRegistry registry) {
        FauxqsTopics.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class OwnClient {
        final List<String> read = new CopyOnWriteArrayList<>();

        @Bean
        SnsAsyncClient snsAsyncClient() {
            return Fauxqs.shared().newSnsAsyncClient();
        }

        @MegaListener(queue = "news-reader")
        void onNews(MegaEvent event) {
            read.add(event.name());
        }
    }

    @Autowired
    MegaTemplate mega;

    @Autowired
    OwnClient own;

    @Test
    void theApplicationStartsAndPublishesWithTheUsersClient() {
        mega.publish("news", MegaEvent.builder().name("own.client").timestamp(Instant.now()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> own.read.size() == 1);
        assertThat(own.read).containsExactly("own.client");
    }
}
