package io.kafkamesos.scheduler.observability;

/**
 * Reads the cluster's state from where Kafka keeps it. Implementations never throw: a failure is a
 * {@link ClusterState} whose {@code error} says why.
 */
@FunctionalInterface
public interface ClusterReader {

  ClusterState read();
}
