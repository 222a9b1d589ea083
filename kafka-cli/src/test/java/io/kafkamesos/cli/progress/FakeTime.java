package io.kafkamesos.cli.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** A clock that moves only when the watch sleeps. */
final class FakeTime extends Clock implements Sleeper {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private int sleeps;

    @Override
    public void sleep(Duration duration) {
        now = now.plus(duration);
        sleeps++;
    }

    int sleeps() {
        return sleeps;
    }

    Pacing pacing(Duration interval, Duration timeout) {
        return new Pacing(this, this, interval, java.util.Optional.ofNullable(timeout));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
        return this;
    }
}
