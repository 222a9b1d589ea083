package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.plan.ClusterView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kafka as the plan sees it: registered brokers from a {@link FakeKafkaRegistry}, no partitions. */
public final class FakeClusterOps implements ClusterOps {

  final FakeKafkaRegistry registry;
  final List<Integer> elections = new ArrayList<>();
  final Map<String, String> dynamic = new HashMap<>();
  volatile int controller = -1;
  volatile String unreadable;
  /** Partitions the plan sees; empty unless a test sets them. */
  volatile List<ClusterView.PartitionState> partitions = List.of();
  final List<Map<String, Map<Integer, List<Integer>>>> reassignments = new ArrayList<>();

  public FakeClusterOps(FakeKafkaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ClusterView view(Set<Integer> brokers) {
    if (unreadable != null) {
      throw new IllegalStateException(unreadable);
    }
    return new ClusterView(brokers, registry.registrations().keySet(), controller, partitions);
  }

  @Override
  public void electPreferredLeaders(int brokerId) {
    elections.add(brokerId);
  }

  @Override
  public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    dynamic.putAll(set);
    remove.forEach(dynamic::remove);
  }

  @Override
  public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    reassignments.add(replicas);
  }
}
