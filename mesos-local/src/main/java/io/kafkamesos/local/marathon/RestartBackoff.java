package io.kafkamesos.local.marathon;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before restarting an app whose process ended, as Marathon's launch backoff:
 * {@code initial}, doubling with every quick failure up to {@code max}; a process that ran at
 * least {@code resetAfter} counts as healthy again and restarts after {@code initial}. Pure.
 */
public record RestartBackoff(Duration initial, Duration max, Duration resetAfter) {

  public static final RestartBackoff DEFAULT =
      new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));

  public RestartBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(resetAfter, "resetAfter");
  }

  /**
   * The delay before the next start.
   *
   * @param previous the delay before the start that just ended (null for the first failure)
   * @param ranFor how long the ended process ran
   */
  public Duration next(Duration previous, Duration ranFor) {
    if (previous == null || ranFor.compareTo(resetAfter) >= 0) {
      return initial;
    }
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
