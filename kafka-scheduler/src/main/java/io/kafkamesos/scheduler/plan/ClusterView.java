package io.kafkamesos.scheduler.plan;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Kafka reports about the cluster at one moment, as the safety rule and the plan need it.
 *
 * @param brokers the broker ids the cluster should have
 * @param registered the broker ids registered in Kafka's ZooKeeper (alive to Kafka)
 * @param controller the active controller's broker id, -1 if none
 * @param partitions every partition with its replicas, in-sync replicas and {@code min.insync.replicas}
 */
public record ClusterView(Set<Integer> brokers, Set<Integer> registered, int controller,
    List<PartitionState> partitions) {

  /**
   * One partition.
   *
   * @param minInsync its topic's {@code min.insync.replicas}, else the broker default
   */
  public record PartitionState(String topic, int partition, List<Integer> replicas, List<Integer> isr,
      int minInsync) {

    public PartitionState {
      Objects.requireNonNull(topic);
      replicas = List.copyOf(replicas);
      isr = List.copyOf(isr);
    }

    public String name() {
      return topic + "-" + partition;
    }

    public boolean underReplicated() {
      return isr.size() < replicas.size();
    }
  }

  public ClusterView {
    brokers = new TreeSet<>(brokers);
    registered = new TreeSet<>(registered);
    partitions = List.copyOf(partitions);
  }

  /** How many partitions have fewer in-sync replicas than replicas. */
  public long underReplicated() {
    return partitions.stream().filter(PartitionState::underReplicated).count();
  }

  /** Partitions that list {@code broker} as a replica but not as in sync. */
  public List<PartitionState> laggingOn(int broker) {
    return partitions.stream()
        .filter(p -> p.replicas().contains(broker) && !p.isr().contains(broker))
        .toList();
  }
}
