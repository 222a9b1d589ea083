package io.kafkamesos.scheduler.state;

import java.util.Objects;

/**
 * The resources a broker holds on one agent when it runs on a persistent volume: the broker goes
 * back there whenever it runs again.
 *
 * @param agentId the agent holding the reservation
 * @param hostname the agent's host name
 * @param volumeId the persistence id of the broker's volume
 * @param cpus reserved cpus (broker task and executor)
 * @param memMb reserved memory (broker task and executor)
 * @param diskMb the volume's size
 * @param port the reserved port
 */
public record Reservation(
    String agentId, String hostname, String volumeId, double cpus, double memMb, double diskMb, int port) {

  public Reservation {
    Objects.requireNonNull(agentId);
    Objects.requireNonNull(hostname);
    Objects.requireNonNull(volumeId);
  }
}
