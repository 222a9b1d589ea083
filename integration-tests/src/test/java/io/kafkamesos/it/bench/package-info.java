/**
 * Benchmarks: programs with {@code main} that start real clusters on mesos-local and print figures as
 * markdown (for BENCHMARKS.md); they never fail on a number and {@code mvn verify} does not run them.
 * Run both, after building the modules they start ({@code mvn -B install -DskipTests}):
 * <pre>
 * mvn -B -pl integration-tests -Pbench verify
 * </pre>
 * The {@code bench} profile skips the ITs, adds kafka-tools 2.4.1 (for Kafka's own
 * {@code ProducerPerformance}) and runs {@link io.kafkamesos.it.bench.ClusterStartupBenchmark} and
 * {@link io.kafkamesos.it.bench.TopicApiBenchmark}, each in its own JVM on the test classpath.
 */
package io.kafkamesos.it.bench;
