package io.kafkamesos.scheduler.core;

/** The scheduler cannot answer now (e.g. ZooKeeper unreachable, or it is shutting down). */
public final class SchedulerUnavailableException extends RuntimeException {
  public SchedulerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
