package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.ClusterView;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka side of a configuration plan: reading the cluster's replication state and the two
 * admin actions a roll needs. Called on the scheduler's event loop, so calls are bounded in time.
 */
public interface ClusterOps {

  /**
   * The cluster as Kafka reports it now.
   *
   * @param brokers the broker ids the cluster should have
   * @throws RuntimeException when Kafka's state cannot be read; the message says why
   */
  ClusterView view(Set<Integer> brokers);

  /**
   * Asks the controller for a preferred leader election of the partitions whose preferred leader is
   * {@code brokerId}; best effort (a failure is logged, the plan does not wait for it).
   */
  void electPreferredLeaders(int brokerId);

  /**
   * Sets and removes cluster-wide dynamic broker configs.
   *
   * @throws RuntimeException when Kafka refuses or cannot be reached
   */
  void applyDynamicConfigs(Map<String, String> set, Set<String> remove);

  /**
   * Asks Kafka to move partitions to new replica lists (a partition reassignment); Kafka copies the
   * data, then drops the old replicas. Answers when the controller accepted it, not when it is done.
   *
   * @param replicas by topic, by partition, the new replica list
   * @throws RuntimeException when Kafka refuses or cannot be reached
   */
  void reassign(Map<String, Map<Integer, java.util.List<Integer>>> replicas);

  /**
   * The condition of a KRaft upgrade's {@code raise-metadata} gate, which raises
   * {@code metadata.version} to {@code targetName}'s level and passes once Kafka reports it; a new
   * one for each plan built. A ZooKeeper-mode cluster has no {@code metadata.version}: its gate
   * never passes.
   *
   * @param targetName the new release's {@code metadata.version} ({@code 4.4-IV2})
   */
  default io.kafkamesos.scheduler.plan.GateCondition metadataRaise(String targetName) {
    return view -> io.kafkamesos.scheduler.plan.Verdict.refuse("a ZooKeeper-mode cluster has no"
        + " metadata.version to raise");
  }
}
