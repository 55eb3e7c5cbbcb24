/**
 * Test support: {@link io.sqsmega.test.EmbeddedSqs}, an ElasticMQ server on loopback shared by a
 * test JVM, and {@link io.sqsmega.test.EmbeddedSqsExtension} to inject it into JUnit 5 tests.
 */
package io.sqsmega.test;
