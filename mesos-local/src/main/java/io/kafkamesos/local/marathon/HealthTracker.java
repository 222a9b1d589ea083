package io.kafkamesos.local.marathon;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Marathon's reading of one health check's results for one run: failures within the grace
 * period (counted from the start, until the first success) are ignored; after that
 * {@code maxConsecutiveFailures} failures in a row (0: never) mean the task is killed and
 * replaced. Pure; not thread-safe (one per run, used by one thread).
 */
public final class HealthTracker {

  /** What to do after a result. */
  public enum Verdict { KEEP, KILL }

  private final Instant started;
  private final Duration gracePeriod;
  private final int maxConsecutiveFailures;
  private boolean everHealthy;
  private int failures;
  private Boolean healthy;

  public HealthTracker(Instant started, Duration gracePeriod, int maxConsecutiveFailures) {
    this.started = Objects.requireNonNull(started, "started");
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
    this.maxConsecutiveFailures = maxConsecutiveFailures;
  }

  public Verdict record(boolean ok, Instant now) {
    if (ok) {
      everHealthy = true;
      failures = 0;
      healthy = true;
      return Verdict.KEEP;
    }
    boolean inGrace = !everHealthy && now.isBefore(started.plus(gracePeriod));
    if (inGrace) {
      return Verdict.KEEP; // Marathon neither counts nor reports failures of a starting task
    }
    healthy = false;
    failures++;
    return maxConsecutiveFailures > 0 && failures >= maxConsecutiveFailures
        ? Verdict.KILL : Verdict.KEEP;
  }

  /** The last counted result; empty before the first. */
  public Optional<Boolean> healthy() {
    return Optional.ofNullable(healthy);
  }

  public int consecutiveFailures() {
    return failures;
  }
}
