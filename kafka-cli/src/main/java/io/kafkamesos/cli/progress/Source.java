package io.kafkamesos.cli.progress;

import io.kafkamesos.cli.support.JsonHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where a watch looks, once per interval. */
@FunctionalInterface
public interface Source {

    Sample poll();

    /** {@code GET uri}: its JSON on 200, else the status and the service's message. */
    static Source get(JsonHttp http, URI uri) {
        return () -> {
            try {
                JsonHttp.Answer answer = http.send("GET", uri, Optional.empty(), Duration.ofSeconds(15));
                if (answer.status() == 200 && answer.json().isPresent()) {
                    return Sample.of(answer.json().get());
                }
                String message = answer.message();
                return Sample.failed("HTTP " + answer.status() + " from GET " + uri
                        + (message.isEmpty() ? "" : ": " + message));
            } catch (JsonHttp.HttpFailure e) {
                return Sample.failed(e.getMessage());
            }
        };
    }
}
