package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static io.kafkamesos.scheduler.core.SchedulerShell.agent;
import static io.kafkamesos.scheduler.core.SchedulerShell.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kraft.MigrationProbe;
import io.kafkamesos.scheduler.kraft.QuorumGate;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.PlanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos.Offer;
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

  private final SchedulerShell shell = new SchedulerShell();
  private final MutableClock clock = shell.clock;
  private final InMemoryStateStore store = shell.store;
  private final RecordingDriver driver = shell.driver;
  private final FakeClusterOps ops = shell.ops;
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

  /** A migrating scheduler, and the task of the controller it launched. */
  private record Migrating(BrokerScheduler scheduler, TaskInfo controller) {
  }

  private static SchedulerSettings zk(String... more) {
    List<String> env = new ArrayList<>(List.of("KAFKA_VERSION", "3.9.1", "BROKER_COUNT", "2",
        "BROKER_PV", "true", "PLACEMENT_STRATEGY", "NODE", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    env.addAll(List.of(more));
    return settings(env.toArray(String[]::new));
  }

  /** A scheduler of KAFKA_METADATA_MODE=KRAFT, one controller: 3000 leads, {@code migration} is read. */
  private BrokerScheduler migrationScheduler(MigrationProbe migration) {
    return shell.scheduler(zk("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"), leader3000,
        migration);
  }

  /** A scheduler of KAFKA_METADATA_MODE=ZOOKEEPER back during a migration: it reverts it. */
  private BrokerScheduler revertScheduler() {
    return shell.scheduler(zk("CONTROLLER_COUNT", "1"), QuorumGate.NONE, zookeeper);
  }

  private static TaskStatus status(TaskInfo task, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state + task.getTaskId().getValue()))
        .build();
  }

  /**
   * A first scheduler, in ZooKeeper mode, launches brokers 0 and 1 on agents 0 and 1; they run and
   * register in Kafka. Answers their tasks.
   */
  private List<TaskInfo> zookeeperClusterRunning() {
    BrokerScheduler first = shell.scheduler(zk());
    first.subscribed(FRAMEWORK_ID);
    first.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> running = new ArrayList<>(driver.launched());
    running.forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    shell.kafka.register(0, "host0", 31000);
    shell.kafka.register(1, "host1", 31000);
    return running;
  }

  /** The KRaft identity a migration starts from (MigrationStart): the cluster's ZooKeeper id kept. */
  private void zookeeperClusterIdKept() {
    store.storeKraft(new KraftState("zkClusterId0123456789A", QuorumMode.STATIC, Map.of(), List.of()));
  }

  /** A scheduler that takes over: it subscribes, and reconciliation answers that the tasks run. */
  private static void takeOver(BrokerScheduler s, List<TaskInfo> running, TaskInfo... controllers) {
    s.subscribed(FRAMEWORK_ID);
    running.forEach(t -> s.update(status(t, TaskState.TASK_RUNNING)));
    for (TaskInfo controller : controllers) {
      s.update(status(controller, TaskState.TASK_RUNNING));
    }
  }

  /** Controller 3000 reserves on agent 2, then launches there: answers its task. */
  private TaskInfo launchController(BrokerScheduler s) {
    s.offers(List.of(agent(2)));
    s.offers(List.of(shell.reservedOn(2)));
    return driver.launched().get(2);
  }

  /**
   * The running ZooKeeper-mode cluster migrated to its metadata-migrated gate: controller 3000 runs
   * in migration mode and both brokers rolled into migration mode ({@code running} then holds their
   * relaunched tasks). Kafka has not written {@code /migration} yet.
   */
  private Migrating migratedToTheGate(List<TaskInfo> running) {
    zookeeperClusterIdKept();
    BrokerScheduler migrating = migrationScheduler(zookeeper);
    takeOver(migrating, running);
    TaskInfo controller = launchController(migrating);
    migrating.update(status(controller, TaskState.TASK_RUNNING));
    for (int i = 0; i < 2; i++) {
      rollOne(migrating, running);
    }
    return new Migrating(migrating, controller);
  }

  /** The cluster in dual-write: Kafka's KRaft controller holds /controller and wrote /migration. */
  private void inDualWrite() {
    znode.set(Optional.of(new MigrationProbe.ZkMigration(3000, 181)));
    ops.controller = 3000;
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
    s.offers(List.of(shell.reservedOn(id)));
    TaskInfo relaunched = driver.launched().get(before);
    assertThat(relaunched.getName()).isEqualTo("broker-" + id);
    running.add(relaunched);
    s.update(status(relaunched, TaskState.TASK_RUNNING));
    s.tick();
    return relaunched;
  }

  @Test
  void controllersInMigrationModeThenBrokersInMigrationModeThenKraftBrokers() {
    List<TaskInfo> running = zookeeperClusterRunning();
    assertThat(running).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1");
    String chroot = spec(running.get(0)).zookeeperConnect();

    // the next scheduler: KAFKA_METADATA_MODE=KRAFT, the cluster's ZooKeeper id kept (MigrationStart)
    zookeeperClusterIdKept();
    BrokerScheduler second = migrationScheduler(znode::get);
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.MIGRATION);
    takeOver(second, running);

    // (a) the controller reserves, then launches in migration mode with the cluster's own id
    TaskInfo controller = launchController(second);
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
    BrokerScheduler third = migrationScheduler(znode::get);
    takeOver(third, running, controller);
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

  @Test
  void aMigrationAtItsMetadataMigratedGateIsRevertedControllersFirstThenTheBrokers() {
    List<TaskInfo> running = zookeeperClusterRunning();
    String chroot = spec(running.get(0)).zookeeperConnect();
    String zkSpec = store.brokers().get(0).configId();
    Migrating migration = migratedToTheGate(running);
    BrokerScheduler migrating = migration.scheduler();
    TaskInfo controller = migration.controller();
    // in dual-write; the plan is interrupted before kraft-brokers starts
    inDualWrite();
    migrating.coordinator().interrupt();
    migrating.tick();
    assertThat(store.plan().orElseThrow().progress().startedPhases()).doesNotContain("kraft-brokers");

    // KAFKA_METADATA_MODE=ZOOKEEPER back: a revert, by a scheduler in ZooKeeper mode
    BrokerScheduler revert = revertScheduler();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.REVERT);
    takeOver(revert, running, controller);

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
    revert.offers(List.of(shell.reservedOn(2)));
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
    List<TaskInfo> running = zookeeperClusterRunning();
    String chroot = spec(running.get(0)).zookeeperConnect();
    String zkSpec = store.brokers().get(0).configId();
    Migrating migration = migratedToTheGate(running);
    BrokerScheduler migrating = migration.scheduler();
    TaskInfo controller = migration.controller();
    String dualWrite = store.brokers().get(0).configId();
    inDualWrite();
    // kraft-brokers' first step starts; the plan is interrupted meanwhile: that step ends, no other
    migrating.tick();
    migrating.coordinator().interrupt();
    int kraftBroker = spec(relaunchKilled(migrating, running)).brokerId();
    assertThat(spec(running.get(running.size() - 1)).isKraft()).isTrue();
    migrating.tick();
    assertThat(driver.killed).as("interrupted").isEmpty();
    assertThat(store.plan().orElseThrow().progress().startedPhases()).contains("kraft-brokers");

    // KAFKA_METADATA_MODE=ZOOKEEPER back: a revert that starts with the KRaft broker
    BrokerScheduler revert = revertScheduler();
    assertThat(store.plan().orElseThrow().kind()).isEqualTo(PlanKind.REVERT);
    takeOver(revert, running, controller);

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
    BrokerScheduler next = revertScheduler();
    takeOver(next, running, controller);
    next.tick();
    assertThat(driver.killed).as("no broker rolled back again").containsExactly(
        controller.getTaskId().getValue());
    driver.killed.clear();
    next.update(status(controller, TaskState.TASK_KILLED));
    next.offers(List.of(shell.reservedOn(2)));
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
