package io.kafkamesos.local.proxy;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpSupport;
import io.kafkamesos.local.master.LeaderRedirect;
import io.kafkamesos.local.master.MasterProcess;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Mesos' operator endpoint {@code POST /master/teardown} (also {@code /teardown}) with the
 * form field {@code frameworkId}: 200 once the framework is torn down (its tasks killed, it moves
 * to completed_frameworks), 400 when the id is missing or no framework has it, as Mesos answers;
 * a master that does not lead redirects to the leader.
 */
public final class TeardownEndpoint implements HttpHandler {

  public static final String PATH = "/master/teardown";
  public static final String SHORT_PATH = "/teardown";

  private final MasterProcess process;
  private final EventLoop loop;

  public TeardownEndpoint(MasterProcess process, EventLoop loop) {
    this.process = Objects.requireNonNull(process, "process");
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!exchange.path().equals(PATH) && !exchange.path().equals(SHORT_PATH)) {
      HttpSupport.reply(exchange, 404, null);
      return;
    }
    if (loop.call(process::leading).isEmpty()) {
      LeaderRedirect.reply(exchange, loop.call(process::leader));
      return;
    }
    if (!exchange.method().equals("POST")) {
      HttpSupport.methodNotAllowed(exchange, "POST");
      return;
    }
    Optional<String> id = formField(new String(exchange.body(), StandardCharsets.UTF_8),
        "frameworkId").or(() -> formField(exchange.query(), "frameworkId"));
    if (id.isEmpty() || id.get().isBlank()) {
      HttpSupport.reply(exchange, 400,
          "Missing 'frameworkId' query parameter in the request body");
      return;
    }
    Optional<Boolean> done;
    try {
      done = loop.call(() -> process.leading().map(m -> m.teardown(id.get())));
    } catch (RuntimeException e) {
      HttpSupport.reply(exchange, 500, "Internal error: " + e.getMessage());
      return;
    }
    if (done.isEmpty()) {
      LeaderRedirect.reply(exchange, loop.call(process::leader));
    } else if (done.get()) {
      HttpSupport.reply(exchange, 200, null);
    } else {
      HttpSupport.reply(exchange, 400, "No framework found with specified ID");
    }
  }

  /** The first value of a field of an {@code application/x-www-form-urlencoded} text. */
  static Optional<String> formField(String form, String name) {
    if (form == null || form.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.trim().equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
            StandardCharsets.UTF_8).trim());
      }
    }
    return Optional.empty();
  }
}
