package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.kraft.MigrationProbe;
import io.kafkamesos.scheduler.kraft.QuorumGate;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.PlanKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * A migration to KRaft through the scheduler's shell: the controllers launch in migration mode with
 * the cluster's ZooKeeper id, the brokers relaunch as ZooKeeper-mode brokers in migration mode, then
 * (once Kafka's {@code /migration} says the metadata is migrated) as KRaft brokers.
 */
class MigrationSchedulerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final RecordingDriver driver = new RecordingDriver();
  private final FakeKafkaRegistry kafka = new FakeKafkaRegistry();
  private final FakeClusterOps ops = new FakeClusterOps(kafka);
  private final AtomicReference<Optional<MigrationProbe.ZkMigration>> znode =
      new AtomicReference<>(Optional.empty());
  private final QuorumGate leader3000 = new QuorumGate() {
    @Override
    public boolean mayRestart(int controller) {
      return true;
    }

    @Override
    public int leader() {
      return 3000;
    }
  };

  private static SchedulerSettings zk(String... more) {
    List<String> env = new ArrayList<>(List.of("KAFKA_VERSION", "3.9.1", "BROKER_COUNT", "2",
        "BROKER_PV", "true", "PLACEMENT_STRATEGY", "NODE", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    env.addAll(List.of(more));
    return settings(env.toArray(String[]::new));
  }

  private static Offer agent(int n) {
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  /** Agent {@code n} offering again what earlier accepts reserved on it, and more. */
  private Offer reservedOn(int n) {
    List<Resource> held = new ArrayList<>();
    for (RecordingDriver.Accepted a : driver.accepted) {
      if (a.offers().stream().noneMatch(o -> o.getValue().startsWith("offer-a" + n + "-"))) {
        continue;
      }
      for (Offer.Operation op : a.operations()) {
        if (op.getType() == Offer.Operation.Type.RESERVE) {
          op.getReserve().getResourcesList().stream().filter(r -> !r.getName().equals("disk"))
              .forEach(held::add);
        } else if (op.getType() == Offer.Operation.Type.CREATE) {
          held.add(op.getCreate().getVolumes(0));
        }
      }
    }
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).resources(held).build();
  }

  private static TaskStatus status(TaskInfo task, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state + task.getTaskId().getValue()))
        .build();
  }

  private static BrokerTaskSpec spec(TaskInfo task) {
    return BrokerTaskSpec.decode(task.getData().toByteArray());
  }

  /** Restarts the broker the plan kills next: answers its relaunched task. */
  private TaskInfo rollOne(BrokerScheduler s, List<TaskInfo> running) {
    s.tick();
    return relaunchKilled(s, running);
  }

  /** Relaunches the broker the plan killed: answers its relaunched task. */
  private TaskInfo relaunchKilled(BrokerScheduler s, List<TaskInfo> running) {
    assertThat(driver.killed).as("one broker at a time").hasSize(1);
    String killed = driver.killed.remove(0);
    assertThat(killed).startsWith("broker-");
    TaskInfo old = running.stream().filter(t -> t.getTaskId().getValue().equals(killed))
        .findFirst().orElseThrow();
    s.update(status(old, TaskState.TASK_KILLED));
    running.remove(old);
    int id = spec(old).brokerId();
    int before = driver.launched().size();
    s.offers(List.of(reservedOn(id)));
    TaskInfo relaunched = driver.launched().get(before);
    assertThat(relaunched.getName()).isEqualTo("broker-" + id);
    running.add(relaunched);
    s.update(status(relaunched, TaskState.TASK_RUNNING));
    s.tick();
    return relaunched;
  }

  @Test
  void controllersInMigrationModeThenBrokersInMigrationModeThenKraftBrokers() {
    BrokerScheduler first = io.kafkamesos.scheduler.Fixtures.scheduler(zk(),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock));
    first.load();
    first.subscribed(FRAMEWORK_ID);
    first.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> running = new ArrayList<>(driver.launched());
    assertThat(running).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1");
    running.forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    kafka.register(0, "host0", 31000);
    kafka.register(1, "host1", 31000);
    String chroot = spec(running.get(0)).zookeeperConnect();

    // the next scheduler: KAFKA_METADATA_MODE=KRAFT, the cluster's ZooKeeper id kept (MigrationStart)
    store.storeKraft(new KraftState("zkClusterId0123456789A", QuorumMode.STATIC, Map.of(), List.of()));
    BrokerScheduler second = io.kafkamesos.scheduler.Fixtures.scheduler(
        zk("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, leader3000, znode::get));
    second.load();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.MIGRATION);
    second.subscribed(FRAMEWORK_ID);
    running.forEach(t -> second.update(status(t, TaskState.TASK_RUNNING)));

    // (a) the controller reserves, then launches in migration mode with the cluster's own id
    second.offers(List.of(agent(2)));
    second.offers(List.of(reservedOn(2)));
    TaskInfo controller = driver.launched().get(2);
    assertThat(controller.getName()).isEqualTo("controller-3000");
    BrokerTaskSpec c = spec(controller);
    assertThat(c.kind()).isEqualTo(NodeKind.CONTROLLER);
    assertThat(c.kraft().clusterId()).isEqualTo("zkClusterId0123456789A");
    assertThat(c.overrides()).containsEntry("zookeeper.metadata.migration.enable", "true")
        .containsEntry("zookeeper.connect", chroot);
    second.tick();
    assertThat(driver.killed).as("no broker before the controllers run").isEmpty();
    second.update(status(controller, TaskState.TASK_RUNNING));

    // (b) each broker relaunches as a ZooKeeper-mode broker in migration mode
    for (int i = 0; i < 2; i++) {
      BrokerTaskSpec b = spec(rollOne(second, running));
      assertThat(b.isKraft()).isFalse();
      assertThat(b.zookeeperConnect()).isEqualTo(chroot);
      assertThat(b.overrides()).containsEntry("zookeeper.metadata.migration.enable", "true")
          .containsEntry("controller.quorum.voters", "3000@host2:31000")
          .containsEntry("controller.listener.names", "CONTROLLER");
    }
    second.tick();
    assertThat(driver.killed).as("the brokers wait for the metadata to be migrated").isEmpty();
    assertThat(second.coordinator().view().message()).contains("metadata-migrated waits");

    // a scheduler that takes over resumes there: no broker rolled into migration mode again
    BrokerScheduler third = io.kafkamesos.scheduler.Fixtures.scheduler(
        zk("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, leader3000, znode::get));
    third.load();
    third.subscribed(FRAMEWORK_ID);
    running.forEach(t -> third.update(status(t, TaskState.TASK_RUNNING)));
    third.update(status(controller, TaskState.TASK_RUNNING));
    third.tick();
    assertThat(driver.killed).as("resumed at the gate").isEmpty();
    assertThat(third.coordinator().view().message()).contains("metadata-migrated waits");

    // (c) Kafka reports the metadata migrated: the brokers relaunch as KRaft brokers
    znode.set(Optional.of(new MigrationProbe.ZkMigration(3000, 181)));
    for (int i = 0; i < 2; i++) {
      BrokerTaskSpec b = spec(rollOne(third, running));
      assertThat(b.isKraft()).isTrue();
      assertThat(b.kind()).isEqualTo(NodeKind.BROKER);
      assertThat(b.zookeeperConnect()).isEmpty();
      assertThat(b.kraft().clusterId()).isEqualTo("zkClusterId0123456789A");
      assertThat(b.kraft().votersProperty()).isEqualTo("3000@host2:31000");
      assertThat(b.overrides()).doesNotContainKeys("zookeeper.metadata.migration.enable",
          "zookeeper.connect");
    }
    third.tick();
    assertThat(driver.killed).as("finalize waits for the operator").isEmpty();
    assertThat(third.coordinator().view().status()).isEqualTo("WAITING");
    assertThat(third.coordinator().view().message()).contains("plan continue");
  }

  /** Kafka's ZooKeeper as the revert's probe sees it: {@code /migration}, cleared as asked. */
  private final MigrationProbe zookeeper = new MigrationProbe() {
    @Override
    public Optional<ZkMigration> read() {
      return znode.get();
    }

    @Override
    public void clearForZookeeper(java.util.Set<Integer> brokers) {
      znode.set(Optional.empty());
      if (!brokers.contains(ops.controller)) {
        ops.controller = -1; // Kafka's /controller deleted
      }
    }
  };

  @Test
  void aMigrationAtItsMetadataMigratedGateIsRevertedControllersFirstThenTheBrokers() {
    BrokerScheduler first = io.kafkamesos.scheduler.Fixtures.scheduler(zk(),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock));
    first.load();
    first.subscribed(FRAMEWORK_ID);
    first.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> running = new ArrayList<>(driver.launched());
    running.forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    kafka.register(0, "host0", 31000);
    kafka.register(1, "host1", 31000);
    String chroot = spec(running.get(0)).zookeeperConnect();
    String zkSpec = store.brokers().get(0).configId();

    store.storeKraft(new KraftState("zkClusterId0123456789A", QuorumMode.STATIC, Map.of(), List.of()));
    BrokerScheduler migrating = io.kafkamesos.scheduler.Fixtures.scheduler(
        zk("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, leader3000, zookeeper));
    migrating.load();
    migrating.subscribed(FRAMEWORK_ID);
    running.forEach(t -> migrating.update(status(t, TaskState.TASK_RUNNING)));
    migrating.offers(List.of(agent(2)));
    migrating.offers(List.of(reservedOn(2)));
    TaskInfo controller = driver.launched().get(2);
    migrating.update(status(controller, TaskState.TASK_RUNNING));
    for (int i = 0; i < 2; i++) {
      rollOne(migrating, running);
    }
    // the cluster in dual-write: Kafka's KRaft controller holds /controller and wrote /migration
    znode.set(Optional.of(new MigrationProbe.ZkMigration(3000, 181)));
    ops.controller = 3000;
    migrating.coordinator().interrupt();
    migrating.tick();
    assertThat(store.plan().orElseThrow().progress().startedPhases()).doesNotContain("kraft-brokers");

    // KAFKA_METADATA_MODE=ZOOKEEPER back: a revert, by a scheduler in ZooKeeper mode
    BrokerScheduler revert = io.kafkamesos.scheduler.Fixtures.scheduler(zk("CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, QuorumGate.NONE, zookeeper));
    revert.load();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.REVERT);
    revert.subscribed(FRAMEWORK_ID);
    running.forEach(t -> revert.update(status(t, TaskState.TASK_RUNNING)));
    revert.update(status(controller, TaskState.TASK_RUNNING));

    // (a) the controller is stopped first, no broker restarts meanwhile
    revert.tick();
    assertThat(driver.killed).containsExactly(controller.getTaskId().getValue());
    assertThat(store.kraft()).as("the migration's KRaft identity is forgotten").isEmpty();
    driver.killed.clear();
    revert.update(status(controller, TaskState.TASK_KILLED));
    assertThat(store.brokers().get(3000).reservation()).as("let go, to be released").isNull();
    assertThat(revert.coordinator().view().message()).contains("remove-controllers waits");

    // (b) its reservation and volume are released when its agent offers them; then its record goes
    int accepts = driver.accepted.size();
    revert.offers(List.of(reservedOn(2)));
    assertThat(driver.accepted.subList(accepts, driver.accepted.size()))
        .flatExtracting(RecordingDriver.Accepted::operations).extracting(Offer.Operation::getType)
        .contains(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE);
    assertThat(store.brokers()).as("kept until the release is confirmed").containsKey(3000);
    clock.advance(ReservationKeeper.RELEASE_SETTLE.plusSeconds(1));
    revert.offers(List.of(agent(2))); // nothing of it is offered any more
    revert.tick();
    revert.tick();
    assertThat(store.brokers()).doesNotContainKey(3000);
    assertThat(driver.killed).as("no broker before a ZooKeeper-mode broker controls").isEmpty();

    // (c) Kafka's migration state is cleared; the brokers wait for a ZooKeeper-mode controller
    assertThat(znode.get()).isEmpty();
    assertThat(ops.controller).isEqualTo(-1);
    assertThat(revert.coordinator().view().message()).contains("no broker was elected controller");
    ops.controller = 0; // Kafka elects a broker

    // (d) the brokers relaunch out of migration mode, onto the spec they ran before the migration
    for (int i = 0; i < 2; i++) {
      TaskInfo relaunched = rollOne(revert, running);
      BrokerTaskSpec b = spec(relaunched);
      assertThat(b.isKraft()).isFalse();
      assertThat(b.zookeeperConnect()).isEqualTo(chroot);
      assertThat(b.overrides()).doesNotContainKeys("zookeeper.metadata.migration.enable",
          "controller.quorum.voters", "controller.listener.names");
    }
    revert.tick();
    revert.tick();
    assertThat(revert.coordinator().view().status()).isEqualTo("COMPLETE");
    assertThat(store.brokers().values()).extracting(r -> r.configId()).containsOnly(zkSpec);
    assertThat(driver.launched()).extracting(TaskInfo::getName).filteredOn(n -> n.startsWith("controller"))
        .hasSize(1);
  }

  @Test
  void aMigrationWithAKraftBrokerIsRevertedThatBrokerBackToDualWriteFirstAcrossAFailover() {
    BrokerScheduler first = io.kafkamesos.scheduler.Fixtures.scheduler(zk(),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock));
    first.load();
    first.subscribed(FRAMEWORK_ID);
    first.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> running = new ArrayList<>(driver.launched());
    running.forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    kafka.register(0, "host0", 31000);
    kafka.register(1, "host1", 31000);
    String chroot = spec(running.get(0)).zookeeperConnect();
    String zkSpec = store.brokers().get(0).configId();

    store.storeKraft(new KraftState("zkClusterId0123456789A", QuorumMode.STATIC, Map.of(), List.of()));
    BrokerScheduler migrating = io.kafkamesos.scheduler.Fixtures.scheduler(
        zk("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, leader3000, zookeeper));
    migrating.load();
    migrating.subscribed(FRAMEWORK_ID);
    running.forEach(t -> migrating.update(status(t, TaskState.TASK_RUNNING)));
    migrating.offers(List.of(agent(2)));
    migrating.offers(List.of(reservedOn(2)));
    TaskInfo controller = driver.launched().get(2);
    migrating.update(status(controller, TaskState.TASK_RUNNING));
    for (int i = 0; i < 2; i++) {
      rollOne(migrating, running);
    }
    String dualWrite = store.brokers().get(0).configId();
    znode.set(Optional.of(new MigrationProbe.ZkMigration(3000, 181)));
    ops.controller = 3000;
    // kraft-brokers' first step starts; the plan is interrupted meanwhile: that step ends, no other
    migrating.tick();
    migrating.coordinator().interrupt();
    int kraftBroker = spec(relaunchKilled(migrating, running)).brokerId();
    assertThat(spec(running.get(running.size() - 1)).isKraft()).isTrue();
    migrating.tick();
    assertThat(driver.killed).as("interrupted").isEmpty();
    assertThat(store.plan().orElseThrow().progress().startedPhases()).contains("kraft-brokers");

    // KAFKA_METADATA_MODE=ZOOKEEPER back: a revert that starts with the KRaft broker
    BrokerScheduler revert = io.kafkamesos.scheduler.Fixtures.scheduler(zk("CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, QuorumGate.NONE, zookeeper));
    revert.load();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.REVERT);
    revert.subscribed(FRAMEWORK_ID);
    running.forEach(t -> revert.update(status(t, TaskState.TASK_RUNNING)));
    revert.update(status(controller, TaskState.TASK_RUNNING));

    // (a) the KRaft broker is killed first, the controller kept: it relaunches in dual-write
    revert.tick();
    assertThat(driver.killed).hasSize(1).allSatisfy(t -> assertThat(t)
        .startsWith("broker-" + kraftBroker + "__"));
    assertThat(store.plan().orElseThrow().progress().startedPhases())
        .contains("dual-write-brokers").doesNotContain("remove-controllers");
    TaskInfo back = relaunchKilled(revert, running);
    BrokerTaskSpec b = spec(back);
    assertThat(b.brokerId()).isEqualTo(kraftBroker);
    assertThat(b.isKraft()).as("process.roles removed, broker.id").isFalse();
    assertThat(b.zookeeperConnect()).as("zookeeper.connect restored").isEqualTo(chroot);
    assertThat(b.overrides()).as("the migration flag and the quorum kept")
        .containsEntry("zookeeper.metadata.migration.enable", "true")
        .containsEntry("controller.quorum.voters", "3000@host2:31000")
        .containsEntry("controller.listener.names", "CONTROLLER");
    assertThat(store.brokers().get(kraftBroker).configId()).isEqualTo(dualWrite);

    // (b) a scheduler that takes over goes on from the stored plan: the controller goes next
    BrokerScheduler next = io.kafkamesos.scheduler.Fixtures.scheduler(zk("CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(store, driver, kafka, ops,
            new SchedulerMetrics(new MetricRegistry()), clock, QuorumGate.NONE, zookeeper));
    next.load();
    next.subscribed(FRAMEWORK_ID);
    running.forEach(t -> next.update(status(t, TaskState.TASK_RUNNING)));
    next.update(status(controller, TaskState.TASK_RUNNING));
    next.tick();
    assertThat(driver.killed).as("no broker rolled back again").containsExactly(
        controller.getTaskId().getValue());
    driver.killed.clear();
    next.update(status(controller, TaskState.TASK_KILLED));
    next.offers(List.of(reservedOn(2)));
    clock.advance(ReservationKeeper.RELEASE_SETTLE.plusSeconds(1));
    next.offers(List.of(agent(2)));
    next.tick();
    next.tick();
    assertThat(store.brokers()).doesNotContainKey(3000);
    assertThat(driver.killed).as("no broker before a ZooKeeper-mode broker controls").isEmpty();
    ops.controller = 0;

    // (c) both brokers leave migration mode, onto the spec they ran before the migration
    for (int i = 0; i < 2; i++) {
      BrokerTaskSpec out = spec(rollOne(next, running));
      assertThat(out.isKraft()).isFalse();
      assertThat(out.overrides()).doesNotContainKeys("zookeeper.metadata.migration.enable",
          "controller.quorum.voters", "controller.listener.names");
    }
    next.tick();
    next.tick();
    assertThat(next.coordinator().view().status()).isEqualTo("COMPLETE");
    assertThat(store.brokers().values()).extracting(r -> r.configId()).containsOnly(zkSpec);
  }
}
