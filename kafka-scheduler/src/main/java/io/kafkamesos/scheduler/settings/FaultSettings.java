package io.kafkamesos.scheduler.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the scheduler treats a broker whose agent is lost (read from the environment apart from
 * {@link SchedulerSettings}: it is behaviour, not the cluster's target).
 *
 * @param lostGrace how long a broker holding a persistent volume waits for its lost agent to come
 *     back before it is reported as needing a replace ({@code BROKER_LOST_GRACE_SECONDS}, default 600)
 * @param autoReplace after how long a lost broker is replaced without an operator
 *     ({@code BROKER_AUTO_REPLACE_SECONDS}; unset or 0: never, the default)
 */
public record FaultSettings(Duration lostGrace, Optional<Duration> autoReplace) {

  public static final Duration DEFAULT_LOST_GRACE = Duration.ofMinutes(10);

  public FaultSettings {
    Objects.requireNonNull(lostGrace);
    Objects.requireNonNull(autoReplace);
  }

  public static FaultSettings defaults() {
    return new FaultSettings(DEFAULT_LOST_GRACE, Optional.empty());
  }

  /** @throws InvalidSettingException for a bad value of either variable */
  public static FaultSettings parse(Map<String, String> env) {
    long grace = seconds(env, "BROKER_LOST_GRACE_SECONDS", DEFAULT_LOST_GRACE.toSeconds(), 1);
    long auto = seconds(env, "BROKER_AUTO_REPLACE_SECONDS", 0, 0);
    if (auto > 0 && auto < grace) {
      throw new InvalidSettingException("BROKER_AUTO_REPLACE_SECONDS", "Invalid BROKER_AUTO_REPLACE_SECONDS="
          + auto + ": must be 0 (off) or at least BROKER_LOST_GRACE_SECONDS (" + grace + ")");
    }
    return new FaultSettings(Duration.ofSeconds(grace),
        auto == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(auto)));
  }

  private static long seconds(Map<String, String> env, String variable, long fallback, long min) {
    String raw = env.get(variable);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < min || value > 30L * 24 * 3600) {
      throw new InvalidSettingException(variable, "Invalid " + variable + "=" + raw
          + ": a whole number of seconds from " + min + " to 2592000");
    }
    return value;
  }
}
