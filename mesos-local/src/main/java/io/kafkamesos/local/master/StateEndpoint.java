package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpSupport;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /state} (also {@code /master/state}, {@code /state.json},
 * {@code /master/state.json}): a read-only JSON snapshot like Mesos'. A master that does not lead
 * redirects to the leader, as Mesos' does.
 */
public final class StateEndpoint implements HttpHandler {

  public static final Set<String> PATHS = Set.of("/state", "/master/state", "/state.json",
      "/master/state.json");

  private final MasterProcess process;
  private final EventLoop loop;
  private final String masterUrl;
  private final String zkConnect;

  /** @param masterUrl this master's own URL */
  public StateEndpoint(MasterProcess process, EventLoop loop, String masterUrl,
      String zkConnect) {
    this.process = Objects.requireNonNull(process);
    this.loop = Objects.requireNonNull(loop);
    this.masterUrl = Objects.requireNonNull(masterUrl);
    this.zkConnect = Objects.requireNonNull(zkConnect);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!PATHS.contains(exchange.decodedPath())) {
      HttpSupport.reply(exchange, 404, null);
      return;
    }
    Optional<byte[]> json;
    try {
      json = loop.call(() -> process.leading()
          .map(m -> StateJson.render(m.state(), masterUrl, zkConnect)));
    } catch (RuntimeException e) {
      HttpSupport.reply(exchange, 500, "Internal error: " + e.getMessage());
      return;
    }
    if (json.isEmpty()) {
      LeaderRedirect.reply(exchange, loop.call(process::leader));
      return;
    }
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      HttpSupport.methodNotAllowed(exchange, "GET");
      return;
    }
    HttpSupport.replyJson(exchange, 200, json.get());
  }
}
