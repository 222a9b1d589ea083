package io.kafkamesos.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.health.Liveness;
import io.kafkamesos.scheduler.leader.CuratorElection;
import io.kafkamesos.scheduler.leader.LeaderGate;
import io.kafkamesos.scheduler.leader.LeaderInfo;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import io.kafkamesos.scheduler.leader.Phase;
import io.kafkamesos.scheduler.state.StateStoreException;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import io.kafkamesos.scheduler.state.ZooKeeperReachability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler lifecycles of one framework on a real ZooKeeper, with the leader's parts played by
 * a recording fake: who leads, who stands by, what a leader does when its connection or its session
 * goes.
 */
class SchedulerLifecycleTest {

  private static final Duration SESSION = Duration.ofSeconds(10);
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private TestingServer zookeeper;
  private final List<Process> processes = new ArrayList<>();

  /** One scheduler process: its lifecycle, gate, election client and what its leader was told. */
  private final class Process {
    final String name;
    final LeaderGate gate = new LeaderGate();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Integer> exits = new CopyOnWriteArrayList<>();
    final AtomicInteger builds = new AtomicInteger();
    volatile int failingBuilds;
    final SchedulerLifecycle lifecycle;
    CuratorFramework client;
    final LeaderInfo self;

    Process(String name) {
      this(name, SchedulerLifecycle.STEP);
    }

    Process(String name, Duration step) {
      this.name = name;
      this.self = new LeaderInfo("http://" + name + ":8080", "http://" + name + ":8081", name, 1, "now");
      this.lifecycle = new SchedulerLifecycle("kafka0", gate, this::build, exits::add, Clock.systemUTC(),
          step);
    }

    SchedulerLifecycle.Leader build() {
      builds.incrementAndGet();
      if (failingBuilds > 0) {
        failingBuilds--;
        throw new StateStoreException("cannot write /kafka0/scheduler/target: ConnectionLoss", null);
      }
      return new SchedulerLifecycle.Leader() {
        @Override
        public void load() {
          calls.add("load");
        }

        @Override
        public void subscribe() {
          calls.add("subscribe gate=" + gate.isOpen());
        }

        @Override
        public void pause(String reason) {
          calls.add("pause gate=" + gate.isOpen());
        }

        @Override
        public void stop() {
          calls.add("stop");
        }

        @Override
        public Optional<Instant> lastTick() {
          return Optional.of(Instant.now());
        }
      };
    }

    Process begin(String connect) {
      client = ZooKeeperClients.leaderClient(connect, SESSION);
      lifecycle.begin(new CuratorElection(client, connect, "kafka0", self,
          ZooKeeperReachability.system(Duration.ofSeconds(1))), self);
      return this;
    }

    LeadershipStatus status() {
      return lifecycle.status();
    }
  }

  @BeforeEach
  void startZooKeeper() throws Exception {
    zookeeper = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.lifecycle.stop();
    }
    zookeeper.close();
  }

  private Process process(String name) {
    Process p = new Process(name);
    processes.add(p);
    return p;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + WITHIN.toSeconds() + " s: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void oneLeadsTheOtherStandsByNamingItAndTakesOverWhenItStops() throws Exception {
    Process a = process("a").begin(zookeeper.getConnectString());
    await("a leads", () -> a.status().phase() == Phase.LEADING);
    assertThat(a.calls).containsExactly("load", "subscribe gate=true");

    Process b = process("b").begin(zookeeper.getConnectString());
    await("b names a as the leader", () -> b.status().phase() == Phase.STANDING_BY
        && b.status().leader() != null);
    assertThat(b.status().leader()).isEqualTo(a.self);
    assertThat(b.status().message()).contains("stands by: the scheduler at http://a:8080 leads");
    assertThat(b.builds).as("a standby builds nothing").hasValue(0);
    assertThat(b.gate.isOpen()).isFalse();
    Thread.sleep(2_000);
    assertThat(b.builds).as("and never does while a leads").hasValue(0);

    a.lifecycle.stop();
    await("b takes over", () -> b.status().phase() == Phase.LEADING);
    assertThat(a.calls).last().isEqualTo("stop");
    assertThat(a.gate.isOpen()).isFalse();
    assertThat(b.calls).containsExactly("load", "subscribe gate=true");
    assertThat(a.exits).isEmpty();
  }

  @Test
  void theConnectionAndTheWonLatchMoveTheStartOnWithoutWaitingForThePeriodicStep() throws Exception {
    // steps an hour apart: only the election's own events can bring this process to lead
    Process a = new Process("a", Duration.ofHours(1));
    processes.add(a);
    a.begin(zookeeper.getConnectString());
    await("a leads", () -> a.status().phase() == Phase.LEADING);
    assertThat(a.calls).containsExactly("load", "subscribe gate=true");
  }

  @Test
  void aLeaderWhoseSessionEndsStopsActingAndExitsAndTheStandbyTakesOver() throws Exception {
    Process a = process("a").begin(zookeeper.getConnectString());
    await("a leads", () -> a.status().phase() == Phase.LEADING);
    Process b = process("b").begin(zookeeper.getConnectString());
    await("b stands by", () -> b.status().phase() == Phase.STANDING_BY);

    a.client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

    await("a exits", () -> !a.exits.isEmpty());
    assertThat(a.exits).containsExactly(SchedulerLifecycle.EXIT_LOST_LEADERSHIP);
    assertThat(a.status().phase()).isEqualTo(Phase.LEAVING);
    assertThat(a.gate.isOpen()).isFalse();
    assertThat(a.calls).as("the gate closes before the subscription is dropped and the loop stops")
        .containsExactly("load", "subscribe gate=true", "pause gate=false", "stop");
    assertThat(Liveness.judge(a.status(), Instant.now(), Liveness.DEFAULT_STUCK_AFTER).live()).isFalse();
    await("b takes over", () -> b.status().phase() == Phase.LEADING);
  }

  @Test
  void aSuspendedLeaderSendsNothingAndCarriesOnWhenItsSessionIsBack() throws Exception {
    Process a = process("a").begin(zookeeper.getConnectString());
    await("a leads", () -> a.status().phase() == Phase.LEADING);

    zookeeper.stop();
    await("a is suspended", () -> a.status().phase() == Phase.SUSPENDED);
    assertThat(a.gate.isOpen()).isFalse();
    assertThat(a.calls).containsExactly("load", "subscribe gate=true", "pause gate=false");
    assertThat(a.status().message()).contains("sends no Mesos call until ZooKeeper answers again");
    assertThat(Liveness.judge(a.status(), Instant.now(), Liveness.DEFAULT_STUCK_AFTER).live()).isTrue();

    zookeeper.restart();
    await("a leads again", () -> a.status().phase() == Phase.LEADING);
    assertThat(a.calls).containsExactly("load", "subscribe gate=true", "pause gate=false",
        "subscribe gate=true");
    assertThat(a.builds).as("the same parts carry on").hasValue(1);
    assertThat(a.exits).isEmpty();
  }

  @Test
  void waitsForAZooKeeperThatDoesNotResolveAndSaysWhy() throws Exception {
    Process a = process("a").begin("no-such-host.invalid:2181");
    await("a waits for ZooKeeper", () -> a.status().phase() == Phase.WAITING_FOR_ZOOKEEPER);
    assertThat(a.status().message()).as("a first connection gets a moment without alarm")
        .isEqualTo("the scheduler of kafka0 is connecting to ZooKeeper");
    await("a says why", () -> a.status().message().contains("cannot reach ZooKeeper (cannot resolve "
        + "no-such-host.invalid); it keeps trying"));
    assertThat(a.status().phase()).isEqualTo(Phase.WAITING_FOR_ZOOKEEPER);
    assertThat(Liveness.judge(a.status(), Instant.now(), Liveness.DEFAULT_STUCK_AFTER).live()).isTrue();
    Thread.sleep(2_000);
    assertThat(a.builds).hasValue(0);
    assertThat(a.exits).isEmpty();
  }

  @Test
  void carriesOnOnceZooKeeperAnswers() throws Exception {
    int port = zookeeper.getPort();
    zookeeper.close();
    try (TestingServer later = new TestingServer(port, false)) {
      Process a = process("a").begin("127.0.0.1:" + port);
      await("a says nothing answers", () -> a.status().message().contains(
          "cannot reach ZooKeeper (nothing answers at 127.0.0.1:" + port));
      assertThat(a.builds).hasValue(0);

      later.start();
      await("a leads", () -> a.status().phase() == Phase.LEADING);
      assertThat(a.calls).containsExactly("load", "subscribe gate=true");
      a.lifecycle.stop();
    }
    zookeeper = new TestingServer(true);
  }

  @Test
  void takingOverIsTriedAgainWhileTheStoreCannotBeWritten() throws Exception {
    Process a = process("a");
    a.failingBuilds = 2;
    a.begin(zookeeper.getConnectString());
    await("a leads", () -> a.status().phase() == Phase.LEADING);
    assertThat(a.builds).hasValue(3);
    assertThat(a.calls).containsExactly("load", "subscribe gate=true");
  }
}
