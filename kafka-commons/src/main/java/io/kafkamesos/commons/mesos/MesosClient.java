package io.kafkamesos.commons.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Mesos v1 HTTP API (scheduler or executor). It holds the subscription's event
 * stream on a thread of its own, hands each event to the {@link Listener} in order, sends calls with
 * the stream's {@code Mesos-Stream-Id}, treats missed heartbeats as a broken connection, and
 * re-subscribes with backoff until closed.
 *
 * <p>The subscribe call is asked for anew on each connection, so that a scheduler re-subscribes with
 * the framework id it was given. Listener exceptions are logged and never end the stream.
 *
 * @param <C> the call message
 * @param <E> the event message
 */
public final class MesosClient<C extends Message, E extends Message> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MesosClient.class);
  public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";

  /** Receives the life of a subscription, on the client's stream thread. */
  public interface Listener<E> {
    /** The subscription stream is open; events follow. */
    default void connected() {
    }

    void received(E event);

    /** The stream ended or could not be opened; the client will try again after a backoff. */
    default void disconnected(String reason) {
    }
  }

  private final URI endpoint;
  private final MesosApi<C, E> api;
  private final ContentType contentType;
  private final Supplier<C> subscribeCall;
  private final Listener<E> listener;
  private final Backoff backoff;
  private final Clock clock;
  private final int heartbeatMisses;
  private final HttpClient http;
  private final Map<String, String> headers;
  private final ScheduledExecutorService watchdog;
  private final Thread streamThread;

  private volatile boolean closed;
  private volatile String streamId;
  private volatile InputStream stream;
  private volatile Instant lastReceived;
  private volatile Duration heartbeatInterval;

  private MesosClient(Builder<C, E> b) {
    this.endpoint = URI.create(stripSlash(b.baseUrl) + b.api.path());
    this.api = b.api;
    this.contentType = b.contentType;
    this.subscribeCall = Objects.requireNonNull(b.subscribeCall, "subscribeCall");
    this.listener = Objects.requireNonNull(b.listener, "listener");
    this.backoff = b.backoff;
    this.clock = b.clock;
    this.heartbeatMisses = b.heartbeatMisses;
    this.headers = Map.copyOf(b.headers);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, b.name + "-heartbeat-watchdog");
      t.setDaemon(true);
      return t;
    });
    this.streamThread = new Thread(this::run, b.name + "-stream");
    this.streamThread.setDaemon(true);
  }

  public static <C extends Message, E extends Message> Builder<C, E> builder(
      String baseUrl, MesosApi<C, E> api) {
    return new Builder<>(baseUrl, api);
  }

  /** Starts subscribing; returns at once. */
  public MesosClient<C, E> start() {
    streamThread.start();
    watchdog.scheduleWithFixedDelay(this::checkHeartbeats, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The id of the current stream, once subscribed. */
  public Optional<String> streamId() {
    return Optional.ofNullable(streamId);
  }

  public boolean isConnected() {
    return stream != null;
  }

  /**
   * Sends one call and waits for the answer ({@code 202 Accepted} for every call but SUBSCRIBE).
   *
   * @throws MesosHttpException when the endpoint refuses the call
   * @throws UncheckedIOException when it cannot be reached
   */
  public void send(C call) {
    HttpRequest.Builder request = request(call);
    String id = streamId;
    if (api.usesStreamIds() && id != null) {
      request.header(STREAM_ID_HEADER, id);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
    if (response.statusCode() / 100 != 2) {
      throw new MesosHttpException(response.statusCode(), response.body());
    }
  }

  @Override
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    streamThread.interrupt();
    closeStream();
    try {
      streamThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    int attempt = 0;
    while (!closed) {
      String failure;
      try {
        boolean subscribed = subscribeAndRead();
        failure = "event stream ended";
        if (subscribed) {
          attempt = 0;
        }
      } catch (MesosHttpException e) {
        failure = "subscription refused: " + e.getMessage();
      } catch (IOException | UncheckedIOException e) {
        failure = "connection to " + endpoint + " failed: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      streamId = null;
      stream = null;
      if (closed) {
        return;
      }
      String reason = failure;
      Duration delay = backoff.delay(attempt++);
      LOG.info("{}; re-subscribing in {} ms", reason, delay.toMillis());
      safely(() -> listener.disconnected(reason));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Returns whether at least one event arrived, that is, whether the subscription took. */
  private boolean subscribeAndRead() throws IOException, InterruptedException {
    HttpRequest request = request(subscribeCall.get()).build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      throw new MesosHttpException(response.statusCode(), body);
    }
    streamId = response.headers().firstValue(STREAM_ID_HEADER).orElse(null);
    stream = response.body();
    lastReceived = clock.instant();
    heartbeatInterval = null;
    boolean any = false;
    safely(listener::connected);
    try (InputStream in = stream) {
      RecordIO.Reader reader = new RecordIO.Reader(in);
      Optional<byte[]> record;
      while (!closed && (record = reader.next()).isPresent()) {
        lastReceived = clock.instant();
        E event = decode(record.get());
        api.heartbeatInterval(event).ifPresent(interval -> heartbeatInterval = interval);
        any = true;
        safely(() -> listener.received(event));
      }
    }
    return any;
  }

  private E decode(byte[] record) throws IOException {
    try {
      return contentType.decode(record, api.newEventBuilder());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("undecodable event: " + e.getMessage(), e);
    }
  }

  private void checkHeartbeats() {
    Duration interval = heartbeatInterval;
    Instant last = lastReceived;
    if (interval == null || last == null || stream == null) {
      return;
    }
    Duration silence = Duration.between(last, clock.instant());
    if (silence.compareTo(interval.multipliedBy(heartbeatMisses)) > 0) {
      LOG.warn("no event or heartbeat for {} ms ({} heartbeats missed); dropping the connection",
          silence.toMillis(), heartbeatMisses);
      closeStream();
    }
  }

  private void closeStream() {
    InputStream in = stream;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing to break the reader; nothing to do
      }
    }
  }

  private HttpRequest.Builder request(C call) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType.mediaType())
        .header("Accept", contentType.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(contentType.encode(call)));
    headers.forEach(request::header);
    return request;
  }

  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("listener failed; the stream goes on", e);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a client; only the base URL, API, subscribe call and listener are required. */
  public static final class Builder<C extends Message, E extends Message> {
    private final String baseUrl;
    private final MesosApi<C, E> api;
    private ContentType contentType = ContentType.PROTOBUF;
    private Supplier<C> subscribeCall;
    private Listener<E> listener;
    private Backoff backoff = Backoff.standard();
    private Clock clock = Clock.systemUTC();
    private int heartbeatMisses = 5;
    private String name = "mesos";
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder(String baseUrl, MesosApi<C, E> api) {
      this.baseUrl = Objects.requireNonNull(baseUrl);
      this.api = Objects.requireNonNull(api);
    }

    public Builder<C, E> contentType(ContentType contentType) {
      this.contentType = Objects.requireNonNull(contentType);
      return this;
    }

    public Builder<C, E> subscribeCall(Supplier<C> subscribeCall) {
      this.subscribeCall = subscribeCall;
      return this;
    }

    public Builder<C, E> listener(Listener<E> listener) {
      this.listener = listener;
      return this;
    }

    public Builder<C, E> backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff);
      return this;
    }

    public Builder<C, E> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How many heartbeat intervals of silence end the connection (default 5). */
    public Builder<C, E> heartbeatMisses(int misses) {
      this.heartbeatMisses = misses;
      return this;
    }

    /**
     * A header sent with SUBSCRIBE and every call, such as an executor's
     * {@code Authorization: Bearer <MESOS_EXECUTOR_AUTHENTICATION_TOKEN>}.
     */
    public Builder<C, E> header(String name, String value) {
      headers.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** A name for the client's threads and logs. */
    public Builder<C, E> name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    public MesosClient<C, E> build() {
      return new MesosClient<>(this);
    }
  }
}
