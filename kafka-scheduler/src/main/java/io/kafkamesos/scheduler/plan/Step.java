package io.kafkamesos.scheduler.plan;

import java.util.Objects;

/**
 * One step of a plan: one broker to launch or to bring to its phase's spec, or the one step of a
 * gate.
 *
 * @param id the step's id ({@code restart-0}, {@code launch-3}, {@code finalize})
 * @param phase the phase it belongs to
 * @param brokerId its broker, -1 for a gate
 * @param status where it is
 * @param message what it does or waits for, or why it failed
 * @param startedMillis when it went IN_PROGRESS (epoch millis), 0 before
 * @param taskAtStart the broker's task when the step killed it, or null when it did not kill
 * @param failuresAtStart the broker's failures in a row when the step started: only later ones count
 */
public record Step(String id, String phase, int brokerId, StepStatus status, String message,
    long startedMillis, String taskAtStart, int failuresAtStart) {

  public Step {
    Objects.requireNonNull(id);
    Objects.requireNonNull(phase);
    Objects.requireNonNull(status);
    message = message == null ? "" : message;
  }

  /** A step not started yet. */
  static Step pending(String id, String phase, int brokerId, String message) {
    return new Step(id, phase, brokerId, StepStatus.PENDING, message, 0, null, 0);
  }

  /** Whether it is the step of a gate (no broker). */
  public boolean gate() {
    return brokerId < 0;
  }

  Step with(StepStatus newStatus, String newMessage) {
    return new Step(id, phase, brokerId, newStatus, newMessage, startedMillis, taskAtStart,
        failuresAtStart);
  }

  Step started(long at, String killedTask, int failures, String newMessage) {
    return new Step(id, phase, brokerId, StepStatus.IN_PROGRESS, newMessage, at, killedTask, failures);
  }

  Step message(String newMessage) {
    return with(status, newMessage);
  }
}
