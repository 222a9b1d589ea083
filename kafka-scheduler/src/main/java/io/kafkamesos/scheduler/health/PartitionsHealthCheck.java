package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.observability.ClusterState;
import io.kafkamesos.scheduler.observability.ClusterWatch;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The partitions' health from Kafka's ZooKeeper: error when a partition is offline (no live leader)
 * or ZooKeeper cannot be read, warning when partitions are under-replicated.
 */
public final class PartitionsHealthCheck extends HealthCheck {

  /** How many partitions a message names before it says "and N more". */
  static final int LISTED = 10;

  private final ClusterWatch cluster;

  public PartitionsHealthCheck(ClusterWatch cluster) {
    this.cluster = Objects.requireNonNull(cluster);
  }

  @Override
  protected Result check() {
    return judge(cluster.current());
  }

  /** Pure: the result for one picture of the cluster. */
  public static Result judge(ClusterState state) {
    if (state.error().isPresent()) {
      return Severity.ERROR.result(state.error().get());
    }
    List<PartitionStatus> offline = state.offline();
    List<PartitionStatus> under = state.underReplicated();
    if (!offline.isEmpty()) {
      return Severity.ERROR.result(offline.size() + " partitions offline: " + list(offline)
          + (under.isEmpty() ? "" : "; " + under.size() + " under-replicated"));
    }
    if (!under.isEmpty()) {
      return Severity.WARNING.result(under.size() + " partitions under-replicated: " + list(under));
    }
    return Severity.HEALTHY.result("all " + state.partitions().size()
        + " partitions have a leader and every replica in sync");
  }

  private static String list(List<PartitionStatus> partitions) {
    String shown = partitions.stream().limit(LISTED)
        .map(p -> p.topic() + "-" + p.partition() + " (leader " + (p.leader() < 0 ? "none" : p.leader())
            + ", isr " + p.isr() + " of " + p.replicas() + ")")
        .collect(Collectors.joining(", "));
    return partitions.size() > LISTED ? shown + " and " + (partitions.size() - LISTED) + " more" : shown;
  }
}
