package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.CallBody;
import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpServerLite;
import io.kafkamesos.local.http.HttpSupport;
import io.kafkamesos.local.master.CallResult;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.executor.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An agent's {@code /api/v1/executor}, with Mesos' checks and messages. */
public final class ExecutorEndpoint implements HttpServerLite.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEndpoint.class);
  public static final String PATH = "/api/v1/executor";

  private final ExecutorApi api;
  private final EventLoop loop;

  public ExecutorEndpoint(ExecutorApi api, EventLoop loop) {
    this.api = Objects.requireNonNull(api);
    this.loop = Objects.requireNonNull(loop);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (RuntimeException e) {
      LOG.error("executor call failed", e);
      HttpSupport.reply(exchange, 500, "Internal error: " + e.getMessage());
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    if (!exchange.path().equals(PATH)) {
      HttpSupport.reply(exchange, 404, null);
      return;
    }
    if (!exchange.method().equals("POST")) {
      HttpSupport.methodNotAllowed(exchange, "POST");
      return;
    }
    CallBody<Call> body = CallBody.parse(HttpSupport.contentType(exchange).orElse(null),
        exchange.body(), Call.newBuilder());
    if (body.call().isEmpty()) {
      HttpSupport.reply(exchange, body.status(), body.error());
      return;
    }
    Call call = body.call().get();
    Optional<String> invalid = ExecutorCallValidation.validate(call);
    if (invalid.isPresent()) {
      HttpSupport.reply(exchange, 400, "Failed to validate Executor::Call: " + invalid.get());
      return;
    }
    Optional<ContentType> accept = Optional.empty();
    Optional<ContentType> recordio = HttpSupport.recordioType(exchange);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      accept = recordio.or(() -> HttpSupport.acceptType(exchange));
      if (accept.isEmpty()) {
        HttpSupport.reply(exchange, 406, "Expecting 'Accept' to allow '"
            + ContentType.PROTOBUF.mediaType() + "' or '" + ContentType.JSON.mediaType() + "'");
        return;
      }
    } else if (call.getType() == Call.Type.HEARTBEAT) {
      HttpSupport.reply(exchange, 202, null);
      return;
    }
    Optional<CallResult> refused = loop.call(() -> api.check(call));
    if (refused.isPresent()) {
      HttpSupport.reply(exchange, refused.get().status(), refused.get().body());
      return;
    }
    switch (call.getType()) {
      case SUBSCRIBE -> {
        EventStream stream = new EventStream(accept.get(), recordio.isPresent(),
            "executor '" + call.getExecutorId().getValue() + "'");
        loop.run(() -> api.subscribe(call, stream));
        stream.pump(exchange, null, s -> loop.post(() -> api.disconnected(s)));
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
