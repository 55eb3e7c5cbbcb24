package io.sqsmega.spring;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Turns a destination into an SQS queue URL: a logical name from {@code mega.queues.*}, a queue
 * URL, a queue ARN or a queue name. Lookups are cached; a failed lookup is not, so a queue created
 * later is found.
 */
public final class QueueResolver {

    private final SqsAsyncClient sqs;
    private final Map<String, QueueDefinition> logicalQueues;
    private final Map<String, CompletableFuture<String>> urls = new ConcurrentHashMap<>();

    /**
     * A configured queue.
     *
     * @param name the SQS queue name, or {@code null} to use the logical name
     * @param url the queue URL (wins over the name), or {@code null}
     * @param createIfMissing create the queue when it does not exist (FIFO when the name ends in .fifo)
     */
    public record QueueDefinition(String name, String url, boolean createIfMissing) {
    }

    /**
     * @param sqs the client
     * @param logicalQueues logical name to definition
     */
    public QueueResolver(SqsAsyncClient sqs, Map<String, QueueDefinition> logicalQueues) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.logicalQueues = Map.copyOf(logicalQueues);
    }

    /**
     * @param destination a logical name, queue URL, queue ARN or queue name
     * @return the queue URL; fails with a {@link MegaPublishException} that says how to fix it
     */
    public CompletableFuture<String> resolve(String destination) {
        Objects.requireNonNull(destination, "destination");
        CompletableFuture<String> cached = urls.get(destination);
        if (cached != null && !cached.isCompletedExceptionally()) {
            return cached;
        }
        CompletableFuture<String> lookup = lookup(destination);
        urls.put(destination, lookup);
        lookup.whenComplete((url, failure) -> {
            if (failure != null) {
                urls.remove(destination, lookup);
            }
        });
        return lookup;
    }

    private CompletableFuture<String> lookup(String destination) {
        QueueDefinition logical = logicalQueues.get(destination);
        if (logical != null) {
            if (logical.url() != null && !logical.url().isBlank()) {
                return CompletableFuture.completedFuture(logical.url());
            }
            String name = logical.name() != null && !logical.name().isBlank() ? logical.name() : destination;
            return logical.createIfMissing() ? create(name) : byName(name, null, destination);
        }
        if (destination.startsWith("https://") || destination.startsWith("http://")) {
            return CompletableFuture.completedFuture(destination);
        }
        if (destination.startsWith("arn:")) {
            String[] parts = destination.split(":", 6);
            if (parts.length == 6 && parts[2].equals("sqs")) {
                return byName(parts[5], parts[4], destination);
            }
            return CompletableFuture.failedFuture(new MegaPublishException("Destination '" + destination
                    + "' is not an SQS queue ARN; SNS topics are not supported by this version of MegaTemplate yet", null));
        }
        return byName(destination, null, destination);
    }

    private CompletableFuture<String> byName(String name, String account, String destination) {
        return sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(account))
                .thenApply(response -> response.queueUrl())
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof QueueDoesNotExistException) {
                        throw new MegaPublishException("SQS queue '" + name + "' does not exist (destination '"
                                + destination + "'). Create it, point mega.queues." + destination
                                + ".name or .url at an existing queue, or set mega.queues." + destination
                                + ".create-if-missing=true", cause);
                    }
                    throw new MegaPublishException("Cannot look up SQS queue '" + name + "' (destination '" + destination
                            + "'): " + cause.getMessage() + ". Check the SQS endpoint, region and credentials "
                            + "(spring.cloud.aws.*)", cause);
                });
    }

    private CompletableFuture<String> create(String name) {
        return sqs.createQueue(b -> {
            b.queueName(name);
            if (name.endsWith(".fifo")) {
                b.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
            }
        }).thenApply(response -> response.queueUrl());
    }
}
