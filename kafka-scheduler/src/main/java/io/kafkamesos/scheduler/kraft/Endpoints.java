package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.Collection;
import java.util.List;

/**
 * Where the scheduler placed the nodes, as {@code host:port}: what the admin clients bootstrap from
 * and what {@code /v1/connection} lists. Pure.
 */
public final class Endpoints {

  private Endpoints() {
  }

  /** The brokers whose task runs, by id. */
  public static List<String> brokers(Collection<BrokerRecord> records) {
    return brokers(records, BrokerListeners.PLAINTEXT);
  }

  /**
   * The brokers whose task runs, by id, on the listener of the scheduler's own clients
   * ({@code INTERNAL} on a cluster with TLS).
   */
  public static List<String> brokers(Collection<BrokerRecord> records, BrokerListeners listeners) {
    return records.stream()
        .filter(r -> r.kind().broker() && r.state() == BrokerState.RUNNING && r.hostname() != null)
        .map(r -> listeners.adminAddress(r.hostname(), r.port()))
        .toList();
  }

  /**
   * Each controller's controller listener, by node id: the host and port reserved with its volume
   * (known before it first runs, and the same on every relaunch).
   */
  public static List<String> controllers(Collection<BrokerRecord> records) {
    return records.stream()
        .filter(r -> r.kind() == NodeKind.CONTROLLER && r.reservation() != null)
        .map(r -> r.reservation().hostname() + ":" + r.reservation().port())
        .toList();
  }
}
