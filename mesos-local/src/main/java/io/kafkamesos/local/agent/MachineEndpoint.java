package io.kafkamesos.local.agent;

import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A mesos-local extension (Mesos has nothing like it): {@code POST /local/agents/<hostname>/stop}
 * kills an agent's machine, {@code POST /local/agents/<hostname>/start} brings it back. Answers
 * 200 {@code {"hostname","state"}}, 404 for an unknown hostname or action, 409 when the agent is
 * already in that state, 405 for another method; errors are JSON {@code {"message"}}.
 */
public final class MachineEndpoint implements HttpHandler {

  public static final String PATH = "/local/agents";

  /** What the endpoint acts on: mesos-local's stopAgent and startAgent. */
  public interface Machines {
    /** Kills the agent's machine; IllegalArgumentException for an unknown hostname. */
    void stop(String hostname);

    /** Brings it back; IllegalStateException when it is running. */
    void start(String hostname);
  }

  private final Machines machines;

  public MachineEndpoint(Machines machines) {
    this.machines = Objects.requireNonNull(machines);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String[] parts = exchange.path().substring(PATH.length()).split("/");
    // "", hostname, action
    if (parts.length != 3 || parts[1].isEmpty()
        || !(parts[2].equals("stop") || parts[2].equals("start"))) {
      json(exchange, 404, "{\"message\":\"expected POST " + PATH
          + "/<hostname>/stop or /start\"}");
      return;
    }
    if (!exchange.method().equals("POST")) {
      exchange.reply(405, Map.of("Allow", "POST", "Content-Type", "application/json"),
          "{\"message\":\"use POST\"}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String hostname = parts[1];
    boolean stop = parts[2].equals("stop");
    try {
      if (stop) {
        machines.stop(hostname);
      } else {
        machines.start(hostname);
      }
    } catch (IllegalArgumentException e) {
      json(exchange, 404, message(e.getMessage()));
      return;
    } catch (IllegalStateException e) {
      json(exchange, 409, message(e.getMessage()));
      return;
    } catch (RuntimeException e) {
      json(exchange, 500, message("failed: " + e.getMessage()));
      return;
    }
    json(exchange, 200, "{\"hostname\":\"" + hostname + "\",\"state\":\""
        + (stop ? "stopped" : "started") + "\"}");
  }

  private static String message(String text) {
    return "{\"message\":\"" + String.valueOf(text).replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}";
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    exchange.reply(status, Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
