package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/**
 * The admin-client requests a roll makes, built the same way whether Kafka keeps its metadata in
 * ZooKeeper ({@link KafkaClusterOps}) or in a controller quorum
 * ({@link io.kafkamesos.scheduler.kraft.KraftClusterOps}); each sends them with its own client.
 */
public final class AdminRequests {

  private AdminRequests() {
  }

  /** The partitions whose preferred leader (first replica) is {@code brokerId}. */
  public static Set<TopicPartition> preferredLedBy(List<PartitionState> partitions, int brokerId) {
    Set<TopicPartition> preferred = new HashSet<>();
    for (PartitionState p : partitions) {
      if (!p.replicas().isEmpty() && p.replicas().get(0) == brokerId) {
        preferred.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    return preferred;
  }

  /** How many partitions of an election's answer were not elected (an election not needed is fine). */
  public static long notElected(Map<TopicPartition, Optional<Throwable>> results) {
    return results.values().stream()
        .filter(o -> o.isPresent() && !(o.get() instanceof ElectionNotNeededException))
        .count();
  }

  /**
   * Sets and removes cluster-wide dynamic broker configs: the empty broker name is the default of
   * every broker.
   */
  public static Map<ConfigResource, Collection<AlterConfigOp>> clusterDefaults(Map<String, String> set,
      Set<String> remove) {
    List<AlterConfigOp> ops = new ArrayList<>();
    set.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
    remove.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
    return Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), ops);
  }

  /** The reassignments for {@code topic → partition → replicas}. */
  public static Map<TopicPartition, Optional<NewPartitionReassignment>> moves(
      Map<String, Map<Integer, List<Integer>>> replicas) {
    Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
    replicas.forEach((topic, partitions) -> partitions.forEach((partition, list) ->
        moves.put(new TopicPartition(topic, partition), Optional.of(new NewPartitionReassignment(list)))));
    return moves;
  }
}
