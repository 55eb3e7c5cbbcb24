package io.sqsmega.userapp;

import io.sqsmega.test.Fauxqs;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What a user's SNS test sets up on fauxqs: the application's queues, a topic and a queue
 * subscribed to it, and Spring Cloud AWS's properties pointing at fauxqs.
 */
final class FauxqsTopics {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private FauxqsTopics() {
    }

    /**
     * @param registry the test's dynamic properties
     * @return the topic's ARN
     */
    static String register(DynamicPropertyRegistry registry) {
        Fauxqs fauxqs = Fauxqs.shared();
        int n = SEQUENCE.incrementAndGet();
        String topicArn = fauxqs.subscribeQueue("news-" + n, "news-reader-" + n, false).topicArn();
        try (SqsClient sqs = fauxqs.newSqsClient()) {
            sqs.createQueue(b -> b.queueName("jobs"));
            sqs.createQueue(b -> b.queueName("jobs-done"));
        }
        registry.add("spring.cloud.aws.endpoint", () -> fauxqs.endpoint().toString());
        registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
        registry.add("spring.cloud.aws.credentials.access-key", () -> "x");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "x");
        registry.add("mega.topics.news.name", () -> "news-" + n);
        registry.add("mega.queues.news-reader.name", () -> "news-reader-" + n);
        registry.add("mega.listener.poll-wait", () -> "1s");
        return topicArn;
    }
}
