package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One call of the scheduler's API: method, path below the service URL, query parameters and, for
 * the one endpoint that takes one ({@code POST /v1/users/{name}}), a JSON body. The answer's JSON
 * is printed as the DC/OS CLI prints it.
 */
record ApiRequest(String method, String path, Map<String, String> query, Optional<JsonNode> body)
        implements KafkaAction {

    ApiRequest {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        query = new LinkedHashMap<>(query);
        requireNonNull(body, "body");
    }

    ApiRequest(String method, String path, Map<String, String> query) {
        this(method, path, query, Optional.empty());
    }

    /** Without the body, which may hold a password. */
    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + pathAndQuery() + (body.isPresent() ? " with a body" : "") + "]";
    }

    static ApiRequest of(String method, String path) {
        return new ApiRequest(method, path, Map.of());
    }

    @Override
    public int run(KafkaApi api) {
        return api.call(this);
    }

    /** The path and its encoded query string, as appended to the service URL. */
    String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** A path segment or query component, percent-encoded ({@code %20} rather than {@code +}). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
