/**
 * What SQS MEGA counts and times ({@code sqs.mega.*}), and its Micrometer implementation.
 */
package io.sqsmega.spring.metrics;
