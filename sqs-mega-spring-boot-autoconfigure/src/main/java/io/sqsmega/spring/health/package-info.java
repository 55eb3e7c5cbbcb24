/**
 * Actuator health for SQS MEGA: whether every listener container is consuming its queue.
 */
package io.sqsmega.spring.health;
