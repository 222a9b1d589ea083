package io.kafkamesos.local.marathon;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The reading of one health check's results for one task, as Marathon (or, for
 * {@code MESOS_*} checks, Mesos' health checker on the agent) reads them. Pure; not thread-safe
 * (one per task and check, used by the app's thread).
 *
 * <ul>
 *   <li>Failures are ignored, neither counted nor shown, while the task has never been healthy
 *       and is within {@code gracePeriodSeconds} of its start.
 *   <li>Marathon's checks ({@code HTTP}, {@code TCP}): a failure that comes when
 *       {@code maxConsecutiveFailures} failures are already counted kills the task, so the task
 *       dies at the failure after the {@code maxConsecutiveFailures}-th (Marathon's
 *       {@code HealthCheckActor} tests the count before adding the new failure); 0: never.
 *   <li>Mesos' checks ({@code MESOS_HTTP}, {@code MESOS_TCP}): the failure that makes the count
 *       reach {@code maxConsecutiveFailures} kills the task (Mesos' {@code HealthChecker}); with
 *       0 the first counted failure does.
 *   <li>An ignored result (an HTTP 1xx with {@code ignoreHttp1xx}) changes nothing.
 * </ul>
 */
public final class HealthTracker {

  /** What to do after a result. */
  public enum Verdict { KEEP, KILL }

  /** One check's outcome. */
  public record Result(Kind kind, String cause) {
    /** Healthy, unhealthy (with a cause), or nothing to say. */
    public enum Kind { HEALTHY, UNHEALTHY, IGNORED }

    public static final Result HEALTHY = new Result(Kind.HEALTHY, "");
    public static final Result IGNORED = new Result(Kind.IGNORED, "");

    public Result {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(cause, "cause");
    }

    public static Result unhealthy(String cause) {
      return new Result(Kind.UNHEALTHY, cause);
    }
  }

  /**
   * Marathon's {@code Health} of a task for one check: {@code alive} when the last success is
   * later than the last failure.
   */
  public record Health(Optional<Instant> firstSuccess, Optional<Instant> lastSuccess,
      Optional<Instant> lastFailure, Optional<String> lastFailureCause, int consecutiveFailures) {

    static final Health NONE = new Health(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), 0);

    public boolean alive() {
      return lastSuccess.isPresent()
          && lastFailure.map(f -> lastSuccess.get().isAfter(f)).orElse(true);
    }

    Health success(Instant now) {
      return new Health(firstSuccess.or(() -> Optional.of(now)), Optional.of(now), lastFailure,
          lastFailureCause, 0);
    }

    Health failure(Instant now, String cause) {
      return new Health(firstSuccess, lastSuccess, Optional.of(now), Optional.of(cause),
          consecutiveFailures + 1);
    }
  }

  private final Instant started;
  private final Duration gracePeriod;
  private final int maxConsecutiveFailures;
  private final boolean byMesos;
  private Health health = Health.NONE;
  private boolean counted;

  /**
   * @param started when the task started running
   * @param byMesos whether Mesos' rules apply (a {@code MESOS_*} check) rather than Marathon's
   */
  public HealthTracker(Instant started, Duration gracePeriod, int maxConsecutiveFailures,
      boolean byMesos) {
    this.started = Objects.requireNonNull(started, "started");
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
    this.maxConsecutiveFailures = maxConsecutiveFailures;
    this.byMesos = byMesos;
  }

  public HealthTracker(Instant started, AppDefinition.HealthCheckSpec spec) {
    this(started, spec.gracePeriod(), spec.maxConsecutiveFailures(), spec.protocol().byMesos());
  }

  public Verdict record(Result result, Instant now) {
    switch (result.kind()) {
      case HEALTHY -> {
        health = health.success(now);
        counted = true;
        return Verdict.KEEP;
      }
      case IGNORED -> {
        return Verdict.KEEP;
      }
      default -> {
        boolean inGrace = health.firstSuccess().isEmpty()
            && !now.isAfter(started.plus(gracePeriod));
        if (inGrace) {
          return Verdict.KEEP; // a starting task: neither counted nor reported
        }
        boolean kill = byMesos
            ? health.consecutiveFailures() + 1 >= maxConsecutiveFailures
            : maxConsecutiveFailures > 0 && health.consecutiveFailures() >= maxConsecutiveFailures;
        health = health.failure(now, result.cause());
        counted = true;
        return kill ? Verdict.KILL : Verdict.KEEP;
      }
    }
  }

  /** The task's health for this check; empty before the first counted result. */
  public Optional<Health> health() {
    return counted ? Optional.of(health) : Optional.empty();
  }

  public int consecutiveFailures() {
    return health.consecutiveFailures();
  }
}
