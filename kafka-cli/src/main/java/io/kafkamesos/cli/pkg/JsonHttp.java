package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** One HTTP call with a JSON (or form) body and an answer; transport failures become {@link PackageException}. */
final class JsonHttp {

    /** What the server answered. */
    record Answer(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Optional<JsonNode> json() {
            if (body == null || body.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readTree(body));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }

        /** Marathon's and our services' {@code message}, else the body itself. */
        String message() {
            return json().map(j -> j.path("message").asText(null)).filter(m -> !m.isBlank())
                    .orElse(body == null ? "" : body.strip());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    JsonHttp(HttpClient http) {
        this.http = requireNonNull(http, "http");
    }

    static JsonHttp create() {
        return new JsonHttp(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    Answer send(String method, URI uri, Optional<JsonNode> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
        if (body.isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.get().toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(method, uri, request.build());
    }

    Answer sendForm(URI uri, String form) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return send("POST", uri, request);
    }

    private Answer send(String method, URI uri, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new PackageException("cannot connect to " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (" + method + " " + uri + "); is DCOS_URI right and the cluster running?");
        } catch (HttpTimeoutException e) {
            throw new PackageException("no answer from " + method + " " + uri + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new PackageException(method + " " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackageException("interrupted during " + method + " " + uri);
        }
    }
}
