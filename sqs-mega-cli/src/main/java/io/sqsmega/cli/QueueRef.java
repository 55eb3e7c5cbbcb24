package io.sqsmega.cli;

import io.sqsmega.json.MegaJson;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A queue named on the command line (by name or URL), with the attributes the commands need.
 *
 * @param url the queue URL
 * @param name the queue name (the URL's last segment)
 * @param attributes every queue attribute
 */
record QueueRef(String url, String name, Map<QueueAttributeName, String> attributes) {

    /**
     * Finds a queue and reads its attributes.
     *
     * @param sqs the client
     * @param nameOrUrl what the user typed
     * @param aws the options, for the error message
     * @return the queue
     * @throws CliException when there is no such queue
     */
    static QueueRef resolve(SqsClient sqs, String nameOrUrl, AwsOptions aws) {
        try {
            String url = nameOrUrl.startsWith("https://") || nameOrUrl.startsWith("http://") ? nameOrUrl
                    : sqs.getQueueUrl(b -> b.queueName(nameOrUrl)).queueUrl();
            return of(sqs, url);
        }
        catch (QueueDoesNotExistException ex) {
            throw new CliException("Queue '" + nameOrUrl + "' does not exist" + aws.where()
                    + ". 'sqs-mega queues' lists the queues these settings can see.");
        }
    }

    /** The queue at a URL known to exist. */
    static QueueRef of(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        return new QueueRef(url, url.substring(url.lastIndexOf('/') + 1), attributes);
    }

    boolean fifo() {
        return name.endsWith(".fifo");
    }

    String arn() {
        return attributes.get(QueueAttributeName.QUEUE_ARN);
    }

    long count(QueueAttributeName attribute) {
        String value = attributes.get(attribute);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** @return the dead-letter queue's ARN from the RedrivePolicy, or {@code null} */
    String deadLetterArn() {
        Object arn = redrivePolicy().get("deadLetterTargetArn");
        return arn == null ? null : arn.toString();
    }

    /** @return the RedrivePolicy's maxReceiveCount, or 0 when the queue has none */
    int maxReceiveCount() {
        Object count = redrivePolicy().get("maxReceiveCount");
        return count == null ? 0 : Integer.parseInt(count.toString());
    }

    private Map<?, ?> redrivePolicy() {
        String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            return Map.of();
        }
        try {
            return MegaJson.mapper().readValue(policy, Map.class);
        }
        catch (IOException ex) {
            return Map.of();
        }
    }

    /** @return the name in an SQS ARN ({@code arn:aws:sqs:region:account:name}) */
    static String nameOfArn(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
    }
}
