package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.CallEndpoint;
import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpSupport;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * {@code /api/v1/scheduler} (also {@code /master/api/v1/scheduler}): Mesos' checks in Mesos'
 * order (method, Content-Type, body, call validation, Accept, stream id), then SUBSCRIBE holds
 * the connection as the event stream and every other call is answered at once. No request can stop the master: failures become 500.
 */
public final class SchedulerEndpoint implements HttpHandler {

  public static final String PATH = "/api/v1/scheduler";
  /**
   * Where libprocess serves it, the master process being {@code master}; Mesos' own scheduler
   * library posts here, {@link #PATH} is the alias of the master's delegate.
   */
  public static final String MASTER_PATH = "/master" + PATH;

  private final Master master;
  private final EventLoop loop;
  private final CallEndpoint<Call> calls;

  public SchedulerEndpoint(Master master, EventLoop loop) {
    this.master = Objects.requireNonNull(master);
    this.loop = Objects.requireNonNull(loop);
    this.calls = new CallEndpoint<>(Set.of(PATH, MASTER_PATH), "scheduler::Call",
        Call::newBuilder, CallValidation::validate, this::serve);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    calls.handle(exchange);
  }

  private void serve(HttpExchange exchange, Call call) throws IOException {
    String streamHeader = exchange.header("Mesos-Stream-Id");
    if (call.getType() == Call.Type.SUBSCRIBE) {
      Optional<EventStream> stream = CallEndpoint.subscribeStream(exchange,
          "scheduler '" + call.getSubscribe().getFrameworkInfo().getName() + "'");
      if (stream.isEmpty()) {
        return;
      }
      if (streamHeader != null) {
        HttpSupport.reply(exchange, 400,
            "Subscribe calls should not include the 'Mesos-Stream-Id' header");
        return;
      }
      String streamId = UUID.randomUUID().toString();
      EventStream subscriber = stream.get();
      loop.run(() -> master.subscribe(call.getSubscribe(), subscriber, streamId));
      subscriber.pump(exchange, streamId, s -> loop.post(() -> master.disconnected(s)));
      return;
    }
    CallResult result = loop.call(() -> master.handle(call, streamHeader));
    HttpSupport.reply(exchange, result.status(), result.body());
  }
}
