package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.BasicAuthenticator;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/scheduler} (also {@code /master/api/v1/scheduler}) of one master: a master that
 * does not lead redirects to the leader (307, or 503 when none is known) before anything else,
 * as Mesos' does; the leader makes Mesos' checks in Mesos' order (method, Content-Type, body,
 * call validation, Accept, stream id), then SUBSCRIBE holds the connection as the event stream
 * and every other call is answered at once. No request can stop the master: failures become 500.
 */
public final class SchedulerEndpoint implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerEndpoint.class);
  public static final String PATH = "/api/v1/scheduler";
  /**
   * Where libprocess serves it, the master process being {@code master}; Mesos' own scheduler
   * library posts here, {@link #PATH} is the alias of the master's delegate.
   */
  public static final String MASTER_PATH = "/master" + PATH;

  private final MasterProcess process;
  private final EventLoop loop;
  private final Optional<BasicAuthenticator> authenticator;
  private final CallEndpoint<Call> calls;

  /**
   * @param authenticator when present, every request must authenticate (Mesos'
   *     {@code --authenticate_http_frameworks}); it does before anything else, the redirect of a
   *     master that does not lead included, as libprocess authenticates a route first
   */
  public SchedulerEndpoint(MasterProcess process, EventLoop loop,
      Optional<BasicAuthenticator> authenticator) {
    this.process = Objects.requireNonNull(process);
    this.loop = Objects.requireNonNull(loop);
    this.authenticator = Objects.requireNonNull(authenticator);
    this.calls = new CallEndpoint<Call>(Set.of(PATH, MASTER_PATH), "scheduler::Call",
        Call::newBuilder, (call, principal) -> CallValidation.validate(call, principal),
        this::serve);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (authenticator.isPresent()) {
      Optional<String> principal = authenticator.get().authenticate(exchange);
      if (principal.isEmpty()) {
        authenticator.get().challenge(exchange);
        return;
      }
      exchange.authenticated(principal.get());
    }
    if (loop.call(process::leading).isEmpty()) {
      LeaderRedirect.reply(exchange, loop.call(process::leader));
      return;
    }
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
      Call.Subscribe subscribe = withPrincipal(call.getSubscribe(), exchange.principal());
      Optional<Master> master = loop.call(() -> process.leading().map(m -> {
        m.subscribe(subscribe, subscriber, streamId);
        return m;
      }));
      if (master.isEmpty()) { // it stopped leading meanwhile
        LeaderRedirect.reply(exchange, loop.call(process::leader));
        return;
      }
      subscriber.pump(exchange, streamId, s -> loop.post(() -> master.get().disconnected(s)));
      return;
    }
    Optional<CallResult> result = loop.call(() -> process.leading()
        .map(m -> m.handle(call, streamHeader, exchange.principal())));
    if (result.isEmpty()) {
      LeaderRedirect.reply(exchange, loop.call(process::leader));
      return;
    }
    HttpSupport.reply(exchange, result.get().status(), result.get().body());
  }

  /**
   * As http.cpp: a framework that authenticated but names no principal in its FrameworkInfo
   * subscribes with the authenticated one.
   */
  private static Call.Subscribe withPrincipal(Call.Subscribe subscribe,
      Optional<String> principal) {
    if (principal.isEmpty() || subscribe.getFrameworkInfo().hasPrincipal()) {
      return subscribe;
    }
    LOG.warn("Setting 'principal' in FrameworkInfo to '{}' because the framework authenticated"
        + " with that principal but did not set it in FrameworkInfo", principal.get());
    return subscribe.toBuilder().setFrameworkInfo(subscribe.getFrameworkInfo().toBuilder()
        .setPrincipal(principal.get())).build();
  }
}
