/**
 * JMH benchmarks of SQS MEGA's hot paths. Build with {@code ./mvnw -pl benchmarks -am package
 * -DskipTests}, run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.sqsmega.benchmarks;
