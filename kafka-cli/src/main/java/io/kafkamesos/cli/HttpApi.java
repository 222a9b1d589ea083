package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends one {@link ApiRequest} to the scheduler over HTTP. */
final class HttpApi {

    /** What the scheduler answered. */
    record Answer(int status, String body) {
    }

    // A producer test of many records runs inside the request, hence the long read timeout.
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;

    HttpApi(HttpClient http) {
        this.http = requireNonNull(http, "http");
    }

    static HttpApi create() {
        return new HttpApi(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    Answer send(String serviceUrl, ApiRequest request) throws IOException, InterruptedException {
        URI uri = URI.create(serviceUrl + request.pathAndQuery());
        HttpRequest http = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(request.method(), HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
