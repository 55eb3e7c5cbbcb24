package io.sqsmega.spring.offload;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Reaches the client inside AWS's extended client ({@code AmazonSQSExtendedAsyncClient}), which
 * Spring Cloud AWS makes the application's {@code SqsAsyncClient} when
 * {@code spring.cloud.aws.sqs.extended.bucket} is set. SQS MEGA receives, dead-letters and publishes
 * through the client inside and handles S3 itself ({@link LargePayloads}): the extended client
 * deletes an offloaded body with its message, so a dead letter would point at nothing; it fails a
 * whole receive when one body is missing; it reads any bucket, unbounded; and it refuses sends with
 * more than 9 attributes. It offers no accessor for the client it wraps, so this reads its field.
 */
public final class ExtendedClients {

    private static final Logger LOG = LoggerFactory.getLogger(ExtendedClients.class);

    /** AWS's extended async client. */
    public static final String EXTENDED_CLIENT = "com.amazon.sqs.javamessaging.AmazonSQSExtendedAsyncClient";

    private ExtendedClients() {
    }

    /**
     * @param sqs the application's client
     * @return the client AWS's extended client wraps, or {@code sqs} itself when it is not one
     */
    public static SqsAsyncClient plain(SqsAsyncClient sqs) {
        if (!sqs.getClass().getName().equals(EXTENDED_CLIENT)) {
            return sqs;
        }
        for (Class<?> type = sqs.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field wrapped = type.getDeclaredField("amazonSqsToBeExtended");
                wrapped.setAccessible(true);
                return (SqsAsyncClient) wrapped.get(sqs);
            }
            catch (NoSuchFieldException ex) {
                // Declared by a superclass.
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                break;
            }
        }
        LOG.warn("The SqsAsyncClient is AWS's extended client, and SQS MEGA could not reach the client inside it: "
                + "offloaded bodies are read by the extended client, which deletes them with their messages, so a "
                + "dead-lettered offloaded message points at a deleted object. Define your own plain SqsAsyncClient "
                + "bean to avoid this");
        return sqs;
    }
}
