package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.plan.ClusterView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kafka as the plan sees it: registered brokers from a {@link FakeKafkaRegistry}, no partitions. */
final class FakeClusterOps implements ClusterOps {

  final FakeKafkaRegistry registry;
  final List<Integer> elections = new ArrayList<>();
  final Map<String, String> dynamic = new HashMap<>();
  volatile int controller = -1;
  volatile String unreadable;

  FakeClusterOps(FakeKafkaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ClusterView view(Set<Integer> brokers) {
    if (unreadable != null) {
      throw new IllegalStateException(unreadable);
    }
    return new ClusterView(brokers, registry.registrations().keySet(), controller, List.of());
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
}
