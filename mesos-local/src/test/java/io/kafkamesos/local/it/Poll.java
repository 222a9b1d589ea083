package io.kafkamesos.local.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling, so that tests never depend on how fast something happens. */
public final class Poll {

  private static final long INTERVAL_MS = 100;

  private Poll() {
  }

  /** Polls until the supplier yields a value, or fails naming what was awaited. */
  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      sleep(INTERVAL_MS);
    }
  }

  /** Polls until the condition holds, or fails naming what was awaited. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
