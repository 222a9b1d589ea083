package io.kafkamesos.commons.mesos;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff: {@code initial * multiplier^attempt}, capped at {@code max}. Attempt 0 is the
 * first retry.
 *
 * <p>With a {@code jitter} fraction, {@link #delay(int, DoubleSupplier)} takes a random part of up to
 * that fraction off each delay, so that many clients that lost the same master do not all come back
 * at the same instant. The jittered delay never drops below {@code (1 - jitter)} of the
 * exponential one, so a positive {@code initial} and a jitter below 1 never make a tight loop.
 *
 * @param initial the first delay
 * @param max the longest delay
 * @param multiplier how much each attempt's delay grows (at least 1)
 * @param jitter the fraction of each delay that is random, from 0 (none) to below 1
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  public Backoff {
    Objects.requireNonNull(initial);
    Objects.requireNonNull(max);
    if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1");
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("backoff jitter must be at least 0 and below 1, not " + jitter);
    }
  }

  /** A backoff without jitter. */
  public Backoff(Duration initial, Duration max, double multiplier) {
    this(initial, max, multiplier, 0.0);
  }

  /** 0.5 s doubling to 30 s, each delay between half and all of that. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5);
  }

  /**
   * This backoff with its longest delay lowered to {@code limit} if it is longer; never below the
   * first delay, so a limit under it changes nothing.
   */
  public Backoff cappedAt(Duration limit) {
    Duration capped = limit.compareTo(max) < 0 ? limit : max;
    return new Backoff(initial, capped.compareTo(initial) < 0 ? initial : capped, multiplier, jitter);
  }

  /** The delay before retry {@code attempt}, without jitter (the longest the jittered one can be). */
  public Duration delay(int attempt) {
    double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }

  /**
   * The delay before retry {@code attempt}, less a random part of up to {@code jitter} of it.
   *
   * @param random a source of uniform numbers in {@code [0, 1)}; tests inject a fixed one
   */
  public Duration delay(int attempt, DoubleSupplier random) {
    Duration full = delay(attempt);
    if (jitter == 0.0) {
      return full;
    }
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofMillis(Math.round(full.toMillis() * (1.0 - jitter * r)));
  }
}
