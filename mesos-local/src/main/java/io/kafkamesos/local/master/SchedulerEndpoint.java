package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.CallBody;
import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpServerLite;
import io.kafkamesos.local.http.HttpSupport;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/scheduler}: Mesos' checks in Mesos' order (method, Content-Type, body, call
 * validation, Accept, stream id), then SUBSCRIBE holds the connection as the event stream and
 * every other call is answered at once. No request can stop the master: failures become 500.
 */
public final class SchedulerEndpoint implements HttpServerLite.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerEndpoint.class);
  public static final String PATH = "/api/v1/scheduler";

  private final Master master;
  private final EventLoop loop;

  public SchedulerEndpoint(Master master, EventLoop loop) {
    this.master = Objects.requireNonNull(master);
    this.loop = Objects.requireNonNull(loop);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (RuntimeException e) {
      LOG.error("scheduler call failed", e);
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
    Optional<String> invalid = CallValidation.validate(call);
    if (invalid.isPresent()) {
      HttpSupport.reply(exchange, 400, "Failed to validate scheduler::Call: " + invalid.get());
      return;
    }
    String streamHeader = exchange.header("Mesos-Stream-Id");
    if (call.getType() == Call.Type.SUBSCRIBE) {
      Optional<ContentType> recordio = HttpSupport.recordioType(exchange);
      Optional<ContentType> accept = recordio.or(() -> HttpSupport.acceptType(exchange));
      if (accept.isEmpty()) {
        HttpSupport.reply(exchange, 406, "Expecting 'Accept' to allow '"
            + ContentType.PROTOBUF.mediaType() + "' or '" + ContentType.JSON.mediaType() + "'");
        return;
      }
      if (streamHeader != null) {
        HttpSupport.reply(exchange, 400,
            "Subscribe calls should not include the 'Mesos-Stream-Id' header");
        return;
      }
      String streamId = UUID.randomUUID().toString();
      EventStream stream = new EventStream(accept.get(), recordio.isPresent(),
          "scheduler '" + call.getSubscribe().getFrameworkInfo().getName() + "'");
      loop.run(() -> master.subscribe(call.getSubscribe(), stream, streamId));
      stream.pump(exchange, streamId, s -> loop.post(() -> master.disconnected(s)));
      return;
    }
    CallResult result = loop.call(() -> master.handle(call, streamHeader));
    HttpSupport.reply(exchange, result.status(), result.body());
  }
}
