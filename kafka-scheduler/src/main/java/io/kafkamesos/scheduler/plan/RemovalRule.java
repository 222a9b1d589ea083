package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a broker may leave the cluster, and where its partition replicas go. Pure.
 *
 * <p>The rule: after the removal, the remaining brokers must still be able to hold every topic's
 * replication factor (a replica per broker), so that no partition ends with fewer replicas.
 */
public final class RemovalRule {

  private RemovalRule() {
  }

  /**
   * @param brokerId the broker to remove
   * @param record what the scheduler knows of it (null: never launched)
   * @param members the cluster's brokers (BROKER_COUNT less the removed ones), {@code brokerId} included
   * @param partitions every partition of every topic
   * @param removing another broker being removed now, or -1
   * @return why it may not be removed, or empty when it may
   */
  public static Optional<String> refusal(int brokerId, BrokerRecord record, Set<Integer> members,
      List<PartitionState> partitions, int removing) {
    if (removing >= 0 && removing != brokerId) {
      return Optional.of("broker " + removing + " is being removed; remove one broker at a time");
    }
    if (record != null && record.state() == BrokerState.REMOVING) {
      return Optional.empty(); // asked again: the removal goes on
    }
    Set<Integer> remaining = new TreeSet<>(members);
    remaining.remove(brokerId);
    Map<String, Integer> factors = new TreeMap<>();
    for (PartitionState p : partitions) {
      factors.merge(p.topic(), p.replicas().size(), Math::max);
    }
    for (Map.Entry<String, Integer> topic : factors.entrySet()) {
      if (topic.getValue() > remaining.size()) {
        return Optional.of("topic " + topic.getKey() + " has replication factor " + topic.getValue()
            + " but only " + remaining.size() + " brokers " + remaining + " would remain after removing broker "
            + brokerId + "; lower the topic's replication factor or add a broker first");
      }
    }
    if (remaining.isEmpty()) {
      return Optional.of("broker " + brokerId + " is the cluster's last broker");
    }
    return Optional.empty();
  }

  /**
   * New replica lists that take {@code brokerId} out of every partition, each of its replicas going
   * to the remaining broker with the fewest replicas that does not hold the partition yet. Partitions
   * without the broker are left out.
   *
   * @return by partition ({@code topic-partition} name), its new replica list
   */
  public static Map<PartitionState, List<Integer>> moveOff(int brokerId, Set<Integer> remaining,
      List<PartitionState> partitions) {
    Map<Integer, Integer> load = new HashMap<>();
    remaining.forEach(b -> load.put(b, 0));
    for (PartitionState p : partitions) {
      p.replicas().forEach(b -> load.computeIfPresent(b, (k, v) -> v + 1));
    }
    Map<PartitionState, List<Integer>> moves = new LinkedHashMap<>();
    for (PartitionState p : partitions) {
      int at = p.replicas().indexOf(brokerId);
      if (at < 0) {
        continue;
      }
      Optional<Integer> target = remaining.stream()
          .filter(b -> b != brokerId && !p.replicas().contains(b))
          .min(Comparator.comparing((Integer b) -> load.get(b)).thenComparing(b -> b));
      List<Integer> replicas = new ArrayList<>(p.replicas());
      if (target.isPresent()) {
        replicas.set(at, target.get());
        load.merge(target.get(), 1, Integer::sum);
      } else {
        replicas.remove(at); // the rule refuses this unless the factor shrinks on purpose
      }
      moves.put(p, List.copyOf(replicas));
    }
    return moves;
  }

  /** How many partition replicas {@code brokerId} still holds (assigned, in sync or not). */
  public static long replicasOn(int brokerId, List<PartitionState> partitions) {
    return partitions.stream().filter(p -> p.replicas().contains(brokerId)).count();
  }
}
