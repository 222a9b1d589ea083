package io.kafkamesos.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.RecordIO;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import javax.net.ssl.SSLContext;

/**
 * The agent's side of the v1 executor API, over real HTTP on a loopback port, driven by a test: it
 * records every call, streams the events the test sends, and can drop the subscription as an agent
 * restart would. Protobuf only, as the executor speaks it. It can speak https and, as an agent with
 * executor authentication does, answer 401 to requests without the executor's bearer token.
 */
final class TestAgent implements AutoCloseable {

  static final String AGENT_ID = "test-agent-0";

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  /**
   * The executor's MESSAGE calls (its broker's metrics, every few seconds), kept apart so that
   * the tests' sequence of SUBSCRIBE and UPDATE calls is not interleaved with them.
   */
  final BlockingQueue<Call> messages = new LinkedBlockingQueue<>();
  private volatile Stream stream;
  /** The {@code Authorization} header of every request, in order ("none" without one). */
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final String token;
  private volatile boolean refusing;

  TestAgent() throws IOException {
    this(null, null);
  }

  /**
   * @param tls the agent's TLS context (https), or null (http)
   * @param token the bearer token every request must carry, or null (no authentication)
   */
  TestAgent(SSLContext tls, String token) throws IOException {
    this.token = token;
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    if (tls != null) {
      HttpsServer https = HttpsServer.create(address, 16);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(address, 16);
    }
    server.setExecutor(handlers);
    server.createContext("/api/v1/executor", this::handle);
    server.start();
  }

  /** The endpoint as the agent puts it into MESOS_AGENT_ENDPOINT. */
  String endpoint() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next call the executor made. */
  Call nextCall(long seconds) throws InterruptedException {
    Call call = calls.poll(seconds, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("no call from the executor within " + seconds + " s");
    }
    return call;
  }

  /** The next UPDATE, skipping nothing: fails when another call comes first. */
  Call.Update nextUpdate(long seconds) throws InterruptedException {
    Call call = nextCall(seconds);
    if (call.getType() != Call.Type.UPDATE) {
      throw new AssertionError("expected an UPDATE, got " + call);
    }
    return call.getUpdate();
  }

  void send(Event event) throws IOException {
    Stream s = stream;
    if (s == null) {
      throw new IOException("no executor is subscribed");
    }
    s.write(event);
  }

  void acknowledge(Call.Update update) throws IOException {
    send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
        Event.Acknowledged.newBuilder().setTaskId(update.getStatus().getTaskId())
            .setUuid(update.getStatus().getUuid())).build());
  }

  /** Ends the subscription and refuses new ones until {@link #recover}, as a restarting agent. */
  void crash() {
    refusing = true;
    Stream s = stream;
    stream = null;
    if (s != null) {
      s.end();
    }
  }

  void recover() {
    refusing = false;
  }

  @Override
  public void close() {
    crash();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call;
    try (exchange) {
      call = ContentType.PROTOBUF.decode(exchange.getRequestBody().readAllBytes(),
          Call.newBuilder());
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(authorization == null ? "none" : authorization);
      if (token != null && !("Bearer " + token).equals(authorization)) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (refusing) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (call.getType() == Call.Type.MESSAGE) {
        messages.add(call);
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      if (call.getType() != Call.Type.SUBSCRIBE) {
        calls.add(call);
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", ContentType.RECORDIO);
      exchange.getResponseHeaders().set(ContentType.MESSAGE_CONTENT_TYPE,
          ContentType.PROTOBUF.mediaType());
      exchange.sendResponseHeaders(200, 0);
      Stream s = new Stream(exchange.getResponseBody());
      s.write(subscribed(call));
      stream = s;
      // Recorded once the stream is open, so that a test can send events as soon as it sees it.
      calls.add(call);
      s.awaitEnd();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Event subscribed(Call call) {
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
        Event.Subscribed.newBuilder()
            .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(call.getExecutorId())
                .setFrameworkId(call.getFrameworkId()))
            .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("root").setName("kafka-it")
                .setId(call.getFrameworkId())
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                    .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE)))
            .setAgentInfo(AgentInfo.newBuilder().setHostname("127.0.0.1")
                .setId(AgentID.newBuilder().setValue(AGENT_ID))))
        .build();
  }

  static ExecutorID executorId(String id) {
    return ExecutorID.newBuilder().setValue(id).build();
  }

  static FrameworkID frameworkId(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  /** One open subscription stream. */
  private static final class Stream {
    private final OutputStream out;
    private final CountDownLatch ended = new CountDownLatch(1);

    Stream(OutputStream out) {
      this.out = out;
    }

    synchronized void write(Event event) throws IOException {
      out.write(RecordIO.encode(ContentType.PROTOBUF.encode(event)));
      out.flush();
    }

    void end() {
      ended.countDown();
    }

    void awaitEnd() throws InterruptedException {
      ended.await();
    }
  }
}
