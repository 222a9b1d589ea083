package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.cli.support.CliException;
import io.kafkamesos.cli.support.JsonHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of Marathon's REST API the package commands use: {@code /v2/apps} create, get, list,
 * update and delete. The base URL is Marathon's root ({@code $DCOS_URI/marathon} on DC/OS).
 */
public final class MarathonClient {

    /** Fields Marathon reports about a running app that are not part of its definition. */
    private static final List<String> STATUS_FIELDS = List.of("version", "versionInfo", "tasks", "tasksStaged",
            "tasksRunning", "tasksHealthy", "tasksUnhealthy", "deployments", "lastTaskFailure", "taskStats",
            "readinessCheckResults");

    private final JsonHttp http;
    private final String base;

    MarathonClient(JsonHttp http, String baseUrl) {
        this.http = requireNonNull(http, "http");
        this.base = trimSlash(requireNonNull(baseUrl, "baseUrl"));
    }

    public String baseUrl() {
        return base;
    }

    /** {@code /kafka0} and {@code kafka0} name the same app. */
    public static String normalizeId(String id) {
        String out = id.strip();
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        return out;
    }

    /** The app's definition and status, or empty when Marathon has no such app. */
    public Optional<JsonNode> app(String id) {
        JsonHttp.Answer answer = http.send("GET", appUri(id, false), Optional.empty());
        if (answer.status() == 404) {
            return Optional.empty();
        }
        JsonNode body = expect(answer, "GET", appUri(id, false));
        return Optional.of(body.has("app") ? body.get("app") : body);
    }

    /** Every app Marathon runs. */
    public List<JsonNode> apps() {
        URI uri = URI.create(base + "/v2/apps");
        JsonNode body = expect(http.send("GET", uri, Optional.empty()), "GET", uri);
        List<JsonNode> apps = new ArrayList<>();
        body.path("apps").forEach(apps::add);
        return apps;
    }

    /** Creates the app; a Marathon refusal (409 exists, 422 invalid) is a {@link MarathonException}. */
    public JsonNode create(JsonNode app) {
        URI uri = URI.create(base + "/v2/apps");
        return expect(http.send("POST", uri, Optional.of(app)), "POST", uri);
    }

    /** Replaces the app's definition; Marathon redeploys it. */
    public JsonNode update(String id, JsonNode definition, boolean force) {
        URI uri = appUri(id, force);
        return expect(http.send("PUT", uri, Optional.of(definition)), "PUT", uri);
    }

    /** Destroys the app: Marathon kills its task. */
    public JsonNode delete(String id, boolean force) {
        URI uri = appUri(id, force);
        return expect(http.send("DELETE", uri, Optional.empty()), "DELETE", uri);
    }

    /** The definition part of what {@link #app} answered, fit to be sent back with {@link #update}. */
    public static ObjectNode definition(JsonNode app) {
        ObjectNode copy = app.deepCopy();
        STATUS_FIELDS.forEach(copy::remove);
        return copy;
    }

    private URI appUri(String id, boolean force) {
        return URI.create(base + "/v2/apps/" + URLEncoder.encode(normalizeId(id), StandardCharsets.UTF_8)
                + (force ? "?force=true" : ""));
    }

    private static JsonNode expect(JsonHttp.Answer answer, String method, URI uri) {
        if (!answer.ok()) {
            throw new MarathonException(answer.status(), answer.message(), method + " " + uri);
        }
        return answer.json().orElseGet(() -> JsonHttp.JSON.createObjectNode());
    }

    private static String trimSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** Marathon answered with an error status. */
    public static final class MarathonException extends CliException {
        private final int status;

        MarathonException(int status, String message, String request) {
            super(message + " (HTTP " + status + " from " + request + ")");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
