package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs real brokers from the Kafka distribution against a real ZooKeeper, supervised as the
 * executor supervises them, without Mesos.
 */
class BrokerSupervisorIT {

  private static final String CHROOT = "/kafka-it";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private static TestingServer zookeeper;

  private Path sandbox;
  private BrokerSupervisor supervisor;
  private BrokerLaunch launch;
  private final CompletableFuture<Void> healthy = new CompletableFuture<>();
  private final CompletableFuture<String> failed = new CompletableFuture<>();

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zookeeper = new TestingServer(freePort(), true);
  }

  @AfterAll
  static void stopZooKeeper() throws IOException {
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  @BeforeEach
  void createSandbox() throws IOException {
    sandbox = Files.createTempDirectory("kafka-executor-it");
    // The distribution as Mesos would leave it: extracted into the sandbox.
    Files.createSymbolicLink(sandbox.resolve("kafka"), kafkaDist());
  }

  @AfterEach
  void stopBrokerThenCleanUp() throws IOException {
    // Brokers before ZooKeeper: a broker whose ZooKeeper is gone hangs in controlled shutdown.
    if (supervisor != null) {
      supervisor.stop(Duration.ofSeconds(30));
    }
    try (Stream<Path> files = Files.walk(sandbox)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void reportsHealthyOnceRegisteredAndListening() throws Exception {
    BrokerTaskSpec spec = spec(1);
    supervisor = start(spec);

    healthy.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(registered(spec.brokerId())).isTrue();
    assertThat(new ZooKeeperHealthProbe(spec.zookeeperConnect(), 1, "127.0.0.1", spec.port())
        .portAnswers()).isTrue();
    assertThat(Files.readString(sandbox.resolve("server.properties")))
        .contains("broker.id=1", "zookeeper.connect=" + spec.zookeeperConnect());
    // Healthy means finished starting: its BrokerState over JMX is RunningAsBroker (no log used).
    try (JmxStartupProbe jmx = new JmxStartupProbe(1, launch.jmxPort(),
        sandbox.resolve("no-such.log"))) {
      assertThat(launch.jmxPort()).isPresent();
      assertThat(jmx.startup()).isEqualTo(Startup.STARTED);
    }
    poll(() -> log().contains("[KafkaServer id=1] started (kafka.server.KafkaServer)"));
    assertThat(failed).isNotDone();
  }

  @ParameterizedTest(name = "Kafka {0}")
  @ValueSource(strings = {"2.4.1", "3.9.1"})
  void eachVersionRunsFromItsArchivesTopFolderAndStopsInAControlledWay(String version)
      throws Exception {
    // the archive as the fetcher unpacks it: its one top folder, kafka_<scala>-<version>/
    Files.delete(sandbox.resolve("kafka"));
    Path dist = io.kafkamesos.commons.kafka.KafkaDistributions.dir(version);
    Files.createSymbolicLink(sandbox.resolve(dist.getFileName()), dist);
    BrokerTaskSpec spec = new BrokerTaskSpec(8, "kafka-it", zookeeper.getConnectString() + CHROOT
        + "-" + version.replace('.', '-'), "127.0.0.1", freePort(), 256, "data", "",
        Map.of("offsets.topic.replication.factor", "1"), version);
    supervisor = start(spec);

    healthy.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(launch.command()).contains("-cp", sandbox.resolve(dist.getFileName()) + "/libs/*");
    assertThat(Files.readString(sandbox.resolve("server.properties")))
        .contains("(Kafka " + version + ", ZooKeeper mode)");
    try (JmxStartupProbe jmx = new JmxStartupProbe(8, launch.jmxPort(),
        sandbox.resolve("no-such.log"))) {
      assertThat(jmx.startup()).as("BrokerState over JMX").isEqualTo(Startup.STARTED);
    }
    BrokerSupervisor.StopResult result = supervisor.stop(WAIT);
    assertThat(result.controlled()).isTrue();
    assertThat(log()).contains("[KafkaServer id=8] shut down completed");
    assertThat(failed).isNotDone();
  }

  @Test
  void aStopRightAfterLaunchWaitsForTheStartupThenShutsDownInAControlledWay() throws Exception {
    supervisor = start(spec(5));
    assertThat(supervisor.isAlive()).isTrue();

    // Long before the broker has finished starting (its JVM has hardly begun).
    BrokerSupervisor.StopResult result = supervisor.stop(WAIT);

    assertThat(result.forced()).isFalse();
    assertThat(result.exitCode()).isIn(0, 143);
    assertThat(result.controlled()).isTrue();
    assertThat(supervisor.isAlive()).isFalse();
    assertThat(log())
        .doesNotContain("still starting up")
        .contains("[KafkaServer id=5] started (kafka.server.KafkaServer)")
        .contains("[KafkaServer id=5] shut down completed (kafka.server.KafkaServer)");
    poll(() -> !registered(5));
    assertThat(healthy).isNotDone();
    assertThat(failed).isNotDone();
  }

  @Test
  void aBrokerStillStartingWhenTheGracePeriodRunsOutIsKilled() throws Exception {
    supervisor = start(spec(6));

    BrokerSupervisor.StopResult result = supervisor.stop(Duration.ofMillis(200));

    assertThat(result.forced()).isTrue();
    assertThat(result.exitCode()).isEqualTo(137);
    assertThat(result.controlled()).isFalse();
    assertThat(supervisor.isAlive()).isFalse();
    assertThat(log()).doesNotContain("still starting up");
    assertThat(failed).isNotDone();
  }

  @Test
  void reportsExitCodeAndLogTailWhenTheBrokerIsKilled() throws Exception {
    supervisor = start(spec(2));
    healthy.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    ProcessHandle broker = ProcessHandle.of(supervisor.pid().orElseThrow()).orElseThrow();
    broker.destroyForcibly();

    String message = failed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(message)
        .startsWith("broker 2 exited with code 137 (ended by signal 9)")
        .contains("lines of its log:")
        .contains("started (kafka.server.KafkaServer)");
  }

  @Test
  void controlledShutdownDeregistersTheBrokerAndEndsTheProcess() throws Exception {
    supervisor = start(spec(3));
    healthy.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ProcessHandle broker = ProcessHandle.of(supervisor.pid().orElseThrow()).orElseThrow();

    BrokerSupervisor.StopResult result = supervisor.stop(Duration.ofSeconds(60));

    assertThat(result.forced()).isFalse();
    assertThat(result.controlled()).isTrue();
    assertThat(broker.isAlive()).isFalse();
    poll(() -> !registered(3));
    assertThat(Files.readString(sandbox.resolve("broker.log")))
        .contains("shut down completed (kafka.server.KafkaServer)");
    assertThat(failed).isNotDone();
  }

  /**
   * A broker whose id is still registered by another session (its previous run, killed less than
   * a session timeout ago) fails its startup; Kafka 2.4 then hangs in its own shutdown. The
   * supervisor reports it failed at once, with the reason from its log, and kills it, instead of
   * waiting for the health timeout.
   */
  @Test
  void aBrokerThatGivesUpStartingIsReportedAndKilledWithoutWaitingForTheTimeout() throws Exception {
    BrokerTaskSpec spec = spec(5);
    ZooKeeper previous = new ZooKeeper(zookeeper.getConnectString(), 60_000, e -> { });
    try {
      poll(() -> previous.getState().isConnected());
      String path = CHROOT + ZooKeeperHealthProbe.registrationPath(5);
      if (previous.exists(path, false) != null) {
        previous.delete(path, -1); // none left by another test
      }
      createParents(previous, path);
      String registration = "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
          + "\"endpoints\":[\"PLAINTEXT://127.0.0.1:9\"],\"jmx_port\":-1,\"host\":\"127.0.0.1\","
          + "\"timestamp\":\"1\",\"port\":9,\"version\":4}";
      previous.create(path, registration.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL);
      long started = System.nanoTime();
      supervisor = start(spec);

      String message = failed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(message).startsWith("broker 5 gave up starting").contains("NodeExists");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the health timeout")
          .isLessThan(WAIT.dividedBy(2));
      assertThat(supervisor.isAlive()).as("the hung broker was killed").isFalse();
      assertThat(healthy).isNotDone();
    } finally {
      previous.close();
    }
  }

  /**
   * The hang itself, as Kafka 2.4 sometimes does after a fatal startup error (seen when its id was
   * still registered once ZooKeeper came back from an outage): the JVM reports BrokerShuttingDown and
   * never exits. Played by a process that never exits, with Kafka's lines in its log.
   */
  @Test
  void aBrokerHungAfterGivingUpStartingIsKilledAndReportedWithTheCause() throws Exception {
    Path log = sandbox.resolve("hung.log");
    Files.writeString(log, "[2026-11-27 00:32:02,504] ERROR [KafkaServer id=8] Fatal error during "
        + "KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)\n"
        + "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists\n"
        + "[2026-11-27 00:32:02,507] INFO [SocketServer brokerId=8] Stopping socket server request "
        + "processors (kafka.network.SocketServer)\n");
    HealthProbe unregistered = new HealthProbe() {
      @Override
      public boolean registered() {
        return false;
      }

      @Override
      public boolean portAnswers() {
        return false;
      }

      @Override
      public void close() {
      }
    };
    StartupProbe shuttingDown = new StartupProbe() {
      @Override
      public Startup startup() {
        return Startup.STOPPING;
      }

      @Override
      public void close() {
      }
    };
    BrokerLaunch never = new BrokerLaunch(8, java.util.List.of("sleep", "600"), sandbox, log);
    supervisor = new BrokerSupervisor(never, unregistered, shuttingDown, listener(), Clock.systemUTC(),
        new BrokerSupervisor.Settings(WAIT, Duration.ofMillis(200), Duration.ofSeconds(30), 20));
    supervisor.start();

    String message = failed.get(BrokerSupervisor.GAVE_UP_GRACE.plusSeconds(30).toSeconds(),
        TimeUnit.SECONDS);

    assertThat(message).startsWith("broker 8 gave up starting: "
        + "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists "
        + "(exited with code 137 (ended by signal 9))");
    assertThat(supervisor.isAlive()).isFalse();
    assertThat(healthy).isNotDone();
  }

  private static void createParents(ZooKeeper zk, String path) throws Exception {
    StringBuilder at = new StringBuilder();
    String[] parts = path.substring(1).split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      at.append('/').append(parts[i]);
      if (zk.exists(at.toString(), false) == null) {
        zk.create(at.toString(), new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
            org.apache.zookeeper.CreateMode.PERSISTENT);
      }
    }
  }

  @Test
  void reportsAFailureWithTheLogWhenTheBrokerCannotStart() throws Exception {
    BrokerTaskSpec spec = spec(4);
    BrokerTaskSpec broken = new BrokerTaskSpec(spec.brokerId(), spec.frameworkName(),
        spec.zookeeperConnect(), spec.advertisedHost(), spec.port(), spec.heapMb(), spec.dataDir(),
        spec.kafkaHome(), Map.of("num.network.threads", "not-a-number"));
    supervisor = start(broken);

    String message = failed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(message).startsWith("broker 4 exited with code 1").contains("num.network.threads");
    assertThat(healthy).isNotDone();
  }

  private BrokerSupervisor start(BrokerTaskSpec spec) throws IOException {
    launch = BrokerWorkspace.prepare(spec, sandbox, ProcessBrokerRunner.currentJava());
    BrokerSupervisor s = new BrokerSupervisor(launch,
        new ZooKeeperHealthProbe(spec.zookeeperConnect(), spec.brokerId(), spec.advertisedHost(),
            spec.port()),
        JmxStartupProbe.of(launch),
        listener(),
        Clock.systemUTC(),
        new BrokerSupervisor.Settings(WAIT, Duration.ofMillis(500), Duration.ofSeconds(30), 20));
    s.start();
    return s;
  }

  /** Completes {@link #healthy} or {@link #failed}. */
  private BrokerSupervisor.Listener listener() {
    return new BrokerSupervisor.Listener() {
      @Override
      public void healthy() {
        healthy.complete(null);
      }

      @Override
      public void failed(String message) {
        failed.complete(message);
      }
    };
  }

  private static BrokerTaskSpec spec(int brokerId) throws IOException {
    return new BrokerTaskSpec(brokerId, "kafka-it", zookeeper.getConnectString() + CHROOT,
        "127.0.0.1", freePort(), 256, "data", "kafka",
        Map.of("offsets.topic.replication.factor", "1"));
  }

  private String log() {
    try {
      return Files.readString(sandbox.resolve("broker.log"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean registered(int brokerId) {
    try {
      ZooKeeper zk = new ZooKeeper(zookeeper.getConnectString(), 10_000, e -> { });
      try {
        poll(() -> zk.getState().isConnected());
        return zk.exists(CHROOT + ZooKeeperHealthProbe.registrationPath(brokerId), false) != null;
      } finally {
        zk.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(200);
    }
  }

  private static Path kafkaDist() {
    Path dir = io.kafkamesos.commons.kafka.KafkaDistributions.defaultDir();
    assertThat(dir.resolve("libs")).as("the unpacked Kafka distribution").isDirectory();
    assertThat(dir.resolve("config/log4j.properties")).isRegularFile();
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
