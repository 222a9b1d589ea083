package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of rolling restarts: owns the live tasks Mesos has not reported on since the subscription
 * (and how long to wait for them), and lets the next broker go down only once they are confirmed and
 * Kafka has no under-replicated partition. Logs why it waits, once per reason. Used on the scheduler's
 * thread.
 */
final class RollGate {

  private static final Logger LOG = LoggerFactory.getLogger(RollGate.class);
  /** How long a rolling restart waits for Mesos to confirm the known tasks after a subscription. */
  static final Duration RECONCILE_WAIT = Duration.ofSeconds(30);

  private final KafkaRegistry kafka;
  private final Clock clock;
  /** Live tasks Mesos has not reported on since the subscription; no rolling restart before. */
  private final Set<String> unconfirmed = new HashSet<>();
  private Instant reconcileDeadline = Instant.EPOCH;
  private String rollingWait;

  RollGate(KafkaRegistry kafka, Clock clock) {
    this.kafka = Objects.requireNonNull(kafka);
    this.clock = Objects.requireNonNull(clock);
  }

  /** A new subscription: every live task of {@code records} waits for Mesos to report on it. */
  void subscribed(Collection<BrokerRecord> records) {
    unconfirmed.clear();
    records.stream().filter(r -> r.state().hasLiveTask() && r.taskId() != null)
        .forEach(r -> unconfirmed.add(r.taskId()));
    reconcileDeadline = clock.instant().plus(RECONCILE_WAIT);
  }

  /** Mesos reported on the task. */
  void reported(String taskId) {
    unconfirmed.remove(taskId);
  }

  /** Whether Mesos confirmed the known tasks, or the wait for it is over. */
  boolean confirmed() {
    return unconfirmed.isEmpty() || !clock.instant().isBefore(reconcileDeadline);
  }

  /**
   * A rolling restart takes the next broker down only once Mesos confirmed what the scheduler knows
   * of its tasks and every partition is fully replicated.
   */
  boolean mayRollNext(BrokerRecord node) {
    String who = node.describe();
    String reason;
    if (!unconfirmed.isEmpty() && clock.instant().isBefore(reconcileDeadline)) {
      return false; // stored states may be stale until reconciliation answers
    }
    try {
      int under = kafka.underReplicatedPartitions();
      if (under == 0) {
        return true;
      }
      reason = who + " waits to restart: " + under + " under-replicated partitions";
    } catch (RuntimeException e) {
      reason = who + " waits to restart: " + e.getMessage();
    }
    if (!reason.equals(rollingWait)) {
      LOG.info("{}", reason);
      rollingWait = reason;
    }
    return false;
  }
}
