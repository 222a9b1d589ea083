package io.kafkamesos.executor;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way a Mesos agent writes them into an executor's environment: a number and a
 * unit, such as {@code 15mins}, {@code 5secs}, {@code 250ms} or {@code 1.5hrs}.
 */
public final class MesosDuration {

  private static final Pattern FORMAT =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|secs|mins|hrs|days|weeks)\\s*");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "ms", 1_000_000L,
      "secs", 1_000_000_000L,
      "mins", 60_000_000_000L,
      "hrs", 3_600_000_000_000L,
      "days", 86_400_000_000_000L,
      "weeks", 604_800_000_000_000L);

  private MesosDuration() {
  }

  /**
   * Parses one duration.
   *
   * @throws IllegalArgumentException when the text is not a number followed by one of
   *     ns, us, ms, secs, mins, hrs, days, weeks
   */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 5secs,"
          + " 15mins (units: ns, us, ms, secs, mins, hrs, days, weeks)");
    }
    double nanos = Double.parseDouble(m.group(1)) * NANOS_PER_UNIT.get(m.group(2));
    return Duration.ofNanos((long) nanos);
  }
}
