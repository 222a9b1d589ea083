package io.kafkamesos.commons.mesos;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff: {@code initial * multiplier^attempt}, capped at {@code max}. Attempt 0 is the
 * first retry.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

  public Backoff {
    Objects.requireNonNull(initial);
    Objects.requireNonNull(max);
    if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1");
    }
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0);
  }

  public Duration delay(int attempt) {
    double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}
