/**
 * Spring Boot test support: {@link io.sqsmega.test.spring.EmbeddedSqsTest} points a
 * {@code @SpringBootTest} at the embedded SQS server and creates its queues.
 */
package io.sqsmega.test.spring;
