package io.kafkamesos.scheduler.observability;

import io.kafkamesos.scheduler.kafka.ClusterSnapshot;
import io.kafkamesos.scheduler.kafka.KafkaAccess;
import java.util.Objects;

/**
 * Reads the cluster's state from the shared view of a {@link KafkaAccess}: no request to Kafka or
 * ZooKeeper, and one conversion per snapshot however many readers ask (the view keeps the same
 * snapshot until something changes).
 */
public final class SharedViewReader implements ClusterReader {

  private final KafkaAccess access;
  private ClusterSnapshot lastSnapshot;
  private ClusterState lastState;

  public SharedViewReader(KafkaAccess access) {
    this.access = Objects.requireNonNull(access);
  }

  @Override
  public synchronized ClusterState read() {
    ClusterSnapshot now = access.snapshot();
    if (now != lastSnapshot) {
      lastState = ClusterState.of(now);
      lastSnapshot = now;
    }
    return lastState;
  }
}
