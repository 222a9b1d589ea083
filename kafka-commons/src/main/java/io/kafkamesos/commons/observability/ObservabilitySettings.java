package io.kafkamesos.commons.observability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where logs and metrics go, from the environment. Each target is off unless its host is set. The
 * scheduler's own syslog appender is configured in {@code scheduler.yml} (see {@link ConfigLookup});
 * the same variables go on to every executor, which sends its own and its broker's logs and the
 * broker's metrics.
 *
 * @param syslog {@code SYSLOG_HOST}, {@code SYSLOG_PORT} (514), {@code SYSLOG_FACILITY} (LOCAL0)
 * @param statsd {@code STATSD_HOST}, {@code STATSD_PORT} (8125), {@code STATSD_PREFIX} (kafka),
 *     {@code STATSD_INTERVAL_SECONDS} (10)
 */
public record ObservabilitySettings(Optional<Syslog> syslog, Optional<Statsd> statsd) {

  /** The variables handed on to the executors, when set. */
  public static final List<String> EXECUTOR_VARIABLES = List.of("SYSLOG_HOST", "SYSLOG_PORT",
      "SYSLOG_FACILITY", "STATSD_HOST", "STATSD_PORT", "STATSD_PREFIX", "STATSD_INTERVAL_SECONDS");

  /** The facilities that logback's, Dropwizard's and log4j 1.2's syslog appenders all know. */
  public static final Set<String> FACILITIES = Set.of("KERN", "USER", "MAIL", "DAEMON", "AUTH",
      "SYSLOG", "LPR", "NEWS", "UUCP", "CRON", "AUTHPRIV", "FTP", "LOCAL0", "LOCAL1", "LOCAL2",
      "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7");

  public static final ObservabilitySettings NONE =
      new ObservabilitySettings(Optional.empty(), Optional.empty());

  /** A syslog server (UDP). */
  public record Syslog(String host, int port, String facility) {
    public Syslog {
      Objects.requireNonNull(host);
      Objects.requireNonNull(facility);
    }
  }

  /** A statsd server (UDP), the prefix of every metric name and how often to send. */
  public record Statsd(String host, int port, String prefix, Duration interval) {
    public Statsd {
      Objects.requireNonNull(host);
      Objects.requireNonNull(prefix);
      Objects.requireNonNull(interval);
    }
  }

  public ObservabilitySettings {
    Objects.requireNonNull(syslog);
    Objects.requireNonNull(statsd);
  }

  /**
   * Reads the variables.
   *
   * @throws IllegalArgumentException naming the variable that is malformed
   */
  public static ObservabilitySettings parse(Map<String, String> env) {
    Optional<Syslog> syslog = value(env, "SYSLOG_HOST").map(host -> new Syslog(host,
        port(env, "SYSLOG_PORT", 514), facility(value(env, "SYSLOG_FACILITY").orElse("LOCAL0"))));
    Optional<Statsd> statsd = value(env, "STATSD_HOST").map(host -> new Statsd(host,
        port(env, "STATSD_PORT", 8125), value(env, "STATSD_PREFIX").orElse("kafka"),
        Duration.ofSeconds(interval(env))));
    return new ObservabilitySettings(syslog, statsd);
  }

  /** The set ones of {@link #EXECUTOR_VARIABLES}, to put into each executor's environment. */
  public static Map<String, String> executorEnvironment(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : EXECUTOR_VARIABLES) {
      value(env, name).ifPresent(v -> out.put(name, v));
    }
    return out;
  }

  private static String facility(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (!FACILITIES.contains(upper)) {
      throw new IllegalArgumentException("SYSLOG_FACILITY must be one of " + new TreeSet<>(FACILITIES)
          + ", not '" + text + "'");
    }
    return upper;
  }

  private static int port(Map<String, String> env, String name, int defaultPort) {
    String text = value(env, name).orElse(Integer.toString(defaultPort));
    if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
      throw new IllegalArgumentException(name + " must be a port (1-65535), not '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static long interval(Map<String, String> env) {
    String text = value(env, "STATSD_INTERVAL_SECONDS").orElse("10");
    if (!text.matches("\\d{1,5}") || Long.parseLong(text) < 1) {
      throw new IllegalArgumentException(
          "STATSD_INTERVAL_SECONDS must be a whole number of seconds >= 1, not '" + text + "'");
    }
    return Long.parseLong(text);
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
  }
}
