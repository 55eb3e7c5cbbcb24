package io.sqsmega.sample;

import io.sqsmega.test.EmbeddedSqs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The default profile's SQS: an ElasticMQ server in this JVM on 127.0.0.1 and a free port, and the
 * SQS client Spring Cloud AWS and SQS MEGA use pointed at it. Spring Cloud AWS backs off its own
 * client when this one exists; with {@code sample.embedded-sqs=false} it configures the client from
 * {@code spring.cloud.aws.*} as for any service.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.embedded-sqs", havingValue = "true", matchIfMissing = true)
class EmbeddedSqsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqsConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedSqs embeddedSqs() {
        EmbeddedSqs sqs = EmbeddedSqs.start();
        log.info("Embedded SQS (ElasticMQ) listening on {}", sqs.endpoint());
        return sqs;
    }

    @Bean
    SqsAsyncClient sqsAsyncClient(EmbeddedSqs embeddedSqs) {
        return embeddedSqs.newAsyncClient();
    }
}
