package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpSupport;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code GET /state} (and {@code /master/state}): a read-only JSON snapshot like Mesos'. */
public final class StateEndpoint implements HttpHandler {

  private final Master master;
  private final EventLoop loop;
  private final Supplier<String> masterUrl;
  private final String zkConnect;

  public StateEndpoint(Master master, EventLoop loop, Supplier<String> masterUrl,
      String zkConnect) {
    this.master = Objects.requireNonNull(master);
    this.loop = Objects.requireNonNull(loop);
    this.masterUrl = Objects.requireNonNull(masterUrl);
    this.zkConnect = Objects.requireNonNull(zkConnect);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.path();
    if (!path.equals("/state") && !path.equals("/master/state")
        && !path.equals("/state.json") && !path.equals("/master/state.json")) {
      HttpSupport.reply(exchange, 404, null);
      return;
    }
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      HttpSupport.methodNotAllowed(exchange, "GET");
      return;
    }
    try {
      byte[] json = loop.call(() -> StateJson.render(master.state(), masterUrl.get(), zkConnect));
      HttpSupport.replyJson(exchange, 200, json);
    } catch (RuntimeException e) {
      HttpSupport.reply(exchange, 500, "Internal error: " + e.getMessage());
    }
  }
}
