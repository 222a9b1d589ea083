package io.kafkamesos.local.proto;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Mesos prints them ({@code 5secs}, {@code 1mins}, {@code 500ms}): executors parse
 * the ones in their environment, so the format must match.
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

  private MesosDuration() {
  }

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
        java.math.MathContext.DECIMAL64);
    String number = value.stripTrailingZeros().toPlainString();
    if (number.length() > 17) {
      number = String.format("%.15g", value.doubleValue());
    }
    return sign + number + NAMES[unit];
  }
}
