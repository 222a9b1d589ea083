package io.kafkamesos.scheduler.observability;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to the cluster, for the status page.
 *
 * @param at when the scheduler noticed it
 * @param brokerId the broker it is about, -1 when it is about the cluster
 * @param kind {@code launch}, {@code running}, {@code failure}, {@code restart}, {@code state},
 *     {@code scheduler}
 * @param message one line for people
 */
public record SchedulerEvent(Instant at, int brokerId, String kind, String message) {

  public SchedulerEvent {
    Objects.requireNonNull(at);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(message);
  }
}
