package io.kafkamesos.scheduler.offer;

import io.kafkamesos.scheduler.state.Reservation;
import java.util.Objects;

/**
 * A node the evaluator put on an offer.
 *
 * @param brokerId the broker
 * @param taskId its new task
 * @param agentId the offer's agent
 * @param hostname the offer's host, which the broker advertises
 * @param port the port it listens on
 * @param reservation its reservation and volume (with {@code pv}), or null
 * @param launched whether the node launches (else only its resources and volume were reserved)
 */
public record Placement(int brokerId, String taskId, String agentId, String hostname, int port,
    Reservation reservation, boolean launched) {
  public Placement {
    Objects.requireNonNull(taskId);
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(hostname);
  }

  /** A node that launches. */
  public Placement(int brokerId, String taskId, String agentId, String hostname, int port,
      Reservation reservation) {
    this(brokerId, taskId, agentId, hostname, port, reservation, true);
  }
}
