package io.kafkamesos.scheduler.plan;

import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, from the brokers the cluster should have and what is known of them, which brokers to
 * launch, which wait out a backoff, and which to kill for a restart. Pure.
 *
 * <p>A restart of one broker ({@link RestartMode#NOW}) kills it at once; a restart of all
 * ({@link RestartMode#ROLLING}) kills one broker at a time, only while every other broker runs.
 */
public final class Planner {

  private final Backoff relaunchBackoff;

  public Planner(Backoff relaunchBackoff) {
    this.relaunchBackoff = Objects.requireNonNull(relaunchBackoff);
  }

  /** The standard relaunch backoff: 2 s after the first failure, doubling, at most 2 minutes. */
  public static Backoff standardBackoff() {
    return new Backoff(java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(2), 2.0);
  }

  /** The plan of a cluster of brokers {@code 0..brokerCount-1}. */
  public Plan plan(int brokerCount, Map<Integer, BrokerRecord> records, Instant now) {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < brokerCount; id++) {
      ids.add(id);
    }
    return plan(ids, records, now);
  }

  /**
   * The plan of the nodes {@code nodeIds} (brokers, and in KRaft the controllers), in the order
   * they are served: each node is planned the same way whatever its kind.
   */
  public Plan plan(java.util.Collection<Integer> nodeIds, Map<Integer, BrokerRecord> records,
      Instant now) {
    List<Integer> launch = new ArrayList<>();
    Map<Integer, Instant> backoff = new TreeMap<>();
    List<Integer> kill = new ArrayList<>();
    boolean allRunning = true;
    boolean anyKilling = false;
    for (int id : nodeIds) {
      BrokerRecord r = records.get(id);
      if (r == null) {
        launch.add(id);
        allRunning = false;
        continue;
      }
      if (r.state() == BrokerState.REMOVED) {
        continue; // removed for good: BROKER_COUNT less the removed ids
      }
      allRunning &= r.state() == BrokerState.RUNNING && r.restart() != RestartMode.NOW;
      anyKilling |= r.state() == BrokerState.KILLING;
      switch (r.state()) {
        case PENDING -> launch.add(id);
        case FAILED -> {
          Instant ready = relaunchAt(r);
          if (r.restart() != RestartMode.NONE || !now.isBefore(ready)) {
            launch.add(id);
          } else {
            backoff.put(id, ready);
          }
        }
        case STAGING, RUNNING -> {
          if (r.restart() == RestartMode.NOW) {
            kill.add(id);
          }
        }
        case KILLING, REMOVING -> {
          // the kill, or the move of its replicas, is under way
        }
        case LOST -> launch.add(id); // only an offer from the agent holding its volume fits
        default -> throw new IllegalStateException("unknown state " + r.state());
      }
    }
    if (allRunning && !anyKilling && kill.isEmpty()) {
      Set<Integer> nodes = new HashSet<>(nodeIds); // a list's contains per record was quadratic
      records.values().stream()
          .filter(r -> nodes.contains(r.brokerId()) && r.restart() == RestartMode.ROLLING
              && r.state() != BrokerState.REMOVED)
          .map(BrokerRecord::brokerId)
          .min(Integer::compare)
          .ifPresent(kill::add);
    }
    return Plan.of(launch, backoff, kill);
  }

  /** When a failed broker may run again. */
  public Instant relaunchAt(BrokerRecord r) {
    return Instant.ofEpochMilli(r.failedAtMillis())
        .plus(relaunchBackoff.delay(Math.max(0, r.failures() - 1)));
  }
}
