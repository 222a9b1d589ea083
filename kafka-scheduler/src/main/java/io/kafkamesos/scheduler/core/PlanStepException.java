package io.kafkamesos.scheduler.core;

/** A plan step that cannot be restarted: it does not exist ({@link #notFound}) or is not in ERROR. */
public final class PlanStepException extends RuntimeException {

  private final boolean notFound;

  public PlanStepException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  public boolean notFound() {
    return notFound;
  }
}
