package io.kafkamesos.cli.support;

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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The CLI's one HTTP client: a call with an optional JSON (or form) body, answered with the status
 * and the body. Transport failures (nothing listens, no answer in time) become a
 * {@link HttpFailure} that names the request; an error status is an answer, for the caller to read.
 * With a token ({@code core.dcos_acs_token}, {@code DCOS_ACS_TOKEN}) every request carries
 * {@code Authorization: token=<token>}, as the DC/OS CLI sends it to its cluster: adminrouter, the
 * scheduler's {@code API_AUTH} and mesos-local all read that form. The token never appears in a
 * message.
 */
public final class JsonHttp {

    /** What the server answered. */
    public record Answer(int status, String body) {

        public Answer {
            body = body == null ? "" : body;
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON, or empty when it is blank or not JSON. */
        public Optional<JsonNode> json() {
            if (body.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(JSON.readTree(body));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }

        /** The {@code message} of a JSON error (ours, Marathon's, Dropwizard's), else the body itself. */
        public String message() {
            return json().map(j -> j.path("message").asText(null)).filter(m -> !m.isBlank()).orElse(body.strip());
        }
    }

    /** No answer: nothing listens at the address, the answer took too long, or the connection broke. */
    public static final class HttpFailure extends CliException {
        HttpFailure(String message) {
            super(message);
        }
    }

    public static final ObjectMapper JSON = new ObjectMapper();
    /** What a call may take unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Optional<String> token;

    public JsonHttp(HttpClient http) {
        this(http, Optional.empty());
    }

    /** @param token sent as {@code Authorization: token=<token>} with every request */
    public JsonHttp(HttpClient http, Optional<String> token) {
        this.http = requireNonNull(http, "http");
        this.token = requireNonNull(token, "token").filter(t -> !t.isBlank());
    }

    public static JsonHttp create() {
        return create(Optional.empty());
    }

    public static JsonHttp create(Optional<String> token) {
        return create(token, Optional.empty());
    }

    /**
     * @param trust the authorities https answers must come from ({@code core.ssl_verify}); empty for
     *     the JVM's own
     */
    public static JsonHttp create(Optional<String> token, Optional<SSLContext> trust) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        trust.ifPresent(http::sslContext);
        return new JsonHttp(http.build(), token);
    }

    /** Whether requests carry a token. */
    public boolean hasToken() {
        return token.isPresent();
    }

    /** A call within {@link #DEFAULT_TIMEOUT}. */
    public Answer send(String method, URI uri, Optional<JsonNode> body) {
        return send(method, uri, body, DEFAULT_TIMEOUT);
    }

    /**
     * @throws HttpFailure when there is no answer within {@code timeout}
     */
    public Answer send(String method, URI uri, Optional<JsonNode> body, Duration timeout) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri)).timeout(timeout)
                .header("Accept", "application/json");
        if (body.isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.get().toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(method, uri, request.build(), timeout);
    }

    /** A form POST (the Mesos master's {@code /master/teardown} takes one). */
    public Answer sendForm(URI uri, String form) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri)).timeout(DEFAULT_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return send("POST", uri, request, DEFAULT_TIMEOUT);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        token.ifPresent(t -> request.header("Authorization", "token=" + t));
        return request;
    }

    private Answer send(String method, URI uri, HttpRequest request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new HttpFailure("cannot connect to " + uri + " (" + method + "); is the address right and the "
                    + "service running?");
        } catch (HttpTimeoutException e) {
            throw new HttpFailure("no answer from " + method + " " + uri + " within " + seconds(timeout));
        } catch (SSLHandshakeException e) {
            throw new HttpFailure("the TLS certificate of " + uri.getHost() + ":" + uri.getPort() + " is not"
                    + " trusted (" + e.getMessage() + "). For a scheduler with API_TLS, save its CA"
                    + " (GET /v1/tls/ca) and point the CLI at it: dcos config set core.ssl_verify"
                    + " /path/to/ca.pem (or export DCOS_SSL_VERIFY=/path/to/ca.pem)");
        } catch (IOException e) {
            throw new HttpFailure(method + " " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpFailure("interrupted during " + method + " " + uri);
        } catch (IllegalArgumentException e) {
            throw new HttpFailure("cannot send " + method + " " + uri + ": " + e.getMessage());
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toSeconds() + " s";
    }
}
