package io.sqsmega.sample;

import io.sqsmega.spring.autoconfigure.MegaProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SQS MEGA sample: publishes a realistic mix of messages to two queues and handles them with
 * {@code @MegaListener}s, on an embedded SQS unless a profile says otherwise ({@code localstack},
 * {@code aws}; see {@code application.yml}).
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /**
     * Starts the sample.
     *
     * @param args Spring Boot arguments, e.g. {@code --sample.exit-when-done=true}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    SampleLedger sampleLedger() {
        return new SampleLedger();
    }

    /** Created before the listener containers start, which look the queues up. */
    @Bean
    SampleQueues sampleQueues(SqsAsyncClient sqs, MegaProperties mega, SampleProperties sample) {
        return SampleQueues.provision(sqs, queueName(mega, "orders"), queueName(mega, "inbox"), sample.createQueues());
    }

    @Bean
    SampleRun sampleRun(SampleTraffic traffic, SampleLedger ledger, SampleQueues queues, SqsAsyncClient sqs,
            SampleProperties properties) {
        return new SampleRun(traffic, ledger, new DeadLetterWatch(sqs, queues.ordersDeadLettersUrl(), ledger), properties);
    }

    private static String queueName(MegaProperties mega, String logical) {
        MegaProperties.Queue queue = mega.queues().get(logical);
        return queue == null || queue.name() == null ? logical : queue.name();
    }
}
