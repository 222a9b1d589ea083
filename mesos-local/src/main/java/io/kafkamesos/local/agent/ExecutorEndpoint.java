package io.kafkamesos.local.agent;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.CallEndpoint;
import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpSupport;
import io.kafkamesos.local.master.CallResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * An agent's {@code /api/v1/executor} (also {@code /slave(1)/api/v1/executor}), with Mesos'
 * checks and messages. When executors must
 * authenticate, a request is authenticated first (as libprocess does before any handler runs:
 * 401 before 405 or 400), and its token's claims are checked against the call once the executor
 * is found (403).
 */
public final class ExecutorEndpoint implements HttpHandler {

  public static final String PATH = "/api/v1/executor";
  /** Where libprocess serves it, the agent process being {@code slave(1)}. */
  public static final String AGENT_PATH = "/slave(1)" + PATH;

  private final ExecutorApi api;
  private final EventLoop loop;
  private final Optional<ExecutorTokens> tokens;

  /** @param tokens present when executors must authenticate */
  public ExecutorEndpoint(ExecutorApi api, EventLoop loop, Optional<ExecutorTokens> tokens) {
    this.api = Objects.requireNonNull(api);
    this.loop = Objects.requireNonNull(loop);
    this.tokens = Objects.requireNonNull(tokens);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Optional<Map<String, String>> claims = Optional.empty();
    if (tokens.isPresent()) {
      ExecutorTokens.Authentication auth = tokens.get()
          .authenticate(exchange.header("Authorization"));
      if (auth.claims().isEmpty()) {
        exchange.reply(401, Map.of("WWW-Authenticate", auth.challenge(),
            "Content-Type", "text/plain; charset=utf-8"),
            ExecutorTokens.UNAUTHORIZED_BODY.getBytes(StandardCharsets.UTF_8));
        return;
      }
      claims = auth.claims();
    }
    Optional<Map<String, String>> principal = claims;
    new CallEndpoint<Call>(Set.of(PATH, AGENT_PATH), "Executor::Call", Call::newBuilder,
        ExecutorCallValidation::validate, (ex, call) -> serve(ex, call, principal))
        .handle(exchange);
  }

  private void serve(HttpExchange exchange, Call call, Optional<Map<String, String>> claims)
      throws IOException {
    Optional<EventStream> stream = Optional.empty();
    if (call.getType() == Call.Type.SUBSCRIBE) {
      stream = CallEndpoint.subscribeStream(exchange,
          "executor '" + call.getExecutorId().getValue() + "'");
      if (stream.isEmpty()) {
        return;
      }
    } else if (call.getType() == Call.Type.HEARTBEAT) {
      HttpSupport.reply(exchange, 202, null);
      return;
    }
    Optional<CallResult> refused = loop.call(() -> api.check(call, claims));
    if (refused.isPresent()) {
      reply(exchange, refused.get());
      return;
    }
    switch (call.getType()) {
      case SUBSCRIBE -> {
        EventStream subscriber = stream.get();
        loop.run(() -> api.subscribe(call, subscriber));
        subscriber.pump(exchange, null, s -> loop.post(() -> api.disconnected(s)));
      }
      case UPDATE -> reply(exchange, loop.call(() -> api.update(call)));
      case MESSAGE -> reply(exchange, loop.call(() -> api.message(call)));
      default -> HttpSupport.reply(exchange, 501, null);
    }
  }

  private static void reply(HttpExchange exchange, CallResult result) throws IOException {
    HttpSupport.reply(exchange, result.status(), result.body());
  }
}
