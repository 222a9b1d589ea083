package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The controllers' phase comes first: in a KRaft cluster, brokers are launched only while a
 * majority of the controllers runs (a quorum that can elect a leader), because a KRaft broker that
 * cannot register with a controller within {@code initial.broker.registration.timeout.ms} (a
 * minute) gives up and exits. Pure.
 */
public final class LaunchOrder {

  private LaunchOrder() {
  }

  /**
   * The brokers among {@code launching} that wait for the quorum, each with the reason; empty when
   * none waits (a ZooKeeper-mode cluster, or a quorum with a majority running).
   */
  public static Map<Integer, String> held(ClusterLayout layout, Map<Integer, BrokerRecord> records,
      Collection<Integer> launching) {
    Map<Integer, String> held = new LinkedHashMap<>();
    if (!layout.kraft()) {
      return held;
    }
    long running = layout.controllerIds().stream()
        .map(records::get)
        .filter(r -> r != null && r.state() == BrokerState.RUNNING)
        .count();
    if (running >= layout.majority()) {
      return held;
    }
    for (int id : launching) {
      if (!layout.isController(id)) {
        held.put(id, "broker " + id + " waits for the controller quorum: " + running + " of "
            + layout.controllerCount() + " controllers run, " + layout.majority() + " needed");
      }
    }
    return held;
  }
}
