package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** The plan inside the scheduler: a changed target rolls through the brokers one at a time. */
class PlanCoordinatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private RecordingDriver driver = new RecordingDriver();
  private final FakeKafkaRegistry kafka = new FakeKafkaRegistry();
  private final FakeClusterOps ops = new FakeClusterOps(kafka);
  private final PlanSettings plan = new PlanSettings(Duration.ofMinutes(10), null);

  private BrokerScheduler scheduler(SchedulerSettings env) {
    BrokerScheduler scheduler = io.kafkamesos.scheduler.Fixtures.scheduler(env,
        new SchedulerAssembly.Behaviour(plan, io.kafkamesos.scheduler.settings.FaultSettings.defaults(),
            java.util.Map.of()),
        new SchedulerAssembly.Edges(store, driver, kafka, ops, new SchedulerMetrics(new MetricRegistry()), clock));
    scheduler.load();
    return scheduler;
  }

  private static Offer agent(int n) {
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  private static TaskStatus status(String taskId, String agent, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agent))
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state)).build();
  }

  /** The broker registers in Kafka as its task reports running. */
  private void run(BrokerScheduler scheduler, TaskInfo task) {
    kafka.register(Integer.parseInt(task.getName().substring("broker-".length())), "host", 9092);
    scheduler.update(status(task.getTaskId().getValue(), task.getAgentId().getValue(),
        TaskState.TASK_RUNNING));
  }

  /** Three brokers of target 1, running and registered. */
  private void startedCluster(SchedulerSettings env) {
    BrokerScheduler first = scheduler(env);
    first.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < 3; i++) {
      first.offers(List.of(agent(i)));
    }
    driver.launched().forEach(t -> run(first, t));
    assertThat(first.coordinator().view().status()).isEqualTo("COMPLETE");
    driver = new RecordingDriver();
  }

  /** A new scheduler process on the same store: subscribed, Mesos confirmed every task. */
  private BrokerScheduler restarted(SchedulerSettings env) {
    BrokerScheduler scheduler = scheduler(env);
    scheduler.subscribed(FRAMEWORK_ID);
    for (BrokerRecord r : store.brokers().values()) {
      scheduler.update(status(r.taskId(), r.agentId(), TaskState.TASK_RUNNING));
    }
    return scheduler;
  }

  @Test
  void aChangedHeapRestartsOneBrokerAtATimeTheControllerLast() {
    startedCluster(settings());
    ops.controller = 0;
    BrokerScheduler scheduler = restarted(settings("BROKER_HEAP_MB", "300"));
    assertThat(store.target().orElseThrow().id()).isEqualTo("2");
    assertThat(driver.killed).hasSize(1);
    List<Integer> restarted = rollThrough(scheduler);
    assertThat(restarted).containsExactly(1, 2, 0);
    assertThat(ops.elections).containsExactly(1, 2, 0);
    PlanView view = scheduler.coordinator().view();
    assertThat(view.status()).isEqualTo("COMPLETE");
    assertThat(view.target().id()).isEqualTo("2");
    assertThat(view.target().changes()).containsExactly("BROKER_HEAP_MB: 256 -> 300");
    assertThat(view.brokers().values()).allSatisfy(b -> {
      assertThat(b.target()).isEqualTo("2");
      assertThat(b.lastRestartReason()).isEqualTo("target 2: BROKER_HEAP_MB: 256 -> 300");
    });
  }

  @Test
  void restartAllRunsThroughThePlanOneBrokerAtATime() {
    startedCluster(settings());
    BrokerScheduler scheduler = restarted(settings());
    assertThat(driver.killed).isEmpty();
    List<String> next = scheduler.restartAll();
    assertThat(next).hasSize(3);
    assertThat(driver.killed).hasSize(1);
    assertThat(rollThrough(scheduler)).containsExactly(0, 1, 2);
    PlanView view = scheduler.coordinator().view();
    assertThat(view.status()).isEqualTo("COMPLETE");
    assertThat(view.brokers().values()).allSatisfy(
        b -> assertThat(b.lastRestartReason()).isEqualTo("restart requested"));
    assertThat(store.brokers().values()).extracting(BrokerRecord::taskId).containsExactlyElementsOf(next);
  }

  /** Plays Mesos and Kafka for each broker the plan kills; answers the order of the restarts. */
  private List<Integer> rollThrough(BrokerScheduler scheduler) {
    int order = 0;
    List<Integer> restarted = new java.util.ArrayList<>();
    while (restarted.size() < 3 && order++ < 10) {
      assertThat(driver.killed).hasSize(restarted.size() + 1); // one broker down at a time
      String killed = driver.killed.get(driver.killed.size() - 1);
      int id = Integer.parseInt(killed.substring("broker-".length(), killed.indexOf("__")));
      restarted.add(id);
      BrokerRecord r = store.broker(id).orElseThrow();
      kafka.registrations.remove(id);
      scheduler.update(status(killed, r.agentId(), TaskState.TASK_KILLED));
      assertThat(driver.killed).hasSize(restarted.size()); // nobody else while it is down
      scheduler.offers(List.of(offer(r.agentId(), r.hostname()).unreserved(4, 4096, 10000, 31000, 31010)
          .build()));
      TaskInfo relaunched = driver.launched().get(driver.launched().size() - 1);
      assertThat(relaunched.getName()).isEqualTo("broker-" + id);
      run(scheduler, relaunched);
      scheduler.tick();
    }
    return restarted;
  }

  @Test
  void moreBrokersLaunchWithoutRestartingTheOthers() {
    startedCluster(settings());
    BrokerScheduler scheduler = restarted(settings("BROKER_COUNT", "4"));
    scheduler.offers(List.of(agent(3)));
    run(scheduler, driver.launched().get(0));
    scheduler.tick();
    assertThat(driver.killed).isEmpty();
    PlanView view = scheduler.coordinator().view();
    assertThat(view.status()).isEqualTo("COMPLETE");
    assertThat(view.phases().get(0).steps()).extracting(PlanView.StepInfo::id).containsExactly("launch-3");
    assertThat(store.brokers().values()).allSatisfy(r -> assertThat(r.targetId()).isEqualTo("2"));
  }

  @Test
  void aDynamicOverrideIsAppliedWithoutARestart() {
    startedCluster(settings());
    BrokerScheduler scheduler = restarted(settings("KAFKA_OVERRIDE_LOG_RETENTION_MS", "60000"));
    scheduler.tick();
    assertThat(driver.killed).isEmpty();
    assertThat(ops.dynamic).containsEntry("log.retention.ms", "60000");
  }

  @Test
  void dynamicConfigsWaitUntilEveryBrokerRuns() {
    startedCluster(settings());
    BrokerScheduler scheduler = scheduler(settings("KAFKA_OVERRIDE_LOG_RETENTION_MS", "60000"));
    scheduler.subscribed(FRAMEWORK_ID);
    for (BrokerRecord r : store.brokers().values()) {
      if (r.brokerId() != 2) {
        scheduler.update(status(r.taskId(), r.agentId(), TaskState.TASK_RUNNING));
      }
    }
    BrokerRecord two = store.broker(2).orElseThrow();
    scheduler.update(status(two.taskId(), two.agentId(), TaskState.TASK_FAILED));
    clock.advance(java.time.Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(ops.dynamic).as("not while broker 2 is down").isEmpty();
    assertThat(scheduler.coordinator().view().errors()).as("waiting is no error").isEmpty();

    scheduler.offers(List.of(agent(2)));
    run(scheduler, driver.launched().get(driver.launched().size() - 1));
    scheduler.tick();
    assertThat(ops.dynamic).containsEntry("log.retention.ms", "60000");
    assertThat(scheduler.coordinator().view().errors()).isEmpty();
  }

  @Test
  void aRefusedChangeTouchesNoBrokerAndSaysWhy() {
    startedCluster(settings("BROKER_PV", "TRUE"));
    BrokerScheduler scheduler = restarted(settings("BROKER_PV", "FALSE", "BROKER_HEAP_MB", "300"));
    scheduler.tick();
    assertThat(driver.killed).isEmpty();
    PlanView view = scheduler.coordinator().view();
    assertThat(view.refusal()).startsWith("BROKER_PV cannot be turned off");
    assertThat(view.target().id()).isEqualTo("1");
    assertThat(view.status()).isEqualTo("COMPLETE");
  }

  @Test
  void interruptedPlansStartNoStepUntilContinued() {
    startedCluster(settings());
    ops.unreadable = "ZooKeeper is away"; // keeps the plan from starting while we interrupt it
    BrokerScheduler scheduler = restarted(settings("BROKER_HEAP_MB", "300"));
    PlanCoordinator c = scheduler.coordinator();
    c.interrupt();
    ops.unreadable = null;
    scheduler.tick();
    assertThat(driver.killed).isEmpty();
    assertThat(c.view().status()).isEqualTo("INTERRUPTED");
    c.resume();
    scheduler.tick();
    assertThat(driver.killed).hasSize(1);
  }
}
