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
}
