package io.kafkamesos.scheduler.plan;

import java.util.Objects;

/**
 * One step of a plan: one broker to launch or restart.
 *
 * @param id the step's id ({@code restart-0}, {@code launch-3})
 * @param phase the phase it belongs to
 * @param brokerId its broker
 * @param status where it is
 * @param message what it does or waits for, or why it failed
 * @param startedMillis when it went IN_PROGRESS (epoch millis), 0 before
 * @param taskAtStart the broker's task when the step killed it, or null when it did not kill
 */
public record Step(String id, String phase, int brokerId, StepStatus status, String message,
    long startedMillis, String taskAtStart) {

  public Step {
    Objects.requireNonNull(id);
    Objects.requireNonNull(phase);
    Objects.requireNonNull(status);
    message = message == null ? "" : message;
  }

  Step with(StepStatus newStatus, String newMessage) {
    return new Step(id, phase, brokerId, newStatus, newMessage, startedMillis, taskAtStart);
  }

  Step started(long at, String killedTask, String newMessage) {
    return new Step(id, phase, brokerId, StepStatus.IN_PROGRESS, newMessage, at, killedTask);
  }

  Step message(String newMessage) {
    return new Step(id, phase, brokerId, status, newMessage, startedMillis, taskAtStart);
  }
}
