package io.kafkamesos.scheduler.offer;

import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.Objects;

/**
 * A node waiting to be launched (a broker, a KRaft controller).
 *
 * @param brokerId the node's id
 * @param taskId the task id its launch uses
 * @param reservation where its volume is (with a persistent volume), or null when it has none yet
 * @param preferredPort the port it used before (0 if none): clients that cached it keep working
 * @param spec what it is launched with (its plan decides: {@code PlanCoordinator#specFor})
 * @param kind what it runs: its resources, its volume, its placement
 * @param kraft the KRaft side of its launch, or null in ZooKeeper mode
 * @param reserveOnly reserve its resources and create its volume, but do not launch it yet (a
 *     controller of a new quorum, while the others have no resources yet)
 */
public record BrokerNeed(int brokerId, String taskId, Reservation reservation, int preferredPort,
    NodeSpec spec, NodeKind kind, KraftSpec kraft, boolean reserveOnly) {

  public BrokerNeed {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(spec);
    Objects.requireNonNull(kind);
  }

  /** A broker of a ZooKeeper-mode cluster. */
  public BrokerNeed(int brokerId, String taskId, Reservation reservation, int preferredPort,
      NodeSpec spec) {
    this(brokerId, taskId, reservation, preferredPort, spec, NodeKind.BROKER, null, false);
  }
}
