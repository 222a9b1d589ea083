package io.kafkamesos.executor.broker;

import java.time.Duration;
import java.time.Instant;

/**
 * The next step of stopping a broker. Pure: the supervisor looks and acts.
 *
 * <p>A broker that is still starting cannot shut down in a controlled way (Kafka 2.4 halts on a
 * SIGTERM then), so the stop waits for the startup to finish, within the same grace period that
 * also bounds the controlled shutdown itself.
 */
public enum StopStep {
  /** Still starting: look again after a while. */
  WAIT_FOR_STARTUP,
  /** SIGTERM now: Kafka shuts down in a controlled way. */
  TERMINATE,
  /** The grace period ran out while the broker was still starting: SIGKILL. */
  KILL;

  /**
   * @param startup what the broker says about its startup now
   * @param askedAt when the stop was asked for
   * @param now the time of the observation
   * @param grace the whole grace period of the stop
   */
  public static StopStep next(Startup startup, Instant askedAt, Instant now, Duration grace) {
    if (startup.safeToTerminate()) {
      return TERMINATE;
    }
    return Duration.between(askedAt, now).compareTo(grace) >= 0 ? KILL : WAIT_FOR_STARTUP;
  }
}
