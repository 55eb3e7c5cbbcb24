package io.sqsmega.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @SpringBootTest} against the JVM's {@link io.sqsmega.test.EmbeddedSqs}: no Docker,
 * no AWS account. Spring Cloud AWS's SQS client is pointed at the embedded server (endpoint,
 * region, dummy credentials) and the queues of {@code mega.queues.*} (their {@code name}, or the
 * logical name) plus those listed here are created before the context starts, so the
 * application's own {@code @MegaListener}s and {@code MegaTemplate} work as in production.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "mega.queues.orders.name=orders")
 * @EmbeddedSqsTest(deadLetterQueues = "orders")
 * class OrdersListenerTest { ... }
 * }</pre>
 *
 * <p>With {@code faults = true} the application reaches the embedded server through an
 * {@link io.sqsmega.test.SqsFaultInjector} of its own, which the test can autowire to make SQS fail
 * under the application:
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedSqsTest(faults = true)
 * class OrdersUnderFaultsTest {
 *     @Autowired SqsFaultInjector faults;
 *
 *     @Test
 *     void survivesAnOutageOfDeletes() {
 *         faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(Duration.ofSeconds(3)));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code s3 = true} it runs against an in-JVM S3 as well, for large payloads:
 *
 * <pre>{@code
 * @SpringBootTest(properties = "spring.cloud.aws.sqs.extended.bucket=payloads")
 * @EmbeddedSqsTest(s3 = true)
 * class LargeOrdersTest { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedSqsTest {

    /**
     * @return more queue names to create (a name ending in {@code .fifo} makes a FIFO queue)
     */
    String[] queues() default {};

    /**
     * @return queues (SQS names) that get a dead-letter queue {@code <name>-dlq}
     */
    String[] deadLetterQueues() default {};

    /**
     * @return receives before a message moves to the dead-letter queue
     */
    int maxReceiveCount() default 3;

    /**
     * @return whether the application reaches SQS through an {@link io.sqsmega.test.SqsFaultInjector}
     *         (a bean of the test's context, closed with it), for injecting faults
     */
    boolean faults() default false;

    /**
     * @return whether the application also gets an in-JVM S3 ({@link io.sqsmega.test.EmbeddedS3}, needs
     *         {@code org.gaul:s3proxy} on the test classpath): {@code spring.cloud.aws.s3.endpoint} points
     *         at it with path-style access, and the buckets of {@code mega.s3.bucket},
     *         {@code mega.s3.allowed-buckets}, {@code spring.cloud.aws.sqs.extended.bucket} and
     *         {@link #buckets()} are created
     */
    boolean s3() default false;

    /**
     * @return more S3 buckets to create (with {@link #s3()})
     */
    String[] buckets() default {};
}
