package io.kafkamesos.local.http;

import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.ContentType;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request checks Mesos' scheduler and executor endpoints share, in Mesos' order and with its
 * messages: path, method, Content-Type and body, call validation. A call that passes them goes to
 * the {@link CallHandler}; anything it throws becomes a 500, so no request can stop the process.
 * The Accept check, which only SUBSCRIBE needs, is {@link #subscribeStream}.
 *
 * @param <C> the call type
 */
public final class CallEndpoint<C extends Message> implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CallEndpoint.class);

  /** What an endpoint does with a call that passed the shared checks; it must answer it. */
  @FunctionalInterface
  public interface CallHandler<C> {
    void serve(HttpExchange exchange, C call) throws IOException;
  }

  private final Set<String> paths;
  private final String callName;
  private final Supplier<? extends Message.Builder> builders;
  private final BiFunction<C, Optional<String>, Optional<String>> validation;
  private final CallHandler<C> handler;

  /**
   * @param paths the endpoint's path and its aliases (decoded), e.g. {@code /api/v1/scheduler}
   *     and {@code /master/api/v1/scheduler}
   * @param callName how Mesos names the call in validation errors, e.g. {@code scheduler::Call}
   * @param validation the reason a decoded call is invalid, if it is
   */
  public CallEndpoint(Set<String> paths, String callName,
      Supplier<? extends Message.Builder> builders, Function<C, Optional<String>> validation,
      CallHandler<C> handler) {
    this(paths, callName, builders, (call, principal) -> validation.apply(call), handler);
  }

  /**
   * @param validation the reason a decoded call is invalid, if it is, given the principal the
   *     request authenticated as (if any)
   */
  public CallEndpoint(Set<String> paths, String callName,
      Supplier<? extends Message.Builder> builders,
      BiFunction<C, Optional<String>, Optional<String>> validation, CallHandler<C> handler) {
    this.paths = Set.copyOf(paths);
    this.callName = Objects.requireNonNull(callName);
    this.builders = Objects.requireNonNull(builders);
    this.validation = Objects.requireNonNull(validation);
    this.handler = Objects.requireNonNull(handler);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (RuntimeException e) {
      LOG.error("{} on {} failed", callName, exchange.path(), e);
      HttpSupport.reply(exchange, 500, "Internal error: " + e.getMessage());
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    if (!paths.contains(exchange.decodedPath())) {
      HttpSupport.reply(exchange, 404, null);
      return;
    }
    if (!exchange.method().equals("POST")) {
      HttpSupport.methodNotAllowed(exchange, "POST");
      return;
    }
    CallBody<C> body = CallBody.parse(HttpSupport.contentType(exchange).orElse(null),
        exchange.body(), builders.get());
    if (body.call().isEmpty()) {
      HttpSupport.reply(exchange, body.status(), body.error());
      return;
    }
    C call = body.call().get();
    Optional<String> invalid = validation.apply(call, exchange.principal());
    if (invalid.isPresent()) {
      HttpSupport.reply(exchange, 400, "Failed to validate " + callName + ": " + invalid.get());
      return;
    }
    handler.serve(exchange, call);
  }

  /**
   * The event stream a SUBSCRIBE asks for through its Accept headers; when they allow neither
   * JSON nor protobuf, answers 406 and returns empty. Nothing is sent on the stream yet.
   */
  public static Optional<EventStream> subscribeStream(HttpExchange exchange, String name)
      throws IOException {
    Optional<ContentType> recordio = HttpSupport.recordioType(exchange);
    Optional<ContentType> accept = recordio.or(() -> HttpSupport.acceptType(exchange));
    if (accept.isEmpty()) {
      HttpSupport.reply(exchange, 406, "Expecting 'Accept' to allow '"
          + ContentType.PROTOBUF.mediaType() + "' or '" + ContentType.JSON.mediaType() + "'");
      return Optional.empty();
    }
    return Optional.of(new EventStream(accept.get(), recordio.isPresent(), name));
  }
}
