package io.kafkamesos.scheduler.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** A fluent {@link ClusterView} for tests: {@code brokers(3).topic("t", 2).replicas(0, 1, 2)...}. */
final class FakeCluster {

  private final Set<Integer> brokers = new HashSet<>();
  private final Set<Integer> registered = new HashSet<>();
  private int controller = -1;
  private final List<ClusterView.PartitionState> partitions = new ArrayList<>();

  /** Brokers 0..n-1, all registered. */
  static FakeCluster brokers(int n) {
    FakeCluster c = new FakeCluster();
    IntStream.range(0, n).forEach(id -> {
      c.brokers.add(id);
      c.registered.add(id);
    });
    return c;
  }

  FakeCluster down(Integer... ids) {
    registered.removeAll(Arrays.asList(ids));
    return this;
  }

  FakeCluster controller(int id) {
    controller = id;
    return this;
  }

  /** A partition with the given replicas, all in sync, and min.insync.replicas. */
  FakeCluster partition(String topic, int partition, int minInsync, Integer... replicas) {
    return partition(topic, partition, minInsync, List.of(replicas), List.of(replicas));
  }

  FakeCluster partition(String topic, int partition, int minInsync, List<Integer> replicas,
      List<Integer> isr) {
    partitions.add(new ClusterView.PartitionState(topic, partition, replicas, isr, minInsync));
    return this;
  }

  ClusterView view() {
    return new ClusterView(brokers, registered, controller, partitions);
  }
}
