package io.kafkamesos.scheduler.offer;

import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.Objects;

/**
 * A broker waiting to be launched.
 *
 * @param brokerId the broker
 * @param taskId the task id its launch uses
 * @param reservation where its volume is (with {@code pv}), or null when it has none yet
 * @param preferredPort the port it used before (0 if none): clients that cached it keep working
 * @param spec what it is launched with (its plan decides: {@code PlanCoordinator#specFor})
 */
public record BrokerNeed(int brokerId, String taskId, Reservation reservation, int preferredPort,
    NodeSpec spec) {
  public BrokerNeed {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(spec);
  }
}
