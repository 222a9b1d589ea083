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
 * @param finalizeAuto whether an upgrade's {@code finalize} gate lets the plan on by itself
 *     ({@code KAFKA_UPGRADE_FINALIZE=auto}) instead of waiting for the operator (default
 *     {@code manual})
 */
public record PlanSettings(Duration stepTimeout, String marathonAppId, boolean finalizeAuto) {

  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(15);

  public PlanSettings {
    Objects.requireNonNull(stepTimeout);
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("step timeout must be positive: " + stepTimeout);
    }
  }

  /** Settings whose upgrades wait for the operator at {@code finalize}. */
  public PlanSettings(Duration stepTimeout, String marathonAppId) {
    this(stepTimeout, marathonAppId, false);
  }

  public static PlanSettings defaults() {
    return new PlanSettings(DEFAULT_STEP_TIMEOUT, null);
  }

  /**
   * @throws InvalidSettingException for a bad {@code PLAN_STEP_TIMEOUT_SECONDS} or
   *     {@code KAFKA_UPGRADE_FINALIZE}
   */
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
    return new PlanSettings(timeout, app == null || app.isBlank() ? null : app.trim(),
        finalizeAuto(env.get("KAFKA_UPGRADE_FINALIZE")));
  }

  private static boolean finalizeAuto(String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "manual" -> false;
      case "auto" -> true;
      default -> throw new InvalidSettingException("KAFKA_UPGRADE_FINALIZE", "Invalid"
          + " KAFKA_UPGRADE_FINALIZE=" + raw + ": manual (an upgrade waits for dcos kafka plan continue"
          + " before it raises the protocol; the default) or auto (it raises it once every broker"
          + " runs the new version)");
    };
  }
}
