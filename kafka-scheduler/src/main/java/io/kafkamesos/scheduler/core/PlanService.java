package io.kafkamesos.scheduler.core;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The plan operations of the HTTP API, without HTTP: show, interrupt, continue, restart a step.
 * Changes run on the scheduler's {@link EventLoop}.
 */
public final class PlanService {

  private final BrokerScheduler scheduler;
  private final EventLoop loop;

  public PlanService(BrokerScheduler scheduler, EventLoop loop) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.loop = Objects.requireNonNull(loop);
  }

  public PlanView show() {
    return scheduler.coordinator().view().withPhases(scheduler.faults().phases());
  }

  /** Lets the current step finish and starts no other. */
  public PlanView interrupt() {
    return change(c -> c.interrupt());
  }

  /**
   * Resumes an interrupted plan, and lets a plan that waits at the operator's gate (an upgrade's
   * {@code finalize}) go on.
   */
  public PlanView resume() {
    return change(c -> c.resume());
  }

  /**
   * Retries a step in ERROR.
   *
   * @throws PlanStepException when there is no such step, or it is not in ERROR
   */
  public PlanView restartStep(String stepId) {
    if (stepId == null || stepId.isBlank()) {
      throw new PlanStepException("give the step to restart: ?step=<id>, e.g. ?step=restart-0", false);
    }
    return change(c -> {
      try {
        c.retry(stepId.trim());
      } catch (NoSuchElementException e) {
        throw new PlanStepException(e.getMessage(), true);
      } catch (IllegalStateException e) {
        throw new PlanStepException(e.getMessage(), false);
      }
    });
  }

  private PlanView change(java.util.function.Consumer<PlanCoordinator> action) {
    PlanCoordinator coordinator = scheduler.coordinator();
    return loop.call(() -> {
      action.accept(coordinator);
      scheduler.tick();
      return coordinator.view();
    });
  }
}
