package io.kafkamesos.scheduler.plan;

import static io.kafkamesos.scheduler.plan.RolloutTest.healthy;
import static io.kafkamesos.scheduler.plan.RolloutTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The migration to KRaft as a plan: the phases {@link Plans} makes of a
 * {@link PlanKind#MIGRATION}, the spec each kind of node runs in each, and {@link Rollout} going
 * through them on facts given by hand, its gates on conditions the test sets.
 */
class MigrationPlanTest {

  private static final SchedulerSettings ZK = Fixtures.settings("KAFKA_VERSION", "3.9.1",
      "KAFKA_METADATA_MODE", "ZOOKEEPER");
  private static final SchedulerSettings KRAFT = Fixtures.settings("KAFKA_VERSION", "3.9.1",
      "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3");
  private static final NodeSpec ZK_SPEC = NodeSpec.of(ZK);
  private static final String VOTERS = "3000@h0:32000,3001@h1:32000,3002@h2:32000";
  private static final Set<Integer> CONTROLLERS = Set.of(3000, 3001, 3002);

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private final AtomicBoolean quorumReady = new AtomicBoolean();
  private final AtomicBoolean migrated = new AtomicBoolean();
  private int tasks;

  private final Migration.Checks checks = new Migration.Checks(
      view -> quorumReady.get() ? Verdict.allow() : Verdict.refuse("no leader yet"),
      view -> migrated.get() ? Verdict.allow() : Verdict.refuse("controller 3000 migrates"), VOTERS);

  private static final RollRules CONTROLLER_RULES = new RollRules((node, view) -> Verdict.allow(),
      (node, view) -> "", view -> -1, "controller");

  private static PlanState migration(PlanProgress progress) {
    return new PlanState("2", PlanKind.MIGRATION, null, Map.of(ZK_SPEC.id(), ZK_SPEC.record(null)),
        progress, ZK_SPEC.record(null));
  }

  private Rollout plan() {
    Map<Integer, BrokerRecord> records = new HashMap<>();
    return new Rollout(Plans.define(new Plans.Inputs(KRAFT, migration(PlanProgress.NONE), records,
        Set.of(0, 1, 2), false, "target 2: KAFKA_METADATA_MODE: ZOOKEEPER -> KRAFT", CONTROLLERS,
        CONTROLLER_RULES, checks)), Duration.ofMinutes(10), PlanProgress.NONE);
  }

  private void broker(int id, NodeSpec spec) {
    facts.put(id, new BrokerFacts(id, true, true, spec.id(), "task-" + id + "-" + (tasks++), 0,
        "TASK_RUNNING"));
  }

  private void controller(int id, NodeSpec spec) {
    facts.put(id, new BrokerFacts(id, true, true, spec.settings().controllerConfigId(),
        "task-" + id + "-" + (tasks++), 0, "TASK_RUNNING", true));
  }

  private Rollout.Actions tick(Rollout r) {
    return r.tick(facts, Optional.of(healthy(0)), "", now);
  }

  /** Plays each restart the plan asks for: the node comes back on what {@code relaunch} gives it. */
  private List<Integer> rollThrough(Rollout r, int nodes, java.util.function.IntConsumer relaunch) {
    return RollPlay.rollThrough(() -> tick(r), nodes, relaunch);
  }

  @Test
  void theBrokersEnterMigrationModeOnTopOfTheirZooKeeperSpecThenBecomeKraftBrokers() {
    NodeSpec dualWrite = Plans.dualWriteSpec(ZK_SPEC, VOTERS);
    assertThat(dualWrite.settings().isKraft()).as("still a ZooKeeper-mode broker").isFalse();
    assertThat(dualWrite.settings().overrides())
        .containsEntry("zookeeper.metadata.migration.enable", "true")
        .containsEntry("controller.quorum.voters", VOTERS)
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
        .doesNotContainKey("inter.broker.protocol.version");
    assertThat(dualWrite.version()).isEqualTo(ZK_SPEC.version());
    assertThat(dualWrite.id()).isNotEqualTo(ZK_SPEC.id());

    NodeSpec kraftBroker = NodeSpec.of(KRAFT);
    assertThat(kraftBroker.settings().isKraft()).isTrue();
    assertThat(kraftBroker.settings().overrides()).doesNotContainKeys(
        "zookeeper.metadata.migration.enable", "zookeeper.connect");

    NodeSpec migrating = Plans.migrationControllerSpec(KRAFT);
    assertThat(migrating.settings().overrides())
        .containsEntry("zookeeper.metadata.migration.enable", "true")
        .containsEntry("zookeeper.connect", KRAFT.kafkaZookeeperChroot())
        .containsEntry("inter.broker.listener.name", "PLAINTEXT");
    assertThat(migrating.settings().controllerConfigId())
        .as("the controllers roll out of migration mode at the end")
        .isNotEqualTo(KRAFT.controllerConfigId());
  }

  @Test
  void thePhasesRunInKafkasOrderEachWaitingOnKafkaAndTheLastOnTheOperator() {
    NodeSpec dualWrite = Plans.dualWriteSpec(ZK_SPEC, VOTERS);
    NodeSpec target = NodeSpec.of(KRAFT);
    NodeSpec migrating = Plans.migrationControllerSpec(KRAFT);
    for (int id = 0; id < 3; id++) {
      broker(id, ZK_SPEC);
    }
    CONTROLLERS.forEach(id -> controller(id, migrating));
    Rollout r = plan();
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name).containsExactly("launch",
        "controllers", "dual-write", "metadata-migrated", "kraft-brokers", "finalize",
        "kraft-controllers");
    assertThat(r.definition().finalSpec()).isEqualTo(target);

    // (a) nothing restarts before the quorum has a leader
    for (int i = 0; i < 3; i++) {
      now = now.plusSeconds(30);
      assertThat(tick(r).restart()).isEmpty();
    }
    assertThat(status(r, "controllers")).isEqualTo(StepStatus.WAITING);
    assertThat(r.waiting()).isEqualTo("controllers waits: no leader yet");
    assertThat(r.specFor(1, ZK_SPEC.id())).as("a broker relaunches as it ran").isEqualTo(ZK_SPEC);

    // (b) then the brokers, one at a time, into migration mode (the active controller 0 last)
    quorumReady.set(true);
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.specFor(id, facts.get(id).configId())).isEqualTo(dualWrite);
      broker(id, dualWrite);
    })).containsExactly(1, 2, 0);
    tick(r);
    assertThat(r.phaseComplete("dual-write")).isTrue();
    for (int i = 0; i < 3; i++) {
      now = now.plusSeconds(30);
      assertThat(tick(r).restart()).as("the brokers wait for the metadata to be migrated").isEmpty();
    }
    assertThat(r.waiting()).isEqualTo("metadata-migrated waits: controller 3000 migrates");

    // (c) then again as KRaft brokers
    migrated.set(true);
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.specFor(id, facts.get(id).configId())).isEqualTo(target);
      broker(id, target);
    })).containsExactly(1, 2, 0);
    tick(r);
    assertThat(r.phaseComplete("kraft-brokers")).isTrue();

    // (d) the operator lets the controllers out of migration mode
    for (int i = 0; i < 3; i++) {
      now = now.plus(Duration.ofHours(1));
      assertThat(tick(r).restart()).as("finalize holds").isEmpty();
    }
    assertThat(status(r, "finalize")).isEqualTo(StepStatus.WAITING);
    assertThat(r.waiting()).contains("plan continue").contains("cannot go back to ZooKeeper");
    assertThat(r.stepStarted("kraft-controllers", 3000)).isFalse();
    assertThat(r.passGate()).contains("finalize");
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.stepStarted("kraft-controllers", id)).isTrue();
      controller(id, target);
    })).containsExactly(3000, 3001, 3002);
    assertThat(r.status()).isEqualTo("COMPLETE");
    // what is stored says so, though a complete plan is not ticked again: later changes are taken
    assertThat(Migration.complete(migration(r.progress()))).isTrue();
  }

  @Test
  void anInterruptedMigrationStartsNoStepUntilContinued() {
    NodeSpec migrating = Plans.migrationControllerSpec(KRAFT);
    for (int id = 0; id < 3; id++) {
      broker(id, ZK_SPEC);
    }
    CONTROLLERS.forEach(id -> controller(id, migrating));
    quorumReady.set(true);
    Rollout r = plan();
    r.interrupt();
    for (int i = 0; i < 3; i++) {
      assertThat(tick(r).restart()).isEmpty();
    }
    assertThat(r.status()).isEqualTo("INTERRUPTED");
    r.resume();
    assertThat(tick(r).restart()).hasSize(1);
  }

  @Test
  void theMigrationIsFinalisedOnceItsControllersRollStartsAndCompleteWhenItIsDone() {
    PlanState fresh = migration(PlanProgress.NONE);
    assertThat(Migration.finalized(fresh)).isFalse();
    assertThat(Migration.complete(fresh)).isFalse();
    PlanState rolling = migration(new PlanProgress(false, Set.of("finalize"),
        Set.of("kraft-controllers"), Set.of("launch", "controllers", "dual-write",
            "metadata-migrated", "kraft-brokers", "finalize"), Map.of()));
    assertThat(Migration.finalized(rolling)).isTrue();
    assertThat(Migration.complete(rolling)).isFalse();
  }
}
