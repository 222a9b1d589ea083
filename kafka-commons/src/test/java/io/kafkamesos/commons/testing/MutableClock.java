package io.kafkamesos.commons.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC clock for tests of code that takes a {@link Clock}: it stands still until the test moves
 * it ({@link #advance}), or, made with {@link #stepping}, moves by a fixed step at every reading
 * (for code that loops until a deadline). Safe to read from other threads.
 */
public final class MutableClock extends Clock {

  private final Duration step;
  private Instant now;

  private MutableClock(Instant start, Duration step) {
    this.now = Objects.requireNonNull(start, "start");
    this.step = Objects.requireNonNull(step, "step");
  }

  /** A clock that reads {@code start} until it is advanced. */
  public MutableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  /** A clock whose every reading is {@code step} after the previous one (the first: start + step). */
  public static MutableClock stepping(Instant start, Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: step " + step);
    }
    return new MutableClock(start, step);
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + d);
    }
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    now = now.plus(step);
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same clock: tests read instants, not zones. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
