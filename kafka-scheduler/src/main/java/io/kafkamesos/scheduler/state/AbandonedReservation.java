package io.kafkamesos.scheduler.state;

import java.util.Objects;

/**
 * Resources the cluster reserved on an agent and no longer wants: the volume of a replaced or
 * removed broker, or an orphan an operator asked to delete. They are destroyed and unreserved when
 * (and if) the agent offers them again.
 *
 * @param agentId the agent that holds them
 * @param hostname its host name, for people
 * @param brokerId the broker the reservation is labelled with
 * @param volumeId the persistence id of the volume, or null for a reservation without a volume
 * @param reason why it was abandoned
 * @param atMillis when (epoch millis)
 * @param taskId the broker's last task on that agent, or null (an orphan, or stored by an older
 *     version): reconciling it tells whether the master still knows the agent
 */
public record AbandonedReservation(String agentId, String hostname, int brokerId, String volumeId,
    String reason, long atMillis, String taskId) {

  @com.fasterxml.jackson.annotation.JsonCreator
  public AbandonedReservation {
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(reason);
  }

  /** An abandoned reservation without a task to reconcile (an orphan the operator deleted). */
  public AbandonedReservation(String agentId, String hostname, int brokerId, String volumeId,
      String reason, long atMillis) {
    this(agentId, hostname, brokerId, volumeId, reason, atMillis, null);
  }

  /** Whether this names the reservation of {@code brokerId} on {@code agent}. */
  public boolean matches(String agent, int broker) {
    return agentId.equals(agent) && brokerId == broker;
  }
}
