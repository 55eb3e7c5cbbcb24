/**
 * Spring Boot auto-configuration of SQS MEGA and its {@code mega.*} properties.
 */
package io.sqsmega.spring.autoconfigure;
