package io.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.executor.broker.LogTail;
import io.kafkamesos.executor.broker.ZooKeeperHealthProbe;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged executor ({@code java -jar kafka-executor.jar}) as an agent starts it: in a sandbox
 * holding the extracted distribution, with the agent's environment, speaking the v1 executor API
 * over HTTP to a test agent, and running a real broker against a real ZooKeeper.
 */
class ExecutorIT {

  private static final String EXECUTOR_TOKEN = "eyJ0eXAiOiJKV1QifQ.executor-token-of-it.sig";

  private static final String FRAMEWORK_ID = "it-framework-0000";
  private static final long WAIT_S = 180;

  private static TestingServer zookeeper;

  /**
   * One chroot per test: a broker killed with SIGKILL leaves its registration behind until its
   * ZooKeeper session expires, and the next test's broker 7 must neither fail on it nor be taken
   * for registered because of it.
   */
  private final String chroot = "/kafka-executor-it-" + UUID.randomUUID();
  private Path sandbox;
  private TestAgent agent;
  private Process executor;
  private BrokerTaskId taskId;

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
  void startExecutor() throws Exception {
    sandbox = Files.createTempDirectory("kafka-executor-sandbox");
    Files.createSymbolicLink(sandbox.resolve("kafka"), kafkaDist());
    agent = new TestAgent();
    taskId = BrokerTaskId.next(7);
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-jar", executorJar().toString())
        .directory(sandbox.toFile())
        .redirectErrorStream(true)
        .redirectOutput(sandbox.resolve("stdout").toFile());
    Map<String, String> env = pb.environment();
    env.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
    env.put("MESOS_FRAMEWORK_ID", FRAMEWORK_ID);
    env.put("MESOS_EXECUTOR_ID", taskId.executorId());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_CHECKPOINT", "1");
    env.put("MESOS_RECOVERY_TIMEOUT", "10secs");
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "1secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "30secs");
    env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", EXECUTOR_TOKEN);
    executor = pb.start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    // The broker before ZooKeeper: a broker whose ZooKeeper is gone hangs in controlled shutdown.
    if (executor != null) {
      executor.descendants().forEach(ProcessHandle::destroyForcibly);
      executor.destroyForcibly();
      executor.waitFor(30, TimeUnit.SECONDS);
    }
    if (agent != null) {
      agent.close();
    }
    if (sandbox != null) {
      System.out.println("---- executor stdout ----\n" + readOrEmpty(sandbox.resolve("stdout")));
      System.out.println("---- broker.log (end) ----\n"
          + String.join("\n", LogTail.of(sandbox.resolve("broker.log"), 30)));
      try (Stream<Path> files = Files.walk(sandbox)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void runsTheBrokerSurvivesAnAgentRestartAndStopsItOnKill() throws Exception {
    Call subscribe = agent.nextCall(60);
    assertThat(subscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(subscribe.getFrameworkId().getValue()).isEqualTo(FRAMEWORK_ID);
    assertThat(subscribe.getExecutorId().getValue()).isEqualTo(taskId.executorId());

    agent.send(launch(spec()));
    Call.Update starting = agent.nextUpdate(60);
    assertThat(starting.getStatus().getState()).isEqualTo(TaskState.TASK_STARTING);
    Call.Update running = agent.nextUpdate(WAIT_S);
    assertThat(running.getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(registered(7)).isTrue();
    ProcessHandle broker = executor.descendants().findFirst().orElseThrow();
    // the executor's token to its agent stays the executor's: the broker's environment lacks it
    String brokerEnvironment = Files.readString(Path.of("/proc", Long.toString(broker.pid()), "environ"));
    assertThat(brokerEnvironment).contains("MESOS_FRAMEWORK_ID=" + FRAMEWORK_ID)
        .doesNotContain("MESOS_EXECUTOR_AUTHENTICATION_TOKEN").doesNotContain(EXECUTOR_TOKEN);

    // The agent restarts before acknowledging anything: the executor must hand both back.
    agent.crash();
    Thread.sleep(2_000);
    agent.recover();
    Call resubscribe = agent.nextCall(60);
    assertThat(resubscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(resubscribe.getSubscribe().getUnacknowledgedTasksList())
        .extracting(t -> t.getTaskId().getValue()).containsExactly(taskId.toString());
    assertThat(resubscribe.getSubscribe().getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getState())
        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    agent.acknowledge(starting);
    agent.acknowledge(running);
    assertThat(broker.isAlive()).isTrue();

    agent.send(Event.newBuilder().setType(Event.Type.KILL).setKill(
        Event.Kill.newBuilder().setTaskId(taskId())).build());
    Call.Update killing = agent.nextUpdate(60);
    assertThat(killing.getStatus().getState()).isEqualTo(TaskState.TASK_KILLING);
    agent.acknowledge(killing);
    Call.Update killed = agent.nextUpdate(WAIT_S);
    assertThat(killed.getStatus().getState()).isEqualTo(TaskState.TASK_KILLED);
    assertThat(killed.getStatus().getMessage()).contains("controlled shutdown");
    assertThat(broker.isAlive()).isFalse();
    assertThat(registered(7)).isFalse();
    agent.acknowledge(killed);

    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
    assertThat(executor.exitValue()).isZero();
    assertThat(readOrEmpty(sandbox.resolve("stdout")))
        .doesNotContain("broker-?")
        .contains("[kafka-it broker-7]")
        .contains("broker 7: TASK_KILLED");
  }

  @Test
  void aKillRightAfterLaunchStillEndsInAControlledShutdown() throws Exception {
    assertThat(agent.nextCall(60).getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(launch(spec()));
    Call.Update starting = agent.nextUpdate(60);
    assertThat(starting.getStatus().getState()).isEqualTo(TaskState.TASK_STARTING);
    agent.acknowledge(starting);
    poll(() -> executor.descendants().findAny().isPresent());
    ProcessHandle broker = executor.descendants().findFirst().orElseThrow();

    // Before the broker has finished starting (its JVM has only just been started). A generous
    // grace period: on a loaded machine the startup alone may take a while.
    agent.send(Event.newBuilder().setType(Event.Type.KILL).setKill(
        Event.Kill.newBuilder().setTaskId(taskId()).setKillPolicy(KillPolicy.newBuilder()
            .setGracePeriod(DurationInfo.newBuilder()
                .setNanoseconds(TimeUnit.SECONDS.toNanos(150))))).build());

    Call.Update update = agent.nextUpdate(WAIT_S);
    while (update.getStatus().getState() == TaskState.TASK_KILLING) {
      agent.acknowledge(update);
      update = agent.nextUpdate(WAIT_S);
    }
    TaskStatus killed = update.getStatus();
    assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
    assertThat(killed.getMessage()).containsAnyOf("exit code 143", "exit code 0")
        .contains("controlled shutdown").doesNotContain("no controlled shutdown");
    assertThat(broker.isAlive()).isFalse();
    agent.acknowledge(update);
    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
    assertThat(executor.exitValue()).isZero();
    assertThat(readOrEmpty(sandbox.resolve("broker.log")))
        .doesNotContain("still starting up")
        .contains("[KafkaServer id=7] shut down completed (kafka.server.KafkaServer)");
    assertThat(readOrEmpty(sandbox.resolve("stdout")))
        .contains("broker 7: still starting; waiting up to 150 s");
    assertThat(registered(7)).isFalse();
  }

  @Test
  void reportsADeadBrokerWithItsExitCodeAndLogTail() throws Exception {
    assertThat(agent.nextCall(60).getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(launch(spec()));
    agent.acknowledge(agent.nextUpdate(60));
    Call.Update running = agent.nextUpdate(WAIT_S);
    assertThat(running.getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    agent.acknowledge(running);

    executor.descendants().forEach(ProcessHandle::destroyForcibly);

    Call.Update failed = agent.nextUpdate(60);
    TaskStatus status = failed.getStatus();
    assertThat(status.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(status.getMessage())
        .startsWith("broker 7 exited with code 137")
        .contains("last 20 lines of its log:");
    agent.acknowledge(failed);
    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
  }

  @Test
  void leavesNoBrokerBehindWhenItIsTerminated() throws Exception {
    assertThat(agent.nextCall(60).getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(launch(spec()));
    agent.acknowledge(agent.nextUpdate(60));
    assertThat(agent.nextUpdate(WAIT_S).getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    ProcessHandle broker = executor.descendants().findFirst().orElseThrow();

    executor.destroy();

    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
    poll(() -> !broker.isAlive());
    poll(() -> !registeredQuietly(7));
  }

  @Test
  void stopsTheBrokerAndExitsWhenTheAgentStaysAwayPastTheRecoveryTimeout() throws Exception {
    assertThat(agent.nextCall(60).getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(launch(spec()));
    agent.acknowledge(agent.nextUpdate(60));
    assertThat(agent.nextUpdate(WAIT_S).getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    ProcessHandle broker = executor.descendants().findFirst().orElseThrow();

    agent.crash();

    assertThat(executor.waitFor(WAIT_S, TimeUnit.SECONDS)).as("executor exits").isTrue();
    assertThat(executor.exitValue()).isEqualTo(1);
    assertThat(broker.isAlive()).isFalse();
    assertThat(registered(7)).isFalse();
    assertThat(readOrEmpty(sandbox.resolve("stdout")))
        .contains("disconnected from the agent for longer than the recovery timeout of 10 s");
  }

  @Test
  void failsATaskItCannotRead() throws Exception {
    assertThat(agent.nextCall(60).getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(launch("heap.mb=lots".getBytes()));

    Call.Update failed = agent.nextUpdate(60);
    assertThat(failed.getStatus().getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getStatus().getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(failed.getStatus().getMessage()).startsWith("invalid broker task data:");
    agent.acknowledge(failed);
    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
    assertThat(executor.exitValue()).isZero();
  }

  private byte[] spec() throws IOException {
    return new BrokerTaskSpec(7, "kafka-it", zookeeper.getConnectString() + chroot, "127.0.0.1",
        freePort(), 256, "data", "kafka", Map.of("offsets.topic.replication.factor", "1"))
        .encode();
  }

  private TaskID taskId() {
    return TaskID.newBuilder().setValue(taskId.toString()).build();
  }

  private Event launch(byte[] data) {
    return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
        .setTask(TaskInfo.newBuilder().setName("broker-7").setTaskId(taskId())
            .setAgentId(AgentID.newBuilder().setValue(TestAgent.AGENT_ID))
            .setData(ByteString.copyFrom(data)))).build();
  }

  private boolean registered(int brokerId) throws Exception {
    ZooKeeper zk = new ZooKeeper(zookeeper.getConnectString(), 10_000, e -> { });
    try {
      poll(() -> zk.getState().isConnected());
      return zk.exists(chroot + ZooKeeperHealthProbe.registrationPath(brokerId), false) != null;
    } finally {
      zk.close();
    }
  }

  private boolean registeredQuietly(int brokerId) {
    try {
      return registered(brokerId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT_S + " s");
      }
      Thread.sleep(200);
    }
  }

  private static String readOrEmpty(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static Path executorJar() {
    Path jar = Path.of("target/kafka-executor.jar").toAbsolutePath();
    assertThat(jar).as("the packaged executor").isRegularFile();
    return jar;
  }

  private static Path kafkaDist() {
    Path dir = io.kafkamesos.commons.kafka.KafkaDistributions.defaultDir();
    assertThat(dir.resolve("libs")).as("the unpacked Kafka distribution").isDirectory();
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
