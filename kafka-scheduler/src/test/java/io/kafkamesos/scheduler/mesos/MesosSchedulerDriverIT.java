package io.kafkamesos.scheduler.mesos;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.mesos.RecordIO;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver and the event translator over a real HTTP connection to a scripted master (JDK
 * HttpServer on loopback): what the SUBSCRIBE carries, how events reach the handler, and that calls
 * carry the framework id and the stream id.
 */
class MesosSchedulerDriverIT {

  private static final FrameworkID ID = FrameworkID.newBuilder().setValue("fw-it").build();

  private HttpServer master;
  private java.util.concurrent.ExecutorService masterThreads;
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<String> streamIds = new CopyOnWriteArrayList<>();
  private final CountDownLatch streamDone = new CountDownLatch(1);
  private MesosClient<Call, Event> client;

  @BeforeEach
  void startMaster() throws IOException {
    master = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    master.createContext("/api/v1/scheduler", this::serve);
    // the subscription holds one thread for its stream; calls need others
    masterThreads = java.util.concurrent.Executors.newFixedThreadPool(4);
    master.setExecutor(masterThreads);
    master.start();
  }

  @AfterEach
  void stop() {
    streamDone.countDown();
    if (client != null) {
      client.close();
    }
    master.stop(0);
    masterThreads.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    Call call = ContentType.PROTOBUF.decode(exchange.getRequestBody().readAllBytes(), Call.newBuilder());
    calls.add(call);
    if (call.getType() != Call.Type.SUBSCRIBE) {
      streamIds.add(exchange.getRequestHeaders().getFirst(MesosClient.STREAM_ID_HEADER));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", ContentType.RECORDIO);
    exchange.getResponseHeaders().add(MesosClient.STREAM_ID_HEADER, "stream-1");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      write(out, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
          Event.Subscribed.newBuilder().setFrameworkId(ID).setHeartbeatIntervalSeconds(15)).build());
      write(out, Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
          .addOffers(Offer.newBuilder().setId(OfferID.newBuilder().setValue("o1")).setFrameworkId(ID)
              .setAgentId(AgentID.newBuilder().setValue("a1")).setHostname("h1"))).build());
      write(out, Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder()
          .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))
              .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("u1")))).build());
      write(out, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
      streamDone.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, Event event) throws IOException {
    out.write(RecordIO.encode(event.toByteArray()));
    out.flush();
  }

  /** Records what the translator forwards. */
  private static final class Handler implements SchedulerEvents {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void subscribed(FrameworkID frameworkId) {
      seen.add("subscribed " + frameworkId.getValue());
    }

    @Override
    public void offers(List<Offer> offers) {
      seen.add("offers " + offers.get(0).getId().getValue());
    }

    @Override
    public void rescinded(OfferID offerId) {
      seen.add("rescinded");
    }

    @Override
    public void update(TaskStatus status) {
      seen.add("update " + status.getTaskId().getValue() + " " + status.getState());
    }

    @Override
    public void error(String message) {
      seen.add("error " + message);
    }

    @Override
    public void disconnected(String reason) {
      seen.add("disconnected");
    }
  }

  @Test
  void subscribesTranslatesEventsAndStampsCalls() throws Exception {
    MesosSchedulerDriver driver = new MesosSchedulerDriver(Clock.systemUTC());
    assertThatThrownBy(driver::revive).isInstanceOf(NotSubscribedException.class);
    Handler handler = new Handler();
    client = MesosClient.builder("http://127.0.0.1:" + master.getAddress().getPort(), MesosApi.SCHEDULER)
        .subscribeCall(() -> FrameworkInfoFactory.subscribe(settings(), "root", Optional.of("fw-it")))
        .listener(new EventTranslator(handler, driver))
        .name("it")
        .build();
    driver.attach(client);
    client.start();

    Call subscribe = calls.poll(30, TimeUnit.SECONDS);
    assertThat(subscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(subscribe.getSubscribe().getFrameworkInfo().getCheckpoint()).isTrue();
    assertThat(subscribe.getFrameworkId().getValue()).isEqualTo("fw-it");

    assertThat(handler.seen.poll(30, TimeUnit.SECONDS)).isEqualTo("subscribed fw-it");
    assertThat(handler.seen.poll(30, TimeUnit.SECONDS)).isEqualTo("offers o1");
    assertThat(handler.seen.poll(30, TimeUnit.SECONDS)).isEqualTo("update t1 TASK_RUNNING");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!driver.isSubscribed() && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(driver.isSubscribed()).isTrue();
    assertThat(driver.frameworkId()).contains(ID);

    driver.acknowledge(AgentID.newBuilder().setValue("a1").build(), TaskID.newBuilder().setValue("t1").build(),
        ByteString.copyFromUtf8("u1"));
    driver.suppress();
    Call ack = calls.poll(30, TimeUnit.SECONDS);
    assertThat(ack.getType()).isEqualTo(Call.Type.ACKNOWLEDGE);
    assertThat(ack.getFrameworkId()).isEqualTo(ID);
    assertThat(ack.getAcknowledge().getUuid().toStringUtf8()).isEqualTo("u1");
    assertThat(calls.poll(30, TimeUnit.SECONDS).getType()).isEqualTo(Call.Type.SUPPRESS);
    assertThat(streamIds).containsExactly("stream-1", "stream-1");
  }
}
