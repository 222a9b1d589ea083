package io.kafkamesos.scheduler.observability;

import io.kafkamesos.scheduler.kafka.ClusterSnapshot;
import io.kafkamesos.scheduler.kafka.PartitionHealth;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What Kafka said about the cluster at one moment, for the health checks, gauges and status page.
 *
 * @param registered the ids of the live brokers (registered in ZooKeeper, or in KRaft's metadata)
 * @param controller the active controller's broker id, -1 when there is none
 * @param partitions every partition with its replicas, leader and ISR
 * @param underReplicated the partitions with fewer in-sync replicas than replicas
 * @param offline the partitions without a leader, or whose leader is not live: nobody can use them
 * @param error why Kafka could not be read, if it could not (then the rest may be old or empty)
 * @param readAt when it was read
 */
public record ClusterState(SortedSet<Integer> registered, int controller,
    List<PartitionStatus> partitions, List<PartitionStatus> underReplicated,
    List<PartitionStatus> offline, Optional<String> error, Instant readAt) {

  public ClusterState {
    registered = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(registered));
    partitions = List.copyOf(partitions);
    underReplicated = List.copyOf(underReplicated);
    offline = List.copyOf(offline);
    Objects.requireNonNull(error);
    Objects.requireNonNull(readAt);
  }

  /** Kafka could not be read. */
  public static ClusterState unreadable(String why, Instant at) {
    return new ClusterState(new TreeSet<>(), -1, List.of(), List.of(), List.of(), Optional.of(why), at);
  }

  public static ClusterState of(Set<Integer> registered, int controller,
      List<PartitionStatus> partitions, Instant at) {
    return new ClusterState(new TreeSet<>(registered), controller, partitions,
        PartitionHealth.underReplicated(partitions), PartitionHealth.unavailable(partitions, registered),
        Optional.empty(), at);
  }

  /**
   * The shared view's snapshot as a state (its partition lists are the snapshot's, computed once).
   * A snapshot with an error counts as unreadable, as a failed read did before.
   */
  public static ClusterState of(ClusterSnapshot snapshot) {
    if (snapshot.error().isPresent()) {
      return unreadable(snapshot.error().get(), snapshot.readAt());
    }
    return new ClusterState(snapshot.brokerIds(), snapshot.controller(), snapshot.partitions(),
        snapshot.underReplicated(), snapshot.unavailable(), Optional.empty(), snapshot.readAt());
  }
}
