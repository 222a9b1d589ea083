package io.kafkamesos.commons.mesos;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Mesos' notation, a number and a unit ({@code 250ms}, {@code 5secs}, {@code 15mins},
 * {@code 1.5hrs}), as stout prints them and as an agent writes them into an executor's environment
 * ({@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}, {@code MESOS_RECOVERY_TIMEOUT}, ...): mesos-local
 * {@link #format}s them, executors {@link #parse} them, so the two must agree.
 */
public final class MesosDuration {

  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long SECS = 1_000_000_000L;
  private static final long MINS = 60 * SECS;
  private static final long HRS = 60 * MINS;
  private static final long DAYS = 24 * HRS;
  private static final long WEEKS = 7 * DAYS;
  private static final long[] UNITS = {1, US, MS, SECS, MINS, HRS, DAYS, WEEKS};
  private static final String[] NAMES = {"ns", "us", "ms", "secs", "mins", "hrs", "days", "weeks"};
  private static final Pattern FORMAT =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|secs|mins|hrs|days|weeks)\\s*");

  private MesosDuration() {
  }

  /**
   * Reads one duration.
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
    long perUnit = UNITS[java.util.Arrays.asList(NAMES).indexOf(m.group(2))];
    return Duration.ofNanos((long) (Double.parseDouble(m.group(1)) * perUnit));
  }

  /**
   * Writes a duration as stout does: in the largest unit it reaches, or the next smaller one when
   * that one divides it exactly ({@code 2500ms}, not {@code 2.5secs}).
   */
  public static String format(Duration duration) {
    long ns = duration.toNanos();
    String sign = ns < 0 ? "-" : "";
    ns = Math.abs(ns);
    int bucket = 0;
    for (int i = UNITS.length - 1; i >= 0; i--) {
      if (ns >= UNITS[i]) {
        bucket = i;
        break;
      }
    }
    int unit = bucket;
    if (bucket > 0 && ns % UNITS[bucket] != 0 && ns % UNITS[bucket - 1] == 0) {
      unit = bucket - 1;
    }
    BigDecimal value = BigDecimal.valueOf(ns).divide(BigDecimal.valueOf(UNITS[unit]),
        MathContext.DECIMAL64);
    String number = value.stripTrailingZeros().toPlainString();
    if (number.length() > 17) {
      number = String.format("%.15g", value.doubleValue());
    }
    return sign + number + NAMES[unit];
  }
}
