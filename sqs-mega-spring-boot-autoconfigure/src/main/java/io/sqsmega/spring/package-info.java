/**
 * The Spring side of SQS MEGA: {@link io.sqsmega.spring.MegaTemplate} publishes MEGA events, data
 * objects, text and binary to SQS queues.
 */
package io.sqsmega.spring;
