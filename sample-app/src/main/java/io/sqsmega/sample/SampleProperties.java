package io.sqsmega.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings, under {@code sample}.
 *
 * @param embeddedSqs start an ElasticMQ server in this JVM and point the SQS client at it (the
 *        default profile); {@code false} in the {@code localstack} and {@code aws} profiles
 * @param createQueues create the sample's queues (the orders queue with its DLQ and redrive
 *        policy, the inbox queue) at startup when they do not exist
 * @param exitWhenDone exit after the summary: 0 when every expected message was handled as
 *        expected, 1 otherwise
 * @param timeout how long to wait for the expected outcomes before summing up
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("true") boolean embeddedSqs, @DefaultValue("true") boolean createQueues,
        @DefaultValue("false") boolean exitWhenDone, @DefaultValue("60s") Duration timeout) {
}
