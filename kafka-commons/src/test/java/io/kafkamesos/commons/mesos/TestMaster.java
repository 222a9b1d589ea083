package io.kafkamesos.commons.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scripted Mesos master on loopback (JDK HttpServer, or HttpsServer with a TLS context) that
 * speaks enough of the scheduler API for client tests: it records every request and answers
 * SUBSCRIBE and other calls as the test sets it to (stream, status, redirect).
 */
public final class TestMaster implements AutoCloseable {

  /** A request as the master saw it. */
  public record Request(Call.Type type, String authorization, String streamId, long nanos) {
  }

  /** How the master answers one request. */
  @FunctionalInterface
  public interface Answer {
    void answer(TestMaster master, HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger streams = new AtomicInteger();
  private volatile int streamGeneration;
  private volatile boolean closed;
  public volatile Answer onSubscribe = TestMaster::stream;
  public volatile Answer onCall = status(202, "");

  public TestMaster() throws IOException {
    this(null);
  }

  /** An https master when {@code tls} is given. */
  public TestMaster(SSLContext tls) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(threads);
    server.createContext("/api/v1/scheduler", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String host) {
    return (server instanceof HttpsServer ? "https" : "http") + "://" + host + ":" + port();
  }

  public String url() {
    return url("127.0.0.1");
  }

  public List<Request> requests(Call.Type type) {
    return requests.stream().filter(r -> r.type() == type).toList();
  }

  /** Ends the streams open now (as a master that loses its leadership does). */
  public void endStreams() {
    streamGeneration++;
  }

  /** Answers a status with a body, and headers. */
  public static Answer status(int code, String body, String... headers) {
    return (master, exchange) -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    };
  }

  /** 307 to another master, as Mesos redirects: a scheme-relative Location with the same path. */
  public static Answer redirectTo(TestMaster leader) {
    return (master, exchange) -> status(307, "", "Location",
        "//127.0.0.1:" + leader.port() + exchange.getRequestURI()).answer(master, exchange);
  }

  /** Streams SUBSCRIBED (0.1 s heartbeats) and heartbeats until the stream is ended or closed. */
  public static void stream(TestMaster master, HttpExchange exchange) throws IOException {
    int n = master.streams.incrementAndGet();
    int generation = master.streamGeneration;
    exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-" + n);
    exchange.getResponseHeaders().add("Content-Type", ContentType.RECORDIO);
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(RecordIO.encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
          .setSubscribed(Event.Subscribed.newBuilder()
              .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
              .setHeartbeatIntervalSeconds(0.1))
          .build().toByteArray()));
      out.flush();
      while (!master.closed && master.streamGeneration == generation) {
        out.write(RecordIO.encode(Event.newBuilder().setType(Event.Type.HEARTBEAT).build().toByteArray()));
        out.flush();
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } catch (InterruptedException | IOException e) {
      // the client went away, or the test ends
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call = ContentType.PROTOBUF.decode(exchange.getRequestBody().readAllBytes(), Call.newBuilder());
    Map<String, List<String>> headers = exchange.getRequestHeaders();
    requests.add(new Request(call.getType(), first(headers, "Authorization"),
        first(headers, MesosClient.STREAM_ID_HEADER), System.nanoTime()));
    (call.getType() == Call.Type.SUBSCRIBE ? onSubscribe : onCall).answer(this, exchange);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst().orElse(null);
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    threads.shutdownNow();
  }
}
