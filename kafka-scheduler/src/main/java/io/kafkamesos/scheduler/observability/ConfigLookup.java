package io.kafkamesos.scheduler.observability;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * The environment as {@code scheduler.yml} sees it, plus one derived variable: YAML cannot switch an
 * appender on and off, so the syslog appender is always declared and its threshold is
 * {@code ${SYSLOG_THRESHOLD}}: {@code OFF} unless {@code SYSLOG_HOST} is set, then
 * {@code SYSLOG_LEVEL} (default {@code ALL}: whatever the loggers let through).
 */
public final class ConfigLookup implements StringLookup {

  static final String THRESHOLD = "SYSLOG_THRESHOLD";

  private final Map<String, String> env;

  public ConfigLookup(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env));
  }

  /** Non-strict: {@code ${PORT0:-8080}} takes its default when the variable is unset. */
  public static StringSubstitutor substitutor(Map<String, String> env) {
    StringSubstitutor substitutor = new StringSubstitutor(new ConfigLookup(env));
    substitutor.setEnableUndefinedVariableException(false);
    return substitutor;
  }

  @Override
  public String lookup(String key) {
    if (THRESHOLD.equals(key) && !env.containsKey(THRESHOLD)) {
      String host = env.get("SYSLOG_HOST");
      if (host == null || host.isBlank()) {
        return "OFF";
      }
      String level = env.get("SYSLOG_LEVEL");
      return level == null || level.isBlank() ? "ALL" : level.trim().toUpperCase(Locale.ROOT);
    }
    return env.get(key);
  }
}
