package io.kafkamesos.scheduler.observability;

import io.kafkamesos.scheduler.topic.PartitionHealth;
import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What Kafka's ZooKeeper said about the cluster at one moment.
 *
 * @param registered the ids of the brokers registered ({@code /brokers/ids})
 * @param controller the active controller's broker id, -1 when there is none
 * @param partitions every partition with its replicas, leader and ISR
 * @param error why ZooKeeper could not be read, if it could not (then the rest is empty)
 * @param readAt when it was read
 */
public record ClusterState(SortedSet<Integer> registered, int controller,
    List<PartitionStatus> partitions, Optional<String> error, Instant readAt) {

  public ClusterState {
    registered = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(registered));
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(error);
    Objects.requireNonNull(readAt);
  }

  /** ZooKeeper could not be read. */
  public static ClusterState unreadable(String why, Instant at) {
    return new ClusterState(new TreeSet<>(), -1, List.of(), Optional.of(why), at);
  }

  public static ClusterState of(Set<Integer> registered, int controller,
      List<PartitionStatus> partitions, Instant at) {
    return new ClusterState(new TreeSet<>(registered), controller, partitions, Optional.empty(), at);
  }

  /** Partitions with fewer in-sync replicas than replicas. */
  public List<PartitionStatus> underReplicated() {
    return PartitionHealth.underReplicated(partitions);
  }

  /** Partitions without a leader, or whose leader is not registered: nobody can use them. */
  public List<PartitionStatus> offline() {
    return PartitionHealth.unavailable(partitions, registered);
  }
}
