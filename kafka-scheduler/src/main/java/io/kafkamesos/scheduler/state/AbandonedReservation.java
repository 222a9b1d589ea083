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
 */
public record AbandonedReservation(String agentId, String hostname, int brokerId, String volumeId,
    String reason, long atMillis) {

  public AbandonedReservation {
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(reason);
  }

  /** Whether this names the reservation of {@code brokerId} on {@code agent}. */
  public boolean matches(String agent, int broker) {
    return agentId.equals(agent) && brokerId == broker;
  }
}
