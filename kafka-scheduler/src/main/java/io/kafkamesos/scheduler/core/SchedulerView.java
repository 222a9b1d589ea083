package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A consistent picture of the scheduler, published after each change for readers on other threads
 * (API, health checks, metrics).
 *
 * @param brokerCount the brokers the cluster should have
 * @param records what is known of each broker, by id
 * @param waitReasons why each waiting broker did not get the latest offers
 * @param relaunchAt when each failed broker may be relaunched
 */
public record SchedulerView(int brokerCount, SortedMap<Integer, BrokerRecord> records,
    SortedMap<Integer, String> waitReasons, SortedMap<Integer, Instant> relaunchAt) {

  public static final SchedulerView EMPTY = new SchedulerView(0, new TreeMap<>(), new TreeMap<>(),
      new TreeMap<>());

  public SchedulerView {
    records = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(records));
    waitReasons = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(waitReasons));
    relaunchAt = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(relaunchAt));
  }

  static SchedulerView of(int count, Map<Integer, BrokerRecord> records, Map<Integer, String> reasons,
      Map<Integer, Instant> relaunchAt) {
    return new SchedulerView(count, new TreeMap<>(records), new TreeMap<>(reasons),
        new TreeMap<>(relaunchAt));
  }

  /** Brokers of the cluster whose task runs. */
  public int running() {
    return (int) records.values().stream()
        .filter(r -> r.brokerId() < brokerCount && r.state() == BrokerState.RUNNING).count();
  }

  /** Brokers of the cluster without a live task. */
  public int waiting() {
    int live = (int) records.values().stream()
        .filter(r -> r.brokerId() < brokerCount && r.state().hasLiveTask()).count();
    int removed = (int) records.values().stream()
        .filter(r -> r.brokerId() < brokerCount && r.state() == BrokerState.REMOVED).count();
    return brokerCount - live - removed;
  }
}
