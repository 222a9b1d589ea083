package io.kafkamesos.executor.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.executor.broker.BrokerRunner;
import io.kafkamesos.executor.broker.BrokerSupervisor;
import io.kafkamesos.executor.broker.RunningBroker;
import io.kafkamesos.executor.security.NodeCertificates;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.NodeTlsSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The protocol shell against a recording agent and a fake broker: pure protocol logic. */
class KafkaExecutorTest {

  private static final TaskID TASK = TaskID.newBuilder()
      .setValue("broker-1__0f8fad5b-d9cb-469f-a165-70867728950e").build();
  private static final BrokerTaskSpec SPEC = new BrokerTaskSpec(1, "kafka0", "zk:2181/kafka0",
      "agent-1", 31001, 256, "data", "kafka", Map.of());

  private final ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private final FakeRunner runner = new FakeRunner();
  private volatile boolean autoAcknowledge = true;
  private KafkaExecutor executor;

  @AfterEach
  void stopActions() {
    actions.shutdownNow();
  }

  private KafkaExecutor executor(Duration ackTimeout) {
    executor = new KafkaExecutor(
        new KafkaExecutor.Settings("fw-1", "broker-1__executor__x", Duration.ofSeconds(60),
            Duration.ofSeconds(10), ackTimeout),
        runner,
        call -> {
          calls.add(call);
          if (autoAcknowledge && call.getType() == Call.Type.UPDATE) {
            TaskStatus status = call.getUpdate().getStatus();
            // As the agent does: on its own stream, after the call was accepted.
            CompletableFuture.runAsync(() -> executor.received(acknowledged(status)));
          }
        },
        exited::complete,
        KafkaExecutor.LogTags.NONE,
        new Reconnection(true, Duration.ofMinutes(15), Duration.ofMinutes(2), Instant.now()),
        actions,
        Clock.systemUTC(),
        certificates);
    return executor;
  }

  private NodeCertificates certificates = NodeCertificates.NONE;

  @Test
  void aTlsNodeStartsOnceItsKeyStoresAreWrittenWithItsListenersAndStores() throws Exception {
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<NodeCertificates.Outcome> asked = new CompletableFuture<>();
    certificates = (taskId, spec, tls, outcome) -> {
      assertThat(taskId).isEqualTo(TASK.getValue());
      assertThat(tls.taskSecret()).isEqualTo("secret");
      asked.complete(outcome);
      return new NodeCertificates.Pending() {
        @Override
        public boolean received(byte[] data) {
          seen.add(data);
          return true;
        }

        @Override
        public void cancel() {
        }
      };
    };
    NodeTlsSpec tls = new NodeTlsSpec("secret", Map.of("listeners", "CLIENT://agent-1:31001",
        "num.partitions", "7"));
    BrokerTaskSpec spec = new BrokerTaskSpec(1, "kafka0", "zk:2181/kafka0", "agent-1", 31001, 256,
        "data", "kafka", Map.of("num.partitions", "3", "log.retention.hours", "1"));
    executor(Duration.ofSeconds(30)).received(subscribed(false));
    executor.received(launch(tls.appendTo(spec.encode())));

    NodeCertificates.Outcome outcome = asked.get(10, TimeUnit.SECONDS);
    executor.received(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(
        Event.Message.newBuilder().setData(ByteString.copyFromUtf8("answer"))).build());
    poll(() -> !seen.isEmpty());
    assertThat(runner.spec).as("not started before its certificate").isNull();
    assertThat(updates().get(0).getMessage()).contains("waits for its certificate");

    actions.execute(() -> outcome.certified(new NodeKeystores.Stores(java.nio.file.Path.of("/s/k.p12"),
        "kp", java.nio.file.Path.of("/s/t.p12"), "tp")));
    poll(() -> runner.spec != null);
    assertThat(runner.spec.overrides()).containsEntry("listeners", "CLIENT://agent-1:31001")
        .containsEntry("num.partitions", "7").containsEntry("log.retention.hours", "1")
        .containsEntry("ssl.keystore.location", "/s/k.p12").containsEntry("ssl.truststore.password", "tp");
  }

  @Test
  void aRefusedCertificateFailsTheTask() throws Exception {
    certificates = (taskId, spec, tls, outcome) -> {
      outcome.failed("the scheduler refused the node's certificate request: no such task");
      return null;
    };
    executor(Duration.ofSeconds(30)).received(subscribed(false));
    executor.received(launch(new NodeTlsSpec("secret", Map.of()).appendTo(SPEC.encode())));
    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    TaskStatus failed = updates().get(updates().size() - 1);
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getMessage()).contains("cannot start: the scheduler refused", "no such task");
    assertThat(runner.spec).isNull();
  }

  @Test
  void reportsStartingThenRunningOnceTheBrokerIsHealthy() throws Exception {
    executor(Duration.ofSeconds(30)).received(subscribed(false));
    executor.received(launch(SPEC.encode()));

    poll(() -> runner.listener != null);
    assertThat(runner.spec).isEqualTo(SPEC);
    runner.listener.healthy();

    poll(() -> states().contains(TaskState.TASK_RUNNING));
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    TaskStatus running = updates().get(1);
    assertThat(running.getTaskId()).isEqualTo(TASK);
    assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.getExecutorId().getValue()).isEqualTo("broker-1__executor__x");
    assertThat(running.getUuid().size()).isEqualTo(16);
    assertThat(running.getMessage()).contains("registered in ZooKeeper", "agent-1:31001");
    assertThat(calls).allSatisfy(c -> {
      assertThat(c.getFrameworkId().getValue()).isEqualTo("fw-1");
      assertThat(c.getExecutorId().getValue()).isEqualTo("broker-1__executor__x");
    });
    assertThat(exited).isNotDone();
  }

  @Test
  void failsATaskWithInvalidDataAndExits() throws Exception {
    executor(Duration.ofSeconds(30)).received(launch("port=x".getBytes()));

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    TaskStatus failed = updates().get(0);
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(failed.getMessage()).startsWith("invalid broker task data: broker task data lacks");
    assertThat(runner.spec).isNull();
  }

  @Test
  void killStopsTheBrokerWithTheKillPolicysGraceThenReportsKilledAndExits() throws Exception {
    executor(Duration.ofSeconds(30)).received(subscribed(true));
    executor.received(launch(SPEC.encode()));
    poll(() -> runner.listener != null);
    runner.listener.healthy();

    executor.received(Event.newBuilder().setType(Event.Type.KILL).setKill(Event.Kill.newBuilder()
        .setTaskId(TASK).setKillPolicy(KillPolicy.newBuilder().setGracePeriod(
            DurationInfo.newBuilder().setNanoseconds(Duration.ofSeconds(12).toNanos())))).build());

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(runner.broker.grace).isEqualTo(Duration.ofSeconds(12));
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
        TaskState.TASK_KILLING, TaskState.TASK_KILLED);
    assertThat(updates().get(3).getMessage()).contains("exit code 143", "controlled shutdown");
  }

  @Test
  void withoutTheKillingCapabilityThereIsNoKillingState() throws Exception {
    executor(Duration.ofSeconds(30)).received(subscribed(false));
    executor.received(launch(SPEC.encode()));
    poll(() -> runner.listener != null);

    executor.received(Event.newBuilder().setType(Event.Type.KILL)
        .setKill(Event.Kill.newBuilder().setTaskId(TASK)).build());

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(runner.broker.grace).isEqualTo(Duration.ofSeconds(60));
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_KILLED);
  }

  @Test
  void aFailedBrokerFailsTheTaskOnceAndTheExecutorExits() throws Exception {
    executor(Duration.ofSeconds(30)).received(launch(SPEC.encode()));
    poll(() -> runner.listener != null);

    runner.listener.failed("broker 1 exited with code 137 (ended by signal 9); last lines...");
    runner.listener.failed("a second report is ignored");

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_FAILED);
    assertThat(updates().get(1).getMessage()).startsWith("broker 1 exited with code 137");
  }

  @Test
  void aBrokerThatCannotStartFailsTheTask() throws Exception {
    runner.failure = new IOException("the Kafka distribution is not at /sandbox/kafka");
    executor(Duration.ofSeconds(30)).received(launch(SPEC.encode()));

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(updates().get(1).getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(updates().get(1).getMessage())
        .isEqualTo("broker 1 cannot start: the Kafka distribution is not at /sandbox/kafka");
  }

  @Test
  void aResubscriptionCarriesWhatTheAgentHasNotAcknowledged() throws Exception {
    autoAcknowledge = false;
    executor(Duration.ofSeconds(30)).received(launch(SPEC.encode()));
    poll(() -> states().contains(TaskState.TASK_STARTING));
    runner.listener.healthy();
    poll(() -> states().contains(TaskState.TASK_RUNNING));

    Call.Subscribe before = executor.subscribeCall().getSubscribe();
    assertThat(before.getUnacknowledgedTasksList()).extracting(TaskInfo::getTaskId)
        .containsExactly(TASK);
    assertThat(before.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getState())
        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);

    executor.received(acknowledged(updates().get(0)));

    Call subscribe = executor.subscribeCall();
    assertThat(subscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(subscribe.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(subscribe.getSubscribe().getUnacknowledgedTasksList()).isEmpty();
    assertThat(subscribe.getSubscribe().getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getState()).containsExactly(TaskState.TASK_RUNNING);
  }

  @Test
  void anUnacknowledgedTerminalUpdateDelaysTheExitOnlyForTheAckTimeout() throws Exception {
    autoAcknowledge = false;
    executor(Duration.ofMillis(300)).received(launch(SPEC.encode()));
    poll(() -> runner.listener != null);

    runner.listener.failed("broker 1 exited with code 1");

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_FAILED);
  }

  @Test
  void anUnreachableAgentDoesNotLoseTheUpdate() throws Exception {
    KafkaExecutor e = new KafkaExecutor(
        new KafkaExecutor.Settings("fw-1", "broker-1__executor__x", Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(30)),
        runner,
        call -> {
          throw new java.io.UncheckedIOException(new IOException("connection refused"));
        },
        exited::complete, KafkaExecutor.LogTags.NONE,
        new Reconnection(true, Duration.ofMinutes(15), Duration.ofMinutes(2), Instant.now()),
        actions, Clock.systemUTC());
    e.received(launch(SPEC.encode()));

    poll(() -> runner.listener != null);
    assertThat(e.subscribeCall().getSubscribe().getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getState()).containsExactly(TaskState.TASK_STARTING);
  }

  @Test
  void aShutdownWithoutATaskJustExits() throws Exception {
    executor(Duration.ofSeconds(30)).received(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(calls).isEmpty();
  }

  @Test
  void aShutdownStopsTheBrokerWithinTheAgentsGracePeriod() throws Exception {
    executor(Duration.ofSeconds(30)).received(launch(SPEC.encode()));
    poll(() -> runner.listener != null);

    executor.received(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());

    assertThat(exited.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(runner.broker.grace).isEqualTo(Duration.ofSeconds(8));
    assertThat(states()).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_KILLED);
  }

  private List<TaskStatus> updates() {
    return calls.stream().filter(c -> c.getType() == Call.Type.UPDATE)
        .map(c -> c.getUpdate().getStatus()).toList();
  }

  private List<TaskState> states() {
    return updates().stream().map(TaskStatus::getState).toList();
  }

  private static Event acknowledged(TaskStatus status) {
    return Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
        Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid()))
        .build();
  }

  private static Event launch(byte[] data) {
    return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
        .setTask(TaskInfo.newBuilder().setName("broker-1").setTaskId(TASK)
            .setAgentId(AgentID.newBuilder().setValue("agent-1-id"))
            .setData(ByteString.copyFrom(data)))).build();
  }

  private static Event subscribed(boolean killingCapable) {
    FrameworkInfo.Builder framework = FrameworkInfo.newBuilder().setUser("root").setName("kafka0")
        .setId(FrameworkID.newBuilder().setValue("fw-1"));
    if (killingCapable) {
      framework.addCapabilities(FrameworkInfo.Capability.newBuilder()
          .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
    }
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(
        Event.Subscribed.newBuilder()
            .setExecutorInfo(ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue("broker-1__executor__x")))
            .setFrameworkInfo(framework)
            .setAgentInfo(AgentInfo.newBuilder().setHostname("agent-1")
                .setId(AgentID.newBuilder().setValue("agent-1-id")))).build();
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
    }
  }

  /** Records what it was asked to start and hands out a broker that records its stop. */
  private static final class FakeRunner implements BrokerRunner {
    volatile BrokerTaskSpec spec;
    volatile BrokerSupervisor.Listener listener;
    volatile FakeBroker broker;
    volatile IOException failure;

    @Override
    public RunningBroker start(BrokerTaskSpec spec, BrokerSupervisor.Listener listener)
        throws IOException {
      if (failure != null) {
        throw failure;
      }
      this.spec = spec;
      this.broker = new FakeBroker();
      this.listener = listener;
      return broker;
    }
  }

  private static final class FakeBroker implements RunningBroker {
    volatile Duration grace;

    @Override
    public BrokerSupervisor.StopResult stop(Duration grace) {
      this.grace = grace;
      return new BrokerSupervisor.StopResult(143, false);
    }
  }
}
