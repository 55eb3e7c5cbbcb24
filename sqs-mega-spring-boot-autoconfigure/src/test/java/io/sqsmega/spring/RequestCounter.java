package io.sqsmega.spring;

import io.sqsmega.test.EmbeddedSqs;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;

/**
 * Counts the SQS requests a client sends, by operation, as users pay for them, and the most of
 * each that were in flight at once.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger deleteBatchEntries = new AtomicInteger();

    /**
     * @param sqs the embedded server
     * @return a new async client for it that counts through this
     */
    public SqsAsyncClient client(EmbeddedSqs sqs) {
        return SqsAsyncClient.builder().endpointOverride(sqs.endpoint()).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(this)).build();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counter(requests, operation).incrementAndGet();
        counter(mostInFlight, operation).accumulateAndGet(counter(inFlight, operation).incrementAndGet(), Math::max);
        if (context.request() instanceof DeleteMessageBatchRequest batch) {
            deleteBatchEntries.addAndGet(batch.entries().size());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        counter(inFlight, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)).decrementAndGet();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        counter(inFlight, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)).decrementAndGet();
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String operation) {
        return counters.computeIfAbsent(operation, name -> new AtomicInteger());
    }

    /**
     * @param operation e.g. {@code DeleteMessageBatch}
     * @return requests of that operation so far
     */
    public int count(String operation) {
        AtomicInteger count = requests.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * @param operation e.g. {@code ReceiveMessage}
     * @return the most requests of that operation that were in flight at once
     */
    public int mostInFlight(String operation) {
        AtomicInteger most = mostInFlight.get(operation);
        return most == null ? 0 : most.get();
    }

    /** @return messages named by DeleteMessageBatch requests so far */
    public int deleteBatchEntries() {
        return deleteBatchEntries.get();
    }

    @Override
    public String toString() {
        return requests.toString();
    }
}
