package io.kafkamesos.cli.progress;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How often a watch looks and how long it may wait in all ({@code empty}: until it is done).
 *
 * @param clock what "now" is
 * @param sleeper how to wait for the next look
 */
public record Pacing(Clock clock, Sleeper sleeper, Duration interval, Optional<Duration> timeout) {

    public Pacing {
        requireNonNull(clock, "clock");
        requireNonNull(sleeper, "sleeper");
        requireNonNull(interval, "interval");
        requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive, not " + interval);
        }
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether the watch that started at {@code start} has waited its time. */
    boolean expired(Instant start) {
        return timeout.isPresent() && !now().isBefore(start.plus(timeout.get()));
    }

    void pause() {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** {@code 1m 05s}, {@code 42 s}: for a person. */
    static String elapsed(Instant start, Instant now) {
        long seconds = Duration.between(start, now).toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + "m " + String.format("%02d", seconds % 60) + "s";
    }
}
