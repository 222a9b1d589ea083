package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.cli.progress.Sleeper;
import io.kafkamesos.cli.support.JsonHttp;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What one run of the CLI works with: the user's environment and settings, HTTP, the output
 * streams, and time.
 *
 * @param terminal whether stdout is a person's terminal (watches redraw one line in place there)
 * @param columns the terminal's width
 */
record KafkaSession(Map<String, String> env, CliConfig config, JsonHttp http, PrintStream out, PrintStream err,
        boolean terminal, int columns, Clock clock, Sleeper sleeper) {

    KafkaSession {
        env = Map.copyOf(requireNonNull(env, "env"));
        requireNonNull(config, "config");
        requireNonNull(http, "http");
        requireNonNull(out, "out");
        requireNonNull(err, "err");
        requireNonNull(clock, "clock");
        requireNonNull(sleeper, "sleeper");
    }

    /** A run in a pipe (tests, scripts): no terminal, the system clock. */
    static KafkaSession plain(Map<String, String> env, CliConfig config, JsonHttp http, PrintStream out,
            PrintStream err) {
        return new KafkaSession(env, config, http, out, err, false, 100, Clock.systemUTC(), Sleeper.system());
    }
}
