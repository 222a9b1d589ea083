package io.kafkamesos.local.marathon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Marathon's launch backoff for one app (its {@code RateLimiter}): after a task fails, the next
 * launch waits {@code backoffSeconds}, multiplied by {@code backoffFactor} with every further
 * failure up to {@code maxLaunchDelaySeconds}. When a task starts running the delay is
 * "advanced" (its reference time becomes now), and a delay whose reference is more than
 * {@code maxLaunchDelaySeconds} old is dropped: so a task that has run that long fails as a
 * first failure again. A new version of the app (a redeploy) resets it.
 *
 * <p>Marathon's documentation says the backoff "applies also to tasks that are killed due to
 * failing too many health checks"; mesos-local does so (a health-check kill counts as a failure).
 * Pure; not thread-safe (the app's thread owns it).
 */
final class LaunchDelay {

  private Instant reference;
  private Duration current;

  /**
   * A task failed at {@code now}: the delay grows (or starts).
   *
   * @return how long to wait before the next launch
   */
  Duration failed(AppDefinition.Backoff backoff, Instant now) {
    dropIfOverdue(backoff, now);
    if (current == null) {
      current = min(backoff.initial(), backoff.max());
    } else {
      Duration times = Duration.ofNanos(Math.round(current.toNanos() * backoff.factor()));
      current = min(times, backoff.max());
    }
    reference = now;
    return current;
  }

  /** A task started running at {@code now}. */
  void running(AppDefinition.Backoff backoff, Instant now) {
    dropIfOverdue(backoff, now);
    if (current != null) {
      reference = now;
    }
  }

  /** The app changed: the next failure is a first failure again. */
  void reset() {
    reference = null;
    current = null;
  }

  /** The current delay, if any. */
  Optional<Duration> current() {
    return Optional.ofNullable(current);
  }

  private void dropIfOverdue(AppDefinition.Backoff backoff, Instant now) {
    if (reference != null && now.isAfter(reference.plus(backoff.max()))) {
      reset();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
