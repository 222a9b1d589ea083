package io.kafkamesos.commons.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Mesos v1 HTTP API (scheduler or executor). It holds the subscription's event
 * stream on a thread of its own, hands each event to the {@link Listener} in order, sends calls with
 * the stream's {@code Mesos-Stream-Id}, treats missed heartbeats as a broken connection, and
 * re-subscribes with backoff until closed.
 *
 * <p>Where: on every (re)connection it asks its {@link MasterLocator} for the masters and subscribes
 * to the first that takes the subscription, following a non-leader's {@code 307} to the leader
 * ({@link MasterRequests}). Calls go to the master that holds the stream. When the stream ends, the
 * next connection asks the locator again, so a new leader is found.
 *
 * <p>When it fails (503 while a master recovers, a refused connection, 401 for a bad credential,
 * ...) it waits a jittered, growing {@link Backoff} before the next try, and {@link #status()} says
 * why it waits and until when. While the master is away (cannot be reached, answers 503, none is
 * registered: what an election explains, a crashed leader staying named until its ZooKeeper
 * session expires) the pauses stop growing at {@link Builder#masterAwayMax}, so that the new leader
 * is found soon after its election; refusals (401, 403, other 4xx, redirect loops) back off all the
 * way. The {@link Credential}, if any, goes into every request.
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
  /** The longest pause while the master is away (Mesos' scheduler library connects within 2 s). */
  static final Duration DEFAULT_MASTER_AWAY_MAX = Duration.ofSeconds(5);
  /** Heartbeat intervals of silence that end a connection. */
  static final int HEARTBEAT_MISSES = 5;

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

  /**
   * Where the client stands, for health checks.
   *
   * @param connected whether a subscription stream is open
   * @param master the master ({@code scheme://host:port}) of the open stream, or of the last one
   * @param failures failed attempts since the last subscription that took
   * @param lastFailure why the last attempt failed, if it did
   * @param nextAttempt when the client tries again, while it waits
   */
  public record Status(boolean connected, Optional<String> master, int failures,
      Optional<String> lastFailure, Optional<Instant> nextAttempt) {
  }

  private final MasterLocator locator;
  private final MesosApi<C, E> api;
  private final ContentType contentType;
  private final Listener<E> listener;
  private final Backoff backoff;
  /** The backoff while the master is away rather than refusing: {@link #backoff}, capped lower. */
  private final Backoff awayBackoff;
  private final DoubleSupplier random;
  private final Clock clock;
  private final MasterRequests requests;
  private final Subscriber<C> subscriber;
  private final ScheduledExecutorService watchdog;
  private final Thread streamThread;

  private volatile boolean closed;
  private volatile String streamId;
  private volatile InputStream stream;
  private volatile URI endpoint;
  private volatile Instant lastReceived;
  private volatile Duration heartbeatInterval;
  /** Whether the current attempt's subscription took (an event arrived); stream thread only. */
  private boolean took;
  private volatile Status status = new Status(false, Optional.empty(), 0, Optional.empty(),
      Optional.empty());

  private MesosClient(Builder<C, E> b) {
    this.locator = b.locator;
    this.api = b.api;
    this.contentType = b.contentType;
    this.listener = Objects.requireNonNull(b.listener, "listener");
    this.backoff = b.backoff;
    this.awayBackoff = b.backoff.cappedAt(b.masterAwayMax);
    this.random = b.random;
    this.clock = b.clock;
    HttpClient.Builder http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER); // followed by hand: bounded, credential kept
    if (b.sslContext != null) {
      http.sslContext(b.sslContext);
    }
    this.requests = new MasterRequests(http.build(), contentType, Optional.ofNullable(b.credential),
        Duration.ofSeconds(30));
    this.subscriber = new Subscriber<>(locator, api.path(), contentType, b.subscribeCall, requests);
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, b.name + "-heartbeat-watchdog");
      t.setDaemon(true);
      return t;
    });
    this.streamThread = new Thread(this::run, b.name + "-stream");
    this.streamThread.setDaemon(true);
  }

  /** A client of one fixed endpoint ({@code http://127.0.0.1:5051}). */
  public static <C extends Message, E extends Message> Builder<C, E> builder(
      String baseUrl, MesosApi<C, E> api) {
    return new Builder<>(MasterLocator.of(List.of(URI.create(Subscriber.stripSlash(baseUrl)))), api);
  }

  /** A client of the masters a locator names. */
  public static <C extends Message, E extends Message> Builder<C, E> builder(
      MasterLocator locator, MesosApi<C, E> api) {
    return new Builder<>(locator, api);
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

  /** Where the client stands: connected to which master, or why and until when it waits. */
  public Status status() {
    return status;
  }

  /**
   * Sends one call to the master of the stream and waits for the answer ({@code 202 Accepted} for
   * every call but SUBSCRIBE), following a redirect if the master answers one.
   *
   * @throws MesosHttpException when the endpoint refuses the call
   * @throws UncheckedIOException when it cannot be reached, or no master is known yet
   */
  public void send(C call) {
    URI target = endpoint;
    if (target == null) {
      throw new UncheckedIOException(new IOException("not subscribed yet: no master to send to"));
    }
    String id = api.usesStreamIds() ? streamId : null;
    HttpResponse<String> response;
    try {
      response = requests.post(target, contentType.encode(call), id,
          HttpResponse.BodyHandlers.ofString()).response();
    } catch (MasterRequests.Unreachable e) {
      throw new UncheckedIOException("cannot reach " + ConnectionFailure.origin(e.target()) + ": "
          + ConnectionFailure.describe(e.getCause()), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send to " + ConnectionFailure.origin(target) + ": "
          + ConnectionFailure.describe(e), e);
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
    try {
      locator.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the master locator failed: {}", e.toString());
    }
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      String reason;
      // a stream that ended or broke: the master went away
      boolean away = true;
      took = false;
      try {
        subscribeAndRead();
        reason = "event stream from " + ConnectionFailure.origin(endpoint) + " ended";
      } catch (ConnectionFailure e) {
        reason = e.getMessage();
        away = e.kind().masterAway();
      } catch (IOException | UncheckedIOException e) {
        reason = "connection to " + ConnectionFailure.origin(endpoint) + " failed: "
            + ConnectionFailure.describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      // a subscription that took starts the backoff afresh, however its stream ended
      failures = took ? 1 : failures + 1;
      streamId = null;
      stream = null;
      if (closed) {
        return;
      }
      Duration delay = (away ? awayBackoff : backoff).delay(failures - 1, random);
      status = new Status(false, master(), failures, Optional.of(reason),
          Optional.of(clock.instant().plus(delay)));
      LOG.info("{}; subscribing again in {} ms (attempt {})", reason, delay.toMillis(), failures + 1);
      String told = reason;
      safely(() -> listener.disconnected(told));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Subscribes to the first master that takes it and reads its stream to the end. The subscription
   * took ({@link #took}) once an event arrived.
   */
  private void subscribeAndRead() throws ConnectionFailure, IOException, InterruptedException {
    MasterRequests.Answer<InputStream> answer;
    try {
      answer = subscriber.subscribe();
    } finally {
      endpoint = subscriber.lastTried() == null ? endpoint : subscriber.lastTried();
    }
    endpoint = answer.endpoint();
    streamId = answer.response().headers().firstValue(STREAM_ID_HEADER).orElse(null);
    stream = answer.response().body();
    lastReceived = clock.instant();
    heartbeatInterval = null;
    LOG.info("subscribed to {}", ConnectionFailure.origin(endpoint));
    safely(listener::connected);
    try (InputStream in = stream) {
      RecordIO.Reader reader = new RecordIO.Reader(in);
      Optional<byte[]> record;
      while (!closed && (record = reader.next()).isPresent()) {
        lastReceived = clock.instant();
        E event = decode(record.get());
        api.heartbeatInterval(event).ifPresent(interval -> heartbeatInterval = interval);
        if (!took) {
          took = true;
          status = new Status(true, master(), 0, Optional.empty(), Optional.empty());
        }
        safely(() -> listener.received(event));
      }
    }
  }

  private Optional<String> master() {
    URI e = endpoint;
    return e == null ? Optional.empty() : Optional.of(ConnectionFailure.origin(e));
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
    if (silence.compareTo(interval.multipliedBy(HEARTBEAT_MISSES)) > 0) {
      LOG.warn("no event or heartbeat for {} ms ({} heartbeats missed); dropping the connection",
          silence.toMillis(), HEARTBEAT_MISSES);
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

  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("listener failed; the stream goes on", e);
    }
  }

  /** Builds a client; only the masters, API, subscribe call and listener are required. */
  public static final class Builder<C extends Message, E extends Message> {
    private final MasterLocator locator;
    private final MesosApi<C, E> api;
    private ContentType contentType = ContentType.PROTOBUF;
    private Supplier<C> subscribeCall;
    private Listener<E> listener;
    private Backoff backoff = Backoff.standard();
    private Duration masterAwayMax = DEFAULT_MASTER_AWAY_MAX;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Clock clock = Clock.systemUTC();
    private Credential credential;
    private SSLContext sslContext;
    private String name = "mesos";

    private Builder(MasterLocator locator, MesosApi<C, E> api) {
      this.locator = Objects.requireNonNull(locator);
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

    /** The longest pause while the master is away rather than refusing (default 5 s). */
    public Builder<C, E> masterAwayMax(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("masterAwayMax must not be negative");
      }
      this.masterAwayMax = max;
      return this;
    }

    /** The source of the backoff's jitter, uniform in {@code [0, 1)}; tests fix it. */
    public Builder<C, E> random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    public Builder<C, E> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The {@code Authorization} of every request (none when null). */
    public Builder<C, E> credential(Credential credential) {
      this.credential = credential;
      return this;
    }

    /** The TLS context of https endpoints (the JDK's default trust when null). */
    public Builder<C, E> sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
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
