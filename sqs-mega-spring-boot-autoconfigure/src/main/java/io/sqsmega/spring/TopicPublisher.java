package io.sqsmega.spring;

import io.sqsmega.codec.EncodedBody;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes encoded bodies to SNS topics for {@link MegaTemplate}. An interface so that the
 * template carries no SNS types: the SNS SDK is optional.
 */
public interface TopicPublisher {

    /**
     * @param destination a destination given to {@link MegaTemplate}
     * @return whether it names an SNS topic (a configured logical topic or a topic ARN)
     */
    boolean isTopic(String destination);

    /**
     * @param destination the topic
     * @param body the encoded payload
     * @param options subject, FIFO ids, extra attributes
     * @return the SNS message id
     */
    CompletableFuture<String> publish(String destination, EncodedBody body, PublishOptions options);

    /**
     * @param destination a destination for which {@link #isTopic} is true
     * @return whether it is a FIFO topic (its name ends in {@code .fifo})
     */
    default CompletableFuture<Boolean> isFifo(String destination) {
        return CompletableFuture.completedFuture(destination.endsWith(".fifo"));
    }

    /**
     * @param destination the topic
     * @param bodies the encoded payloads
     * @param options options for every payload
     * @return one entry per body, in order
     */
    CompletableFuture<List<BatchPublishResult.Entry>> publishAll(String destination, List<EncodedBody> bodies,
            PublishOptions options);
}
