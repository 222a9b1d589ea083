package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.RemovalRule;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of broker removals (and of the replace steps' progress): reads the partitions now
 * and then, asks for the reassignments that move a leaving broker's replicas away, and kills the
 * broker once it holds none. Used on the scheduler's thread; {@link #cluster()} from any.
 */
final class Removals {

  private static final Logger LOG = LoggerFactory.getLogger(Removals.class);
  /** How often removals and replaces read Kafka's partitions. */
  static final Duration CLUSTER_READ_INTERVAL = Duration.ofSeconds(3);
  /** How long a removal waits before it asks again for a reassignment or a kill. */
  static final Duration REASSIGN_AGAIN = Duration.ofSeconds(60);

  private final ClusterOps ops;
  private final MesosCalls mesos;
  private final Clock clock;
  private volatile ClusterView cluster;
  private Instant readAt = Instant.EPOCH;
  private final Map<Integer, Instant> reassignedAt = new HashMap<>();
  private final Map<Integer, Instant> killedAt = new HashMap<>();

  /** @param ops Kafka's admin side, or null: removals are not available */
  Removals(ClusterOps ops, MesosCalls mesos, Clock clock) {
    this.ops = ops;
    this.mesos = Objects.requireNonNull(mesos);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The latest read of Kafka's partitions, or null before any. */
  ClusterView cluster() {
    return cluster;
  }

  /**
   * Reads Kafka's partitions now, for a removal request.
   *
   * @throws SchedulerUnavailableException when there is no admin access or Kafka cannot be read
   */
  ClusterView readNow(Set<Integer> members) {
    if (ops == null) {
      throw new SchedulerUnavailableException("this scheduler runs without Kafka admin access", null);
    }
    try {
      cluster = ops.view(members);
    } catch (RuntimeException e) {
      throw new SchedulerUnavailableException("cannot read Kafka's partitions: " + e.getMessage(), e);
    }
    readAt = clock.instant();
    return cluster;
  }

  /** A removal was accepted: move the broker's replicas now; the next tick looks again. */
  void started(int brokerId, Set<Integer> members) {
    if (cluster != null && RemovalRule.replicasOn(brokerId, cluster.partitions()) > 0) {
      reassignedAt.put(brokerId, clock.instant());
      reassignOff(brokerId, members);
    }
    readAt = Instant.EPOCH;
  }

  /**
   * Moves the removals on: reassigns what a leaving broker still holds (again after a while, in
   * case Kafka dropped it), kills it once it holds nothing, and marks a never launched one removed.
   *
   * @param replacing whether a replace step waits for Kafka (then the partitions are read too)
   */
  void tick(Collection<BrokerRecord> records, Set<Integer> members, boolean replacing,
      Consumer<BrokerRecord> save) {
    List<BrokerRecord> removing = records.stream().filter(r -> r.state() == BrokerState.REMOVING).toList();
    Instant now = clock.instant();
    if ((removing.isEmpty() && !replacing) || ops == null
        || Duration.between(readAt, now).compareTo(CLUSTER_READ_INTERVAL) < 0) {
      return;
    }
    readAt = now;
    try {
      cluster = ops.view(members);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read Kafka's partitions for removals and replaces: {}", e.getMessage());
      return;
    }
    for (BrokerRecord r : removing) {
      int id = r.brokerId();
      if (RemovalRule.replicasOn(id, cluster.partitions()) > 0) {
        Instant last = reassignedAt.get(id);
        if (last == null || Duration.between(last, now).compareTo(REASSIGN_AGAIN) >= 0) {
          reassignedAt.put(id, now);
          reassignOff(id, members);
        }
      } else if (r.taskId() == null) {
        save.accept(r.withStatus(BrokerState.REMOVED, "never launched", 0));
        LOG.info("Broker {}: removed (it never ran)", id);
      } else {
        Instant killed = killedAt.get(id);
        if (killed == null || Duration.between(killed, now).compareTo(REASSIGN_AGAIN) >= 0) {
          killedAt.put(id, now);
          LOG.info("Broker {}: holds no partition replica any more; killing task {} to remove it", id,
              r.taskId());
          mesos.kill(r);
        }
      }
    }
  }

  private void reassignOff(int brokerId, Set<Integer> members) {
    Set<Integer> remaining = new TreeSet<>(members);
    remaining.remove(brokerId);
    Map<String, Map<Integer, List<Integer>>> moves = new TreeMap<>();
    RemovalRule.moveOff(brokerId, remaining, cluster.partitions()).forEach((p, replicas) ->
        moves.computeIfAbsent(p.topic(), t -> new TreeMap<>()).put(p.partition(), replicas));
    try {
      ops.reassign(moves);
      LOG.info("Broker {}: reassigning {} partitions to brokers {}", brokerId,
          moves.values().stream().mapToInt(Map::size).sum(), remaining);
    } catch (RuntimeException e) {
      LOG.warn("Broker {}: partition reassignment failed: {}; retried in {}", brokerId, e.getMessage(),
          REASSIGN_AGAIN);
    }
  }
}
