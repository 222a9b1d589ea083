package io.kafkamesos.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback stand-in for DC/OS's Marathon ({@code /marathon/v2/apps}) and Mesos master
 * ({@code /mesos/master/state}, {@code /mesos/master/teardown}) that keeps apps in memory and records
 * every request, so tests can check what the CLI sent.
 */
final class FakeMarathon implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, String query, String body) {
        JsonNode json() {
            try {
                return TestPackage.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final Map<String, ObjectNode> apps = new LinkedHashMap<>();
    private final Map<String, String> frameworks = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final java.util.Deque<String> statuses = new java.util.ArrayDeque<>();
    private final List<String> serviceRequests = new ArrayList<>();

    FakeMarathon() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/marathon/v2/apps", this::apps);
        server.createContext("/mesos/master/state", this::state);
        server.createContext("/mesos/master/teardown", this::teardown);
        server.createContext("/service/", this::service);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void putApp(ObjectNode app) {
        apps.put(app.get("id").asText().replaceFirst("^/", ""), app);
    }

    synchronized void addFramework(String id, String name) {
        frameworks.put(id, name);
    }

    /**
     * What {@code /service/<name>/v1/status} answers, one after the other (the last one again and
     * again); before any, 404 as DC/OS answers for a framework that is not registered yet.
     */
    synchronized void statuses(List<String> answers) {
        statuses.addAll(answers);
    }

    /** The {@code /service/...} requests, kept apart from Marathon's and the master's. */
    synchronized List<String> serviceRequests() {
        return List.copyOf(serviceRequests);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> requestLines() {
        return requests.stream().map(r -> r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query())).toList();
    }

    synchronized Map<String, ObjectNode> apps() {
        return Map.copyOf(apps);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized Request record(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        return request;
    }

    private void apps(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        String id = request.path().substring("/marathon/v2/apps".length()).replaceFirst("^/", "");
        synchronized (this) {
            switch (request.method() + (id.isEmpty() ? " list" : " one")) {
                case "GET list" -> {
                    ArrayNode list = TestPackage.JSON.createArrayNode();
                    apps.values().forEach(list::add);
                    send(exchange, 200, TestPackage.JSON.createObjectNode().set("apps", list));
                }
                case "POST list" -> {
                    ObjectNode app = (ObjectNode) request.json();
                    String newId = app.get("id").asText().replaceFirst("^/", "");
                    if (apps.containsKey(newId)) {
                        send(exchange, 409, message("An app with id [/" + newId + "] already exists."));
                        return;
                    }
                    app.put("id", "/" + newId);
                    apps.put(newId, app);
                    ObjectNode created = app.deepCopy();
                    created.putArray("deployments").addObject().put("id", "deploy-1");
                    send(exchange, 201, created);
                }
                case "GET one" -> {
                    if (!apps.containsKey(id)) {
                        send(exchange, 404, message("App '/" + id + "' does not exist"));
                        return;
                    }
                    send(exchange, 200, TestPackage.JSON.createObjectNode().set("app", apps.get(id)));
                }
                case "PUT one" -> {
                    apps.put(id, (ObjectNode) request.json());
                    send(exchange, 200, TestPackage.JSON.createObjectNode().put("deploymentId", "deploy-2")
                            .put("version", "2026-01-01T00:00:00.000Z"));
                }
                case "DELETE one" -> {
                    if (apps.remove(id) == null) {
                        send(exchange, 404, message("App '/" + id + "' does not exist"));
                        return;
                    }
                    send(exchange, 200, TestPackage.JSON.createObjectNode().put("deploymentId", "deploy-3"));
                }
                default -> send(exchange, 405, message("not allowed"));
            }
        }
    }

    private void service(HttpExchange exchange) throws IOException {
        String answer;
        synchronized (this) {
            serviceRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            answer = statuses.size() > 1 ? statuses.poll() : statuses.peek();
        }
        if (answer == null || !exchange.getRequestURI().getPath().endsWith("/v1/status")) {
            send(exchange, 404, message("no framework is registered under that name"));
            return;
        }
        send(exchange, 200, TestPackage.JSON.readTree(answer));
    }

    private void state(HttpExchange exchange) throws IOException {
        record(exchange);
        ObjectNode state = TestPackage.JSON.createObjectNode();
        ArrayNode list = state.putArray("frameworks");
        synchronized (this) {
            frameworks.forEach((id, name) -> list.addObject().put("id", id).put("name", name).put("active", false));
        }
        send(exchange, 200, state);
    }

    private void teardown(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        String id = URLDecoder.decode(request.body().replaceFirst("^frameworkId=", ""), StandardCharsets.UTF_8);
        synchronized (this) {
            if (frameworks.remove(id) == null) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static ObjectNode message(String text) {
        return TestPackage.JSON.createObjectNode().put("message", text);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
