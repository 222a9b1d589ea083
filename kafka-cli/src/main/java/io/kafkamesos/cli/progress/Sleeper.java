package io.kafkamesos.cli.progress;

import java.time.Duration;

/** Waits between two looks of a watch; tests pass one that only moves their clock. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
