package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subscription client against a small master on loopback that speaks the scheduler API. */
class MesosClientTest {

  private HttpServer server;
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final BlockingQueue<String> streamIdsOfCalls = new LinkedBlockingQueue<>();
  private final CountDownLatch releaseStreams = new CountDownLatch(1);
  private volatile boolean sendHeartbeats = true;
  private volatile int callStatus = 202;
  private MesosClient<Call, Event> client;

  @BeforeEach
  void startMaster() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/api/v1/scheduler", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    releaseStreams.countDown();
    server.stop(0);
  }

  @Test
  void deliversEventsInOrderAndSendsCallsOnTheStream() throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(events::add).start();

    await(() -> events.size() >= 2);
    assertThat(events.get(0).getType()).isEqualTo(Event.Type.SUBSCRIBED);
    assertThat(events.get(1).getType()).isEqualTo(Event.Type.HEARTBEAT);
    assertThat(client.streamId()).contains("stream-1");

    client.send(Call.newBuilder().setType(Call.Type.REVIVE)
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw")).build());
    assertThat(streamIdsOfCalls.poll(5, TimeUnit.SECONDS)).isEqualTo("stream-1");
  }

  @Test
  void dropsASilentConnectionAndSubscribesAgain() throws Exception {
    sendHeartbeats = false;
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(baseUrl(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(new MesosClient.Listener<>() {
          @Override
          public void received(Event event) {
          }

          @Override
          public void disconnected(String reason) {
            disconnects.add(reason);
          }
        })
        .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
        .build()
        .start();

    await(() -> subscriptions.get() >= 2);
    assertThat(disconnects).isNotEmpty();
  }

  @Test
  void reportsARefusedCallWithItsStatusAndMessage() throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(events::add).start();
    await(() -> !events.isEmpty());
    callStatus = 400;

    assertThatThrownBy(() -> client.send(Call.newBuilder().setType(Call.Type.REVIVE).build()))
        .isInstanceOfSatisfying(MesosHttpException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.body()).isEqualTo("Failed to validate scheduler::Call: refused");
        });
  }

  private MesosClient<Call, Event> client(java.util.function.Consumer<Event> onEvent) {
    return MesosClient.builder(baseUrl(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(onEvent::accept)
        .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
        .build();
  }

  private static Call subscribe() {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Call call = ContentType.PROTOBUF.decode(exchange.getRequestBody().readAllBytes(), Call.newBuilder());
    if (call.getType() != Call.Type.SUBSCRIBE) {
      streamIdsOfCalls.add(String.valueOf(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id")));
      byte[] body = callStatus == 202 ? new byte[0]
          : "Failed to validate scheduler::Call: refused".getBytes();
      exchange.sendResponseHeaders(callStatus, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    int n = subscriptions.incrementAndGet();
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
      while (sendHeartbeats && !releaseStreams.await(50, TimeUnit.MILLISECONDS)) {
        out.write(RecordIO.encode(Event.newBuilder().setType(Event.Type.HEARTBEAT).build().toByteArray()));
        out.flush();
      }
      releaseStreams.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException | IOException e) {
      // the client went away
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
