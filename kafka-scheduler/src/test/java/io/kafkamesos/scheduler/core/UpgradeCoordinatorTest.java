package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.PlanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * The upgrade plan inside the scheduler: each broker's task carries its step's spec, the gate and
 * the errors live in the store, a new scheduler resumes where the old one was.
 */
class UpgradeCoordinatorTest {

  private static final String IBP = "inter.broker.protocol.version";
  private static final String LMF = "log.message.format.version";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private RecordingDriver driver = new RecordingDriver();
  private final FakeKafkaRegistry kafka = new FakeKafkaRegistry();
  private final FakeClusterOps ops = new FakeClusterOps(kafka);
  private PlanSettings plan = new PlanSettings(Duration.ofMinutes(10), null);

  private static SchedulerSettings on(String version, String... more) {
    List<String> env = new ArrayList<>(List.of("KAFKA_VERSION", version));
    env.addAll(List.of(more));
    return settings(env.toArray(String[]::new));
  }

  private BrokerScheduler scheduler(SchedulerSettings env) {
    BrokerScheduler scheduler = io.kafkamesos.scheduler.Fixtures.scheduler(env,
        new SchedulerAssembly.Behaviour(plan, io.kafkamesos.scheduler.settings.FaultSettings.defaults(),
            Map.of()),
        new SchedulerAssembly.Edges(store, driver, kafka, ops, new SchedulerMetrics(new MetricRegistry()),
            clock));
    scheduler.load();
    return scheduler;
  }

  private static Offer agent(String agentId, String host) {
    return offer(agentId, host).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  private static TaskStatus status(String taskId, String agent, TaskState state, String message) {
    return TaskStatus.newBuilder()
        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agent))
        .setState(state).setMessage(message).setUuid(ByteString.copyFromUtf8("u-" + taskId + state))
        .build();
  }

  private void run(BrokerScheduler scheduler, TaskInfo task) {
    kafka.register(brokerOf(task.getTaskId().getValue()), "host", 9092);
    scheduler.update(status(task.getTaskId().getValue(), task.getAgentId().getValue(),
        TaskState.TASK_RUNNING, ""));
  }

  private static int brokerOf(String taskId) {
    return Integer.parseInt(taskId.substring("broker-".length(), taskId.indexOf("__")));
  }

  private static BrokerTaskSpec spec(TaskInfo task) {
    return BrokerTaskSpec.decode(task.getData().toByteArray());
  }

  private void startedCluster(SchedulerSettings env) {
    BrokerScheduler first = scheduler(env);
    first.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < 3; i++) {
      first.offers(List.of(agent("a" + i, "host" + i)));
    }
    driver.launched().forEach(t -> run(first, t));
    assertThat(first.coordinator().view().status()).isEqualTo("COMPLETE");
    driver = new RecordingDriver();
  }

  /** A new scheduler process on the same store (a failover): subscribed, every task confirmed. */
  private BrokerScheduler restarted(SchedulerSettings env) {
    driver = new RecordingDriver();
    BrokerScheduler scheduler = scheduler(env);
    scheduler.subscribed(FRAMEWORK_ID);
    for (BrokerRecord r : store.brokers().values()) {
      if (r.state().hasLiveTask()) {
        scheduler.update(status(r.taskId(), r.agentId(), TaskState.TASK_RUNNING, ""));
      }
    }
    return scheduler;
  }

  /** Kills of the plan played until {@code count} brokers restarted; answers their new tasks. */
  private List<TaskInfo> rollThrough(BrokerScheduler scheduler, int count) {
    List<TaskInfo> relaunched = new ArrayList<>();
    int before = driver.killed.size() - 1; // the first kill of this roll is there already
    for (int i = 0; i < 10 && relaunched.size() < count; i++) {
      assertThat(driver.killed).as("one broker down at a time").hasSize(before + relaunched.size() + 1);
      String killed = driver.killed.get(driver.killed.size() - 1);
      BrokerRecord r = store.broker(brokerOf(killed)).orElseThrow();
      kafka.registrations.remove(r.brokerId());
      scheduler.update(status(killed, r.agentId(), TaskState.TASK_KILLED, ""));
      scheduler.offers(List.of(agent(r.agentId(), r.hostname())));
      TaskInfo task = driver.launched().get(driver.launched().size() - 1);
      relaunched.add(task);
      run(scheduler, task);
      scheduler.tick();
    }
    return relaunched;
  }

  @Test
  void anUpgradeRollsPinnedWaitsAtFinalizeThroughAFailoverAndRaisesTheProtocolOnContinue() {
    startedCluster(on("2.4.1"));
    ops.controller = 0;
    BrokerScheduler s = restarted(on("3.9.1"));
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.UPGRADE);
    List<TaskInfo> upgraded = rollThrough(s, 3);
    assertThat(upgraded).extracting(t -> brokerOf(t.getTaskId().getValue())).containsExactly(1, 2, 0);
    assertThat(upgraded).allSatisfy(t -> {
      assertThat(spec(t).kafkaVersion()).isEqualTo("3.9.1");
      assertThat(spec(t).overrides()).containsEntry(IBP, "2.4").containsEntry(LMF, "2.4");
    });
    s.tick();
    PlanView atGate = s.coordinator().view();
    assertThat(atGate.status()).isEqualTo("WAITING");
    assertThat(atGate.phases()).extracting(PlanView.Phase::name)
        .containsExactly("launch", "upgrade", "finalize", "raise-protocol");
    assertThat(atGate.phases().get(2).status()).isEqualTo("WAITING");
    assertThat(atGate.phases().get(2).steps()).singleElement()
        .satisfies(step -> assertThat(step.broker()).isNull());
    assertThat(atGate.message()).contains("dcos kafka plan continue");
    assertThat(atGate.upgrade().raised()).isFalse();
    assertThat(atGate.brokers().values()).allSatisfy(b -> {
      assertThat(b.spec().kafkaVersion()).isEqualTo("3.9.1");
      assertThat(b.spec().interBrokerProtocol()).isEqualTo("2.4");
      assertThat(b.spec().pins()).containsEntry(IBP, "2.4");
      assertThat(b.runsTarget()).isTrue();
    });

    // a scheduler failover at the gate: nothing restarts, the gate still waits
    BrokerScheduler next = restarted(on("3.9.1"));
    next.tick();
    assertThat(driver.killed).isEmpty();
    assertThat(next.coordinator().view().status()).isEqualTo("WAITING");
    assertThat(store.target().orElseThrow().id()).isEqualTo("2");

    next.coordinator().resume();
    next.tick();
    List<TaskInfo> raised = rollThrough(next, 3);
    assertThat(raised).allSatisfy(t -> {
      assertThat(spec(t).kafkaVersion()).isEqualTo("3.9.1");
      assertThat(spec(t).overrides()).doesNotContainKeys(IBP, LMF);
    });
    PlanView done = next.coordinator().view();
    assertThat(done.status()).isEqualTo("COMPLETE");
    assertThat(done.upgrade().raised()).isTrue();
    assertThat(done.brokers().values()).allSatisfy(b -> assertThat(b.spec().interBrokerProtocol())
        .isEqualTo("3.9"));

    BrokerScheduler back = restarted(on("2.4.1"));
    back.tick();
    assertThat(back.coordinator().view().refusal()).startsWith("KAFKA_VERSION cannot change from 3.9.1 to 2.4.1")
        .contains("speak inter.broker.protocol.version 3.9");
    assertThat(driver.killed).isEmpty();
  }

  @Test
  void theOldVersionBackBeforeTheRaiseRollsBackOnlyTheUpgradedBrokers() {
    startedCluster(on("2.4.1"));
    ops.controller = 0;
    BrokerScheduler s = restarted(on("3.9.1"));
    s.coordinator().interrupt();
    rollThrough(s, 1); // broker 1 upgraded, then the plan stops
    s.tick();
    assertThat(s.coordinator().view().status()).isEqualTo("INTERRUPTED");

    BrokerScheduler back = restarted(on("2.4.1"));
    assertThat(back.coordinator().view().refusal()).isNull();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.ROLLBACK);
    List<TaskInfo> rolledBack = rollThrough(back, 1);
    assertThat(brokerOf(rolledBack.get(0).getTaskId().getValue())).isEqualTo(1);
    assertThat(spec(rolledBack.get(0)).kafkaVersion()).isEqualTo("2.4.1");
    assertThat(spec(rolledBack.get(0)).overrides()).doesNotContainKeys(IBP, LMF);
    back.tick();
    assertThat(driver.killed).as("brokers 0 and 2 never left 2.4.1").hasSize(1);
    assertThat(back.coordinator().view().status()).isEqualTo("COMPLETE");
    assertThat(back.coordinator().view().phases()).extracting(PlanView.Phase::name)
        .containsExactly("launch", "rollback");
  }

  @Test
  void aBrokerThatCannotStartStopsThePlanInErrorAcrossAFailoverAndTheOldVersionBringsItBack() {
    startedCluster(on("2.4.1"));
    ops.controller = 0;
    BrokerScheduler s = restarted(on("3.9.1"));
    String killed = driver.killed.get(0);
    BrokerRecord r = store.broker(brokerOf(killed)).orElseThrow();
    kafka.registrations.remove(r.brokerId());
    s.update(status(killed, r.agentId(), TaskState.TASK_KILLED, ""));
    for (int attempt = 0; attempt < 3; attempt++) {
      clock.advance(Duration.ofMinutes(3)); // past the relaunch backoff
      s.offers(List.of(agent(r.agentId(), r.hostname())));
      TaskInfo task = driver.launched().get(driver.launched().size() - 1);
      assertThat(spec(task).kafkaVersion()).isEqualTo("3.9.1");
      s.update(status(task.getTaskId().getValue(), r.agentId(), TaskState.TASK_FAILED,
          "Failed to fetch 'file:///broken.tgz': tar exited with 2"));
    }
    s.tick();
    PlanView failed = s.coordinator().view();
    assertThat(failed.status()).isEqualTo("ERROR");
    assertThat(failed.errors()).singleElement().asString().startsWith("upgrade-1: broker 1 failed to start on Kafka 3.9.1")
        .contains("Failed to fetch 'file:///broken.tgz'");
    assertThat(driver.killed).as("no other broker is touched").hasSize(1);

    BrokerScheduler next = restarted(on("3.9.1"));
    next.tick();
    assertThat(next.coordinator().view().status()).as("the error survives a failover").isEqualTo("ERROR");
    assertThat(driver.killed).isEmpty();
    assertThatThrownBy(() -> next.restartAll()).isInstanceOf(BrokerConflictException.class)
        .hasMessageContaining("is under way");

    BrokerScheduler back = restarted(on("2.4.1"));
    // no backoff to wait out: it was earned on the spec the rollback leaves
    back.offers(List.of(agent(r.agentId(), r.hostname())));
    TaskInfo relaunched = driver.launched().get(driver.launched().size() - 1);
    assertThat(brokerOf(relaunched.getTaskId().getValue())).isEqualTo(1);
    assertThat(spec(relaunched).kafkaVersion()).isEqualTo("2.4.1");
    run(back, relaunched);
    back.tick();
    assertThat(back.coordinator().view().status()).isEqualTo("COMPLETE");
    assertThat(driver.killed).isEmpty();
  }

  @Test
  void anInterruptIsKeptAcrossAFailover() {
    startedCluster(on("2.4.1"));
    BrokerScheduler s = restarted(on("2.4.1", "BROKER_HEAP_MB", "300"));
    s.coordinator().interrupt();
    BrokerScheduler next = restarted(on("2.4.1", "BROKER_HEAP_MB", "300"));
    next.tick();
    assertThat(next.coordinator().view().interrupted()).isTrue();
    assertThat(next.coordinator().view().status()).isIn("INTERRUPTED", "IN_PROGRESS");
  }

  @Test
  void withAutomaticFinalisationTheProtocolIsRaisedWithoutTheOperator() {
    plan = new PlanSettings(Duration.ofMinutes(10), null, true);
    startedCluster(on("2.4.1"));
    BrokerScheduler s = restarted(on("3.9.1"));
    rollThrough(s, 3);
    s.tick();
    List<TaskInfo> raised = rollThrough(s, 3);
    assertThat(raised).allSatisfy(t -> assertThat(spec(t).overrides()).doesNotContainKey(IBP));
    assertThat(s.coordinator().view().status()).isEqualTo("COMPLETE");
    assertThat(s.coordinator().view().upgrade().finalization()).isEqualTo("auto");
  }
}
