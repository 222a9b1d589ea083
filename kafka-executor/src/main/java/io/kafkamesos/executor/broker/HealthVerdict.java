package io.kafkamesos.executor.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/** What one look at a starting broker means. Pure: the supervisor looks and acts. */
public enum HealthVerdict {
  /** Not ready yet; look again. */
  WAIT,
  /**
   * Registered in ZooKeeper, its port answers and it has finished starting: report TASK_RUNNING.
   */
  HEALTHY,
  /** The broker process is gone. */
  EXITED,
  /**
   * Shutting down before it ever finished starting: Kafka hit a fatal error in its startup (its log
   * says which, e.g. its id still registered by a previous run's session) and, in 2.4, may hang in
   * that shutdown instead of exiting.
   */
  GAVE_UP,
  /** Still not healthy when the health timeout ran out. */
  TIMED_OUT;

  /**
   * Judges one observation of a broker that is not yet known to be healthy.
   *
   * @param exitCode the process's exit code, if it has exited
   * @param registered whether its ZooKeeper registration exists
   * @param portAnswers whether its listener accepts connections
   * @param startup how far its startup is; Kafka registers in ZooKeeper and opens its port before
   *     it has finished starting, and only a started broker can be stopped in a controlled way
   * @param startedAt when the process was started
   * @param now the time of the observation
   * @param timeout how long the broker may take to become healthy
   */
  public static HealthVerdict judge(OptionalInt exitCode, boolean registered, boolean portAnswers,
      Startup startup, Instant startedAt, Instant now, Duration timeout) {
    if (exitCode.isPresent()) {
      return EXITED;
    }
    if (startup == Startup.STOPPING) {
      return GAVE_UP;
    }
    if (registered && portAnswers && startup == Startup.STARTED) {
      return HEALTHY;
    }
    return Duration.between(startedAt, now).compareTo(timeout) >= 0 ? TIMED_OUT : WAIT;
  }
}
