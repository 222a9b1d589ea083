package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** The shell's behaviour with a recording driver, an in-memory store and a hand-moved clock. */
class BrokerSchedulerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final RecordingDriver driver = new RecordingDriver();
  private final FakeKafkaRegistry kafka = new FakeKafkaRegistry();

  private final FakeClusterOps ops = new FakeClusterOps(kafka);

  private BrokerScheduler scheduler(SchedulerSettings s) {
    return loaded(s, store);
  }

  /** As the application builds it, on {@code on}. */
  private BrokerScheduler loaded(SchedulerSettings s, io.kafkamesos.scheduler.state.StateStore on) {
    BrokerScheduler scheduler = io.kafkamesos.scheduler.Fixtures.scheduler(s,
        new SchedulerAssembly.Edges(on, driver, kafka, ops, new SchedulerMetrics(new MetricRegistry()), clock));
    scheduler.load();
    return scheduler;
  }

  private static Offer agent(int n) {
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  private static TaskStatus status(TaskInfo task, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state)).build();
  }

  private List<TaskInfo> startCluster(BrokerScheduler scheduler, int brokers) {
    scheduler.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < brokers; i++) {
      scheduler.offers(List.of(agent(i)));
    }
    List<TaskInfo> tasks = driver.launched();
    tasks.forEach(t -> run(scheduler, t));
    return tasks;
  }

  /** The broker registers in Kafka, then its executor reports it running, as a real one does. */
  private void run(BrokerScheduler scheduler, TaskInfo task) {
    kafka.register(Integer.parseInt(task.getName().substring("broker-".length())), "host", 9092);
    scheduler.update(status(task, TaskState.TASK_RUNNING));
  }

  /** The killed broker leaves Kafka, then its executor reports the task killed. */
  private void killed(BrokerScheduler scheduler, TaskInfo task) {
    kafka.registrations.remove(Integer.parseInt(task.getName().substring("broker-".length())));
    scheduler.update(status(task, TaskState.TASK_KILLED));
  }

  @Test
  void subscribingStoresTheFrameworkIdAndReconciles() {
    BrokerScheduler scheduler = scheduler(settings());
    scheduler.subscribed(FRAMEWORK_ID);
    assertThat(store.frameworkId()).contains("fw-1");
    assertThat(driver.calls).startsWith("reconcile 0").contains("revive");
  }

  @Test
  void launchesEveryBrokerAndSuppressesWhenAllRun() {
    BrokerScheduler scheduler = scheduler(settings("PLACEMENT_STRATEGY", "NODE"));
    List<TaskInfo> tasks = startCluster(scheduler, 3);

    assertThat(tasks).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1", "broker-2");
    assertThat(store.brokers().values()).allSatisfy(r -> assertThat(r.state()).isEqualTo(BrokerState.RUNNING));
    assertThat(driver.acknowledged).hasSize(3);
    assertThat(driver.calls.lastIndexOf("suppress")).isGreaterThan(driver.calls.lastIndexOf("revive"));
    assertThat(scheduler.view().running()).isEqualTo(3);

    scheduler.offers(List.of(agent(7)));
    assertThat(driver.declined).hasSize(1);
    assertThat(driver.calls).contains("decline 30");
  }

  @Test
  void everyBrokerWithAnOfferThatFitsLaunchesInTheOneOffersEventAndTheRestIsDeclinedOnceAtTheEnd() {
    BrokerScheduler scheduler = scheduler(settings("PLACEMENT_STRATEGY", "NODE", "BROKER_COUNT", "3"));
    scheduler.subscribed(FRAMEWORK_ID);
    Offer tooSmall = offer("a9", "host9").unreserved(0.5, 256, 100, 31000, 31010).build();
    Offer spare = agent(3);
    driver.calls.clear();

    scheduler.offers(List.of(tooSmall, agent(0), agent(1), agent(2), spare));

    assertThat(driver.launched()).extracting(TaskInfo::getName)
        .containsExactly("broker-0", "broker-1", "broker-2");
    assertThat(driver.accepted).extracting(a -> a.offers().get(0).getValue())
        .hasSize(3).allSatisfy(id -> assertThat(id).startsWith("offer-a"))
        .noneMatch(id -> id.startsWith("offer-a9") || id.startsWith("offer-a3"));
    assertThat(driver.declined).as("the unused offers, declined together")
        .containsExactly(tooSmall.getId(), spare.getId());
    // declined after the launches, once, for as long as nobody waits (30 s), not 5 s for the small
    // offer that came while three brokers still waited
    assertThat(driver.calls).containsSubsequence("accept", "accept", "accept", "decline 30");
    assertThat(driver.calls).filteredOn(c -> c.startsWith("decline")).containsExactly("decline 30");
    assertThat(store.brokers().values()).allSatisfy(r -> assertThat(r.state()).isEqualTo(BrokerState.STAGING));
  }

  @Test
  void offersLeftWhileABrokerStillWaitsComeBackSoon() {
    BrokerScheduler scheduler = scheduler(settings("PLACEMENT_STRATEGY", "NODE", "BROKER_COUNT", "3"));
    scheduler.subscribed(FRAMEWORK_ID);
    driver.calls.clear();
    Offer tooSmall = offer("a9", "host9").unreserved(0.5, 256, 100, 31000, 31010).build();

    scheduler.offers(List.of(agent(0), tooSmall, agent(1)));

    assertThat(driver.launched()).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1");
    assertThat(driver.declined).containsExactly(tooSmall.getId());
    assertThat(driver.calls).filteredOn(c -> c.startsWith("decline")).containsExactly("decline 5");
    assertThat(scheduler.view().waitReasons().get(2)).startsWith("broker 2 waits for an offer");
  }

  @Test
  void aBrokerWaitingThroughOffersOfManyHostsLogsAFewOfItsReasonsNotOneAHost() {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(OfferHandler.class);
    logger.addAppender(logs);
    try {
      BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
      scheduler.subscribed(FRAMEWORK_ID);
      for (int host = 0; host < 20; host++) {
        scheduler.offers(List.of(offer("a" + host, "host" + host).unreserved(0.5, 256, 100, 31000, 31010).build()));
      }
      List<String> lines = logs.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .filter(l -> l.startsWith("broker 0 cannot launch yet")).toList();
      assertThat(lines).hasSize(OfferHandler.MAX_LOGGED_REASONS + 1);
      assertThat(lines.get(OfferHandler.MAX_LOGGED_REASONS)).contains("further ones are not logged until it launches");
      assertThat(scheduler.view().waitReasons().get(0)).as("the latest reason, logged or not").contains("host19");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void nodePlacementKeepsAFourthBrokerWaitingWithAReason() {
    BrokerScheduler scheduler = scheduler(settings("PLACEMENT_STRATEGY", "NODE", "BROKER_COUNT", "4"));
    startCluster(scheduler, 3);
    scheduler.offers(List.of(agent(0), agent(1)));
    assertThat(driver.launched()).hasSize(3);
    assertThat(scheduler.view().waitReasons().get(3))
        .startsWith("broker 3 waits for an offer: NODE placement needs a host without a broker");
  }

  @Test
  void offersGoBackToMesosWhileTheStoreCannotBeWrittenAndLaunchesWaitForIt() {
    SwitchableStateStore flaky = new SwitchableStateStore();
    SchedulerSettings s = settings("BROKER_COUNT", "2");
    BrokerScheduler scheduler = loaded(s, flaky);
    scheduler.subscribed(FRAMEWORK_ID);

    flaky.down = true;
    scheduler.offers(List.of(agent(0), agent(1)));
    assertThat(driver.launched()).isEmpty();
    assertThat(driver.declined).as("no offer is kept").hasSize(2);

    flaky.down = false;
    scheduler.offers(List.of(agent(0), agent(1)));
    assertThat(driver.launched()).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1");
    assertThat(flaky.delegate.brokers()).hasSize(2);
  }

  @Test
  void relaunchesAFailedBrokerWithTheSameIdAfterTheBackoff() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE", "BROKER_COUNT", "1");
    BrokerScheduler scheduler = scheduler(s);
    TaskInfo first = startCluster(scheduler, 1).get(0);
    var volumeId = store.broker(0).orElseThrow().reservation().volumeId();

    scheduler.update(status(first, TaskState.TASK_FAILED));
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.FAILED);

    Offer sameAgent = offer("a0", "host0").unreserved(4, 4096, 10000, 31000, 31010)
        .resources(reservedAndVolume()).build();
    scheduler.offers(List.of(sameAgent));
    assertThat(driver.launched()).hasSize(1); // still in backoff

    clock.advance(Duration.ofSeconds(3));
    scheduler.tick();
    assertThat(driver.calls).last().isEqualTo("revive");
    scheduler.offers(List.of(offer("a9", "host9").unreserved(4, 4096, 10000, 31000, 31010).build()));
    assertThat(driver.launched()).hasSize(1); // the volume is on a0
    scheduler.offers(List.of(sameAgent));

    TaskInfo second = driver.launched().get(1);
    assertThat(second.getName()).isEqualTo("broker-0");
    assertThat(second.getTaskId()).isNotEqualTo(first.getTaskId());
    assertThat(second.getAgentId().getValue()).isEqualTo("a0");
    assertThat(second.getResourcesList()).anySatisfy(
        r -> assertThat(r.getDisk().getPersistence().getId()).isEqualTo(volumeId));
  }

  /** What agent a0 offers after the first launch: the reserved resources and the volume. */
  private List<org.apache.mesos.v1.Protos.Resource> reservedAndVolume() {
    var ops = driver.accepted.get(0).operations();
    var held = new java.util.ArrayList<>(ops.get(0).getReserve().getResourcesList());
    held.removeIf(r -> r.getName().equals("disk"));
    held.add(ops.get(1).getCreate().getVolumes(0));
    return held;
  }

  @Test
  void restartKillsAndRelaunchesWithTheAnnouncedTaskId() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
    TaskInfo first = startCluster(scheduler, 1).get(0);

    List<String> answer = scheduler.restart(0);
    assertThat(answer).hasSize(1);
    assertThat(answer.get(0)).startsWith("broker-0__").isNotEqualTo(first.getTaskId().getValue());
    assertThat(driver.killed).containsExactly(first.getTaskId().getValue());
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.KILLING);

    scheduler.update(status(first, TaskState.TASK_KILLED));
    scheduler.offers(List.of(agent(0)));
    assertThat(driver.launched()).last().extracting(t -> t.getTaskId().getValue()).isEqualTo(answer.get(0));
  }

  @Test
  void restartAllGoesOneBrokerAtATime() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "2"));
    List<TaskInfo> first = startCluster(scheduler, 2);

    List<String> answer = scheduler.restartAll();
    assertThat(answer).hasSize(2);
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue());

    killed(scheduler, first.get(0));
    scheduler.offers(List.of(agent(0)));
    TaskInfo relaunched = driver.launched().get(2);
    assertThat(relaunched.getTaskId().getValue()).isEqualTo(answer.get(0));
    assertThat(driver.killed).hasSize(1); // broker 1 waits for broker 0 to run

    run(scheduler, relaunched);
    scheduler.tick(); // the next tick of the timer moves the plan on
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue(),
        first.get(1).getTaskId().getValue());
  }

  @Test
  void certificateRenewalsRestartOneNodeAtATimeWithTheRollsRules() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "2"));
    List<TaskInfo> first = startCluster(scheduler, 2);
    kafka.underReplicated = 1;

    assertThat(scheduler.renewCertificate(0, "certificate renewal: expires soon")).isTrue();
    assertThat(scheduler.renewCertificate(1, "certificate renewal: expires soon")).isTrue();
    assertThat(scheduler.renewCertificate(1, "certificate renewal: later"))
        .as("asked for already: it restarts").isTrue();
    assertThat(driver.killed).as("an under-replicated partition holds the roll").isEmpty();

    kafka.underReplicated = 0;
    scheduler.tick();
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue());
    assertThat(store.broker(0).orElseThrow().lastRestartReason()).isEqualTo("certificate renewal: expires soon");
    assertThat(scheduler.renewCertificate(0, "again")).as("broker 0 is being killed for it").isTrue();

    killed(scheduler, first.get(0));
    scheduler.offers(List.of(agent(0)));
    scheduler.tick();
    assertThat(driver.killed).as("broker 1 waits for broker 0 to run again").hasSize(1);
    run(scheduler, driver.launched().get(2));
    scheduler.tick();
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue(),
        first.get(1).getTaskId().getValue());
    assertThat(store.broker(1).orElseThrow().lastRestartReason()).as("the first reason asked")
        .isEqualTo("certificate renewal: expires soon");
  }

  @Test
  void aNodeThatDoesNotRunIsNotRestartedForItsCertificate() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
    TaskInfo first = startCluster(scheduler, 1).get(0);
    scheduler.update(status(first, TaskState.TASK_FAILED));

    assertThat(scheduler.renewCertificate(0, "certificate renewal: expires soon")).isFalse();
    assertThat(driver.killed).isEmpty();
  }

  @Test
  void rollingRestartWaitsForUnderReplicatedPartitions() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "2"));
    List<TaskInfo> first = startCluster(scheduler, 2);
    kafka.underReplicated = 3;
    scheduler.restartAll();
    assertThat(driver.killed).isEmpty();
    kafka.underReplicated = 0;
    scheduler.tick();
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue());
  }

  @Test
  void aChangedConfigurationRollsThroughTheBrokers() {
    List<TaskInfo> first = startCluster(scheduler(settings("BROKER_COUNT", "2")), 2);
    BrokerScheduler changed = scheduler(settings("BROKER_COUNT", "2", "KAFKA_OVERRIDE_NUM_PARTITIONS", "4"));
    changed.subscribed(FRAMEWORK_ID);
    assertThat(driver.killed).as("no restart before Mesos confirms the running tasks").isEmpty();
    first.forEach(t -> changed.update(status(t, TaskState.TASK_RUNNING)));
    assertThat(driver.killed).containsExactly(first.get(0).getTaskId().getValue());
    assertThat(store.broker(0).orElseThrow().lastRestartReason()).startsWith("target 2: ");
    assertThat(changed.coordinator().view().phases()).anySatisfy(p -> assertThat(p.steps())
        .anySatisfy(step -> assertThat(step.id() + " " + step.status()).isEqualTo("restart-1 PENDING")));

    killed(changed, first.get(0));
    changed.offers(List.of(agent(0)));
    TaskInfo relaunched = driver.launched().get(2);
    assertThat(io.kafkamesos.commons.broker.BrokerTaskSpec.decode(relaunched.getData().toByteArray())
        .overrides()).containsEntry("num.partitions", "4");
    run(changed, relaunched);
    changed.tick();
    assertThat(driver.killed).hasSize(2);
  }

  @Test
  void restartOfAnUnknownBrokerIsRefused() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
    assertThatThrownBy(() -> scheduler.restart(3)).isInstanceOf(BrokerNotFoundException.class)
        .hasMessage("broker 3 does not exist: the cluster has brokers 0 to 0");
  }

  @Test
  void aRestartedSchedulerAdoptsRunningBrokers() {
    SchedulerSettings s = settings("BROKER_COUNT", "2");
    List<TaskInfo> tasks = startCluster(scheduler(s), 2);
    driver.calls.clear();

    BrokerScheduler restarted = scheduler(s);
    restarted.subscribed(FRAMEWORK_ID);
    assertThat(driver.reconciled.get(driver.reconciled.size() - 2))
        .extracting(t -> t.getTaskId().getValue())
        .containsExactlyInAnyOrderElementsOf(tasks.stream().map(t -> t.getTaskId().getValue()).toList());
    tasks.forEach(t -> restarted.update(status(t, TaskState.TASK_RUNNING)));
    restarted.offers(List.of(agent(5)));

    assertThat(driver.launched()).hasSize(2);
    assertThat(driver.killed).isEmpty();
    assertThat(driver.calls).doesNotContain("revive");
  }

  @Test
  void killsATaskNoBrokerOwns() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
    startCluster(scheduler, 1);
    TaskStatus stray = TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("broker-0__33333333-3333-3333-3333-333333333333"))
        .setAgentId(AgentID.newBuilder().setValue("a0")).setState(TaskState.TASK_RUNNING).build();
    scheduler.update(stray);
    assertThat(driver.killed).containsExactly("broker-0__33333333-3333-3333-3333-333333333333");
  }

  @Test
  void aRefusedLaunchLeavesTheBrokerWaiting() {
    BrokerScheduler scheduler = scheduler(settings("BROKER_COUNT", "1"));
    scheduler.subscribed(FRAMEWORK_ID);
    driver.refuseAccept = new io.kafkamesos.commons.mesos.MesosHttpException(400, "bad offer");
    scheduler.offers(List.of(agent(0)));
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.PENDING);
    assertThat(scheduler.view().waitReasons().get(0)).contains("bad offer");
    assertThat(driver.declined).hasSize(1);

    driver.refuseAccept = null;
    scheduler.offers(List.of(agent(0)));
    assertThat(driver.launched()).hasSize(1);
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.STAGING);
  }

  @Test
  void removedFrameworkForgetsItsId() {
    BrokerScheduler scheduler = scheduler(settings());
    scheduler.subscribed(FRAMEWORK_ID);
    scheduler.error("Framework has been removed");
    assertThat(store.frameworkId()).isEmpty();
  }
}
