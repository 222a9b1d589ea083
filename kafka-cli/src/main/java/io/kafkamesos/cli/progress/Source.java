package io.kafkamesos.cli.progress;

import io.kafkamesos.cli.support.CliException;
import io.kafkamesos.cli.support.JsonHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where a watch looks, once per interval. */
@FunctionalInterface
public interface Source {

    Sample poll();

    /**
     * {@code GET uri}: its JSON on 200, else the status and the service's message. A 401 or 403 ends
     * the watch at once ({@link CliException}, exit 1): asking again would not change who is asking.
     */
    static Source get(JsonHttp http, URI uri) {
        return () -> {
            try {
                JsonHttp.Answer answer = http.send("GET", uri, Optional.empty(), Duration.ofSeconds(15));
                if (answer.status() == 200 && answer.json().isPresent()) {
                    return Sample.of(answer.json().get());
                }
                String message = answer.message();
                if (answer.status() == 401 || answer.status() == 403) {
                    throw new CliException(message + " (HTTP " + answer.status() + " from GET " + uri + ")"
                            + (answer.status() == 401 && !http.hasToken()
                                    ? "; the service asks who you are: dcos config set core.dcos_acs_token <token>"
                                    : ""));
                }
                return Sample.failed("HTTP " + answer.status() + " from GET " + uri
                        + (message.isEmpty() ? "" : ": " + message));
            } catch (JsonHttp.HttpFailure e) {
                return Sample.failed(e.getMessage());
            }
        };
    }
}
