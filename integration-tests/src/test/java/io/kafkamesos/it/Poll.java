package io.kafkamesos.it;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Waits for a condition by asking again, never by sleeping a guessed time. */
public final class Poll {
  private Poll() {
  }

  /** Polls until {@code probe} answers a value, and returns it; fails naming what it waited for. */
  public static <T> T until(String what, Duration timeout, Callable<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        Optional<T> value = probe.call();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError("timed out after " + timeout.toSeconds()
            + " s waiting for " + what + (last == null ? "" : " (last error: " + last + ")"));
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Polls until {@code condition} holds. */
  public static void untilTrue(String what, Duration timeout, Callable<Boolean> condition) {
    until(what, timeout, () -> condition.call() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /**
   * Asks {@code condition} again and again for {@code period} and fails as soon as it does not hold:
   * "nothing happens for a while", checked all along rather than once at the end of a sleep.
   */
  public static void holds(String what, Duration period, Callable<Boolean> condition) {
    long end = System.nanoTime() + period.toNanos();
    do {
      try {
        if (!condition.call()) {
          throw new AssertionError("no longer true: " + what);
        }
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while checking " + what, e);
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("cannot check " + what + ": " + e, e);
      }
    } while (System.nanoTime() < end);
  }
}
