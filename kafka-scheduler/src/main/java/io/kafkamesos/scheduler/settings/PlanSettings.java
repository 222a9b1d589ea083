package io.kafkamesos.scheduler.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a configuration plan rolls (read from the environment apart from {@link SchedulerSettings},
 * since it is about the scheduler's behaviour, not the cluster's target).
 *
 * @param stepTimeout how long a step may take to become healthy before it goes to ERROR
 *     ({@code PLAN_STEP_TIMEOUT_SECONDS}, default 900)
 * @param marathonAppId the Marathon app that runs the scheduler ({@code MARATHON_APP_ID}), or null;
 *     it lets a renamed framework be recognised
 */
public record PlanSettings(Duration stepTimeout, String marathonAppId) {

  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(15);

  public PlanSettings {
    Objects.requireNonNull(stepTimeout);
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("step timeout must be positive: " + stepTimeout);
    }
  }

  public static PlanSettings defaults() {
    return new PlanSettings(DEFAULT_STEP_TIMEOUT, null);
  }

  /** @throws InvalidSettingException for a bad {@code PLAN_STEP_TIMEOUT_SECONDS} */
  public static PlanSettings parse(Map<String, String> env) {
    String raw = env.get("PLAN_STEP_TIMEOUT_SECONDS");
    Duration timeout = DEFAULT_STEP_TIMEOUT;
    if (raw != null && !raw.isBlank()) {
      long seconds;
      try {
        seconds = Long.parseLong(raw.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 10 || seconds > 7 * 24 * 3600) {
        throw new InvalidSettingException("PLAN_STEP_TIMEOUT_SECONDS", "Invalid PLAN_STEP_TIMEOUT_SECONDS="
            + raw + ": a whole number of seconds from 10 to 604800");
      }
      timeout = Duration.ofSeconds(seconds);
    }
    String app = env.get("MARATHON_APP_ID");
    return new PlanSettings(timeout, app == null || app.isBlank() ? null : app.trim());
  }
}
