package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.progress.Pacing;
import io.kafkamesos.cli.progress.ProgressOutput;
import io.kafkamesos.cli.progress.Source;
import io.kafkamesos.cli.support.CliRunner;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.JsonPrinter;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One cluster's scheduler API as the commands use it: a call whose JSON answer is printed (and
 * whose error is said), and the sources and output the watches read and write.
 */
final class KafkaApi {

    // A producer test of many records runs inside the request, hence the long read timeout.
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final String serviceUrl;
    private final String frameworkName;
    private final KafkaSession session;

    KafkaApi(String serviceUrl, String frameworkName, KafkaSession session) {
        this.serviceUrl = requireNonNull(serviceUrl, "serviceUrl");
        this.frameworkName = requireNonNull(frameworkName, "frameworkName");
        this.session = requireNonNull(session, "session");
    }

    String frameworkName() {
        return frameworkName;
    }

    /** Sends the request and prints the answer: 0, or 1 when the service refused or failed. */
    int call(ApiRequest request) {
        PrintStream out = session.out();
        PrintStream err = session.err();
        URI uri;
        try {
            uri = URI.create(serviceUrl + request.pathAndQuery());
        } catch (IllegalArgumentException e) {
            err.println("Error: invalid service URL " + serviceUrl + ": " + e.getMessage());
            return CliRunner.FAILED;
        }
        JsonHttp.Answer answer = session.http().send(request.method(), uri, request.body(), REQUEST_TIMEOUT);
        Optional<JsonNode> json = answer.json();
        if (answer.status() >= 400) {
            err.println("Error: " + answer.message() + " (HTTP " + answer.status() + " from " + request.method() + " "
                    + uri + ")");
            if (answer.status() == 401) {
                err.println(session.http().hasToken()
                        ? "The token of " + CliConfig.TOKEN_VARIABLE + " or " + CliConfig.ACS_TOKEN + " was refused;"
                                + " check it with the cluster's operator."
                        : "The service asks who you are: dcos config set " + CliConfig.ACS_TOKEN + " <token>"
                                + " (or export " + CliConfig.TOKEN_VARIABLE + "=<token>).");
            }
            return CliRunner.FAILED;
        }
        if (json.isPresent()) {
            out.println(JsonPrinter.pretty(json.get()));
            // The envelope carries the outcome of the operation itself (e.g. a failed producer test).
            JsonNode exitCode = json.get().path("exit_code");
            return exitCode.isInt() && exitCode.intValue() != 0 ? CliRunner.FAILED : CliRunner.OK;
        }
        if (!answer.body().isEmpty()) {
            out.println(answer.body());
        }
        return CliRunner.OK;
    }

    /** {@code GET path} once per look of a watch. */
    Source source(String path) {
        return Source.get(session.http(), URI.create(serviceUrl + path));
    }

    ProgressOutput output() {
        return ProgressOutput.of(session.out(), session.terminal(), session.columns());
    }

    boolean terminal() {
        return session.terminal();
    }

    Pacing pacing(Duration interval, Optional<Duration> timeout) {
        return new Pacing(session.clock(), session.sleeper(), interval, timeout);
    }
}
