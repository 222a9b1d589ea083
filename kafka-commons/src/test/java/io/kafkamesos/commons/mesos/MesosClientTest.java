package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscription client against small masters on loopback that speak the scheduler API. */
class MesosClientTest {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MesosClient<Call, Event> client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void deliversEventsInOrderAndSendsCallsOnTheStream() throws Exception {
    TestMaster master = master();
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(master.url(), events::add).start();

    await(() -> events.size() >= 2);
    assertThat(events.get(0).getType()).isEqualTo(Event.Type.SUBSCRIBED);
    assertThat(events.get(1).getType()).isEqualTo(Event.Type.HEARTBEAT);
    assertThat(client.streamId()).contains("stream-1");
    assertThat(client.status().connected()).isTrue();
    assertThat(client.status().master()).contains(master.url());

    client.send(revive());
    assertThat(master.requests(Call.Type.REVIVE)).singleElement()
        .satisfies(r -> assertThat(r.streamId()).isEqualTo("stream-1"));
  }

  @Test
  void dropsASilentConnectionAndSubscribesAgain() throws Exception {
    TestMaster master = master();
    master.onSubscribe = (m, exchange) -> {
      exchange.getResponseHeaders().add("Content-Type", ContentType.RECORDIO);
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(RecordIO.encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
            .setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                .setHeartbeatIntervalSeconds(0.1)).build().toByteArray()));
        out.flush();
        TimeUnit.SECONDS.sleep(30); // and then silence
      } catch (InterruptedException | java.io.IOException e) {
        // the client dropped us
      }
    };
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(master.url(), MesosApi.SCHEDULER)
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
        .backoff(FAST)
        .build()
        .start();

    await(() -> master.requests(Call.Type.SUBSCRIBE).size() >= 2);
    assertThat(disconnects).isNotEmpty();
  }

  @Test
  void reportsARefusedCallWithItsStatusAndMessage() throws Exception {
    TestMaster master = master();
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(master.url(), events::add).start();
    await(() -> !events.isEmpty());
    master.onCall = TestMaster.status(400, "Failed to validate scheduler::Call: refused");

    assertThatThrownBy(() -> client.send(revive()))
        .isInstanceOfSatisfying(MesosHttpException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.body()).isEqualTo("Failed to validate scheduler::Call: refused");
        });
  }

  @Test
  void followsTheRedirectOfANonLeaderOnceAndSendsCallsToTheLeader() throws Exception {
    TestMaster leader = master();
    TestMaster follower = master();
    follower.onSubscribe = TestMaster.redirectTo(leader);
    follower.onCall = TestMaster.redirectTo(leader);
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(follower.url(), events::add).start();

    await(() -> !events.isEmpty());
    client.send(revive());
    client.send(revive());

    assertThat(follower.requests).as("only the SUBSCRIBE went to the follower").hasSize(1);
    assertThat(leader.requests(Call.Type.SUBSCRIBE)).hasSize(1);
    assertThat(leader.requests(Call.Type.REVIVE)).hasSize(2)
        .allSatisfy(r -> assertThat(r.streamId()).isEqualTo("stream-1"));
    assertThat(client.status().master()).contains(leader.url());
  }

  @Test
  void followsARedirectThatACallGets() throws Exception {
    TestMaster master = master();
    TestMaster other = master();
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(master.url(), events::add).start();
    await(() -> !events.isEmpty());
    master.onCall = TestMaster.redirectTo(other);

    client.send(revive());

    assertThat(other.requests(Call.Type.REVIVE)).singleElement()
        .satisfies(r -> assertThat(r.streamId()).isEqualTo("stream-1"));
  }

  @Test
  void boundsARedirectLoopAndBacksOff() throws Exception {
    TestMaster a = master();
    TestMaster b = master();
    a.onSubscribe = TestMaster.redirectTo(b);
    b.onSubscribe = TestMaster.redirectTo(a);
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(a.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(e -> { }, disconnects))
        .backoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 1.0))
        .build()
        .start();

    await(() -> disconnects.size() >= 3);
    client.close();

    assertThat(disconnects.get(0)).contains("redirect loop", a.url(), b.url());
    int attempts = disconnects.size() + 1;
    assertThat(a.requests.size() + b.requests.size())
        .as("each attempt stops at the loop: a -> b -> a")
        .isLessThanOrEqualTo(2 * attempts);
    assertThat(client.status().lastFailure()).hasValueSatisfying(r -> assertThat(r).contains("redirect loop"));
  }

  @Test
  void boundsAChainOfRedirects() throws Exception {
    List<TestMaster> chain = new ArrayList<>();
    for (int i = 0; i < MasterRequests.MAX_REDIRECTS + 2; i++) {
      chain.add(master());
    }
    for (int i = 0; i + 1 < chain.size(); i++) {
      chain.get(i).onSubscribe = TestMaster.redirectTo(chain.get(i + 1));
    }
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(chain.get(0).url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(e -> { }, disconnects))
        .backoff(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 1.0))
        .build()
        .start();

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).contains("more than " + MasterRequests.MAX_REDIRECTS + " redirects");
    assertThat(chain.get(chain.size() - 1).requests).as("never reached").isEmpty();
  }

  @Test
  void backsOffWithJitterWhileTheMasterAnswers503() throws Exception {
    TestMaster master = master();
    AtomicInteger refusals = new AtomicInteger(3);
    master.onSubscribe = (m, exchange) -> {
      if (refusals.getAndDecrement() > 0) {
        TestMaster.status(503, "Master has not finished recovery").answer(m, exchange);
      } else {
        TestMaster.stream(m, exchange);
      }
    };
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<Duration> waits = new CopyOnWriteArrayList<>();
    List<String> reasons = new CopyOnWriteArrayList<>();
    List<Event> events = new CopyOnWriteArrayList<>();
    MesosClient<Call, Event>[] self = new MesosClient[1];
    client = MesosClient.builder(master.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(new MesosClient.Listener<>() {
          @Override
          public void received(Event event) {
            events.add(event);
          }

          @Override
          public void disconnected(String reason) {
            reasons.add(reason);
            waits.add(Duration.between(now, self[0].status().nextAttempt().orElseThrow()));
          }
        })
        .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5))
        .random(() -> 0.9)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build();
    self[0] = client;
    client.start();

    await(() -> !events.isEmpty());

    // 100, 200, 400 ms, less 0.5 * 0.9 of each
    assertThat(waits).containsExactly(Duration.ofMillis(55), Duration.ofMillis(110), Duration.ofMillis(220));
    assertThat(reasons).allSatisfy(r -> assertThat(r)
        .contains("is not ready (HTTP 503: Master has not finished recovery)"));
    List<TestMaster.Request> subscribes = master.requests(Call.Type.SUBSCRIBE);
    assertThat(subscribes).hasSize(4);
    for (int i = 1; i < subscribes.size(); i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(subscribes.get(i).nanos() - subscribes.get(i - 1).nanos());
      assertThat(gapMs).as("pause before attempt %d", i + 1).isGreaterThanOrEqualTo(waits.get(i - 1).toMillis());
    }
    assertThat(client.status().connected()).isTrue();
    assertThat(client.status().nextAttempt()).isEmpty();
  }

  /**
   * A crashed leader stays named until its ZooKeeper session expires: while the master named cannot
   * be reached or answers 503, the pauses stop growing at masterAwayMax, so that the leader elected
   * meanwhile is found soon; a refusal (401 here) backs off all the way.
   */
  @Test
  void whileTheMasterIsAwayThePausesStopGrowingEarlyButRefusalsBackOffAllTheWay() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    TestMaster refusing = master();
    refusing.onSubscribe = TestMaster.status(401, "401 Unauthorized.");
    TestMaster recovering = master();
    recovering.onSubscribe = TestMaster.status(503, "No leader elected");
    Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(10), 2.0, 0.5);
    List<Duration> away = pauses("http://127.0.0.1:" + closedPort, backoff, 6);
    List<Duration> unavailable = pauses(recovering.url(), backoff, 6);
    List<Duration> refused = pauses(refusing.url(), backoff, 6);

    // 20 ms doubling, capped at 80 ms while away; random 0: no jitter taken off
    assertThat(away).containsExactly(ms(20), ms(40), ms(80), ms(80), ms(80), ms(80));
    assertThat(unavailable).isEqualTo(away);
    assertThat(refused).containsExactly(ms(20), ms(40), ms(80), ms(160), ms(320), ms(640));
  }

  /** The first {@code n} pauses of a client of {@code url}, as its status announces them. */
  private List<Duration> pauses(String url, Backoff backoff, int n) throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    MesosClient<Call, Event>[] self = new MesosClient[1];
    MesosClient<Call, Event> c = MesosClient.builder(url, MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(new MesosClient.Listener<>() {
          @Override
          public void received(Event event) {
          }

          @Override
          public void disconnected(String reason) {
            pauses.add(Duration.between(now, self[0].status().nextAttempt().orElseThrow()));
          }
        })
        .backoff(backoff)
        .masterAwayMax(Duration.ofMillis(80))
        .random(() -> 0.0)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build();
    self[0] = c;
    try {
      c.start();
      await(() -> pauses.size() >= n);
    } finally {
      c.close();
    }
    return pauses.subList(0, n);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void saysWhyItWaitsAndUntilWhen() throws Exception {
    TestMaster master = master();
    master.onSubscribe = TestMaster.status(503, "No leader elected");
    client = MesosClient.builder(master.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(e -> { })
        .backoff(new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 1.0))
        .build()
        .start();

    await(() -> client.status().lastFailure().isPresent());

    MesosClient.Status status = client.status();
    assertThat(status.connected()).isFalse();
    assertThat(status.failures()).isEqualTo(1);
    assertThat(status.lastFailure()).contains(
        "the master at " + master.url() + " is not ready (HTTP 503: No leader elected)");
    assertThat(status.nextAttempt()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now()));
  }

  @Test
  void triesTheNextMasterWhenOneCannotBeReached() throws Exception {
    TestMaster live = master();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    List<Event> events = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(MasterLocator.of(List.of(
            URI.create("http://127.0.0.1:" + closedPort), URI.create(live.url()))), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(events::add)
        .backoff(FAST)
        .build()
        .start();

    await(() -> !events.isEmpty());
    assertThat(client.status().master()).contains(live.url());
  }

  @Test
  void namesTheLeaderItWasRedirectedToWhenThatOneCannotBeReached() throws Exception {
    TestMaster follower = master();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    int leaderPort = closedPort;
    follower.onSubscribe = (m, exchange) -> TestMaster.status(307, "", "Location",
        "//127.0.0.1:" + leaderPort + "/api/v1/scheduler").answer(m, exchange);
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(follower.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(e -> { }, disconnects))
        .backoff(FAST)
        .build()
        .start();

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).isEqualTo("cannot reach http://127.0.0.1:" + leaderPort + ": connection refused");
    assertThat(client.status().master()).contains("http://127.0.0.1:" + leaderPort);
  }

  @Test
  void findsTheLeaderAgainWhenItsStreamEnds() throws Exception {
    TestMaster first = master();
    TestMaster second = master();
    second.onSubscribe = TestMaster.redirectTo(first);
    AtomicInteger asked = new AtomicInteger();
    MasterLocator locator = new MasterLocator() {
      @Override
      public List<URI> masters() {
        asked.incrementAndGet();
        return List.of(URI.create(second.url()));
      }

      @Override
      public String describe() {
        return "test masters";
      }
    };
    List<Event> events = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(locator, MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(events::add)
        .backoff(FAST)
        .build()
        .start();
    await(() -> client.status().connected());
    assertThat(client.status().master()).contains(first.url());

    // leadership moves: the old leader ends its stream and redirects; the new one takes it
    first.onSubscribe = TestMaster.redirectTo(second);
    second.onSubscribe = TestMaster::stream;
    first.endStreams();

    await(() -> client.status().connected() && client.status().master().orElse("").equals(second.url()));
    assertThat(asked.get()).as("the locator is asked on every connection").isEqualTo(2);
    client.send(revive());
    assertThat(second.requests(Call.Type.REVIVE)).hasSize(1);
    assertThat(first.requests(Call.Type.REVIVE)).isEmpty();
  }

  @Test
  void saysWhenTheLocatorCannotNameAMaster() throws Exception {
    MasterLocator locator = new MasterLocator() {
      @Override
      public List<URI> masters() throws java.io.IOException {
        throw new java.io.IOException("no master is registered under /mesos");
      }

      @Override
      public String describe() {
        return "zk://127.0.0.1:2181/mesos";
      }
    };
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(locator, MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(e -> { }, disconnects))
        .backoff(FAST)
        .build()
        .start();

    await(() -> !disconnects.isEmpty());
    assertThat(disconnects.get(0)).isEqualTo("cannot find the Mesos master in zk://127.0.0.1:2181/mesos:"
        + " no master is registered under /mesos");
  }

  private TestMaster master() throws java.io.IOException {
    TestMaster master = new TestMaster();
    toClose.add(master);
    return master;
  }

  private static MesosClient<Call, Event> client(String url, Consumer<Event> onEvent) {
    return MesosClient.builder(url, MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(onEvent::accept)
        .backoff(FAST)
        .build();
  }

  static MesosClient.Listener<Event> listener(Consumer<Event> onEvent, List<String> disconnects) {
    return new MesosClient.Listener<>() {
      @Override
      public void received(Event event) {
        onEvent.accept(event);
      }

      @Override
      public void disconnected(String reason) {
        disconnects.add(reason);
      }
    };
  }

  static Call subscribe() {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
  }

  static Call revive() {
    return Call.newBuilder().setType(Call.Type.REVIVE)
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw")).build();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
