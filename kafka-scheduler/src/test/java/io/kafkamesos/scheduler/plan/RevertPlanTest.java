package io.kafkamesos.scheduler.plan;

import static io.kafkamesos.scheduler.plan.RolloutTest.healthy;
import static io.kafkamesos.scheduler.plan.RolloutTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.Target;
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
 * The revert of a migration to KRaft as a plan: from which positions of the migration it may
 * start ({@link Revert#refusal}), the plan state {@link PlanStates} makes of it, and the phases
 * {@link Plans} makes of a {@link PlanKind#REVERT}, run by {@link Rollout} on facts given by hand,
 * its gates on conditions the test sets.
 */
class RevertPlanTest {

  private static final SchedulerSettings ZK = Fixtures.settings("KAFKA_VERSION", "3.9.1",
      "KAFKA_METADATA_MODE", "ZOOKEEPER");
  private static final SchedulerSettings KRAFT = Fixtures.settings("KAFKA_VERSION", "3.9.1",
      "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3");
  private static final NodeSpec ZK_SPEC = NodeSpec.of(ZK);
  private static final NodeSpec DUAL_WRITE = Plans.dualWriteSpec(ZK_SPEC,
      "3000@h0:32000,3001@h1:32000,3002@h2:32000");

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private final Map<Integer, BrokerRecord> records = new HashMap<>();
  private final AtomicBoolean controllersGone = new AtomicBoolean();
  private final AtomicBoolean zookeeperController = new AtomicBoolean();
  private int tasks;

  private final Revert.Checks checks = new Revert.Checks(
      view -> controllersGone.get() ? Verdict.allow() : Verdict.refuse("controllers [3000] left"),
      view -> zookeeperController.get() ? Verdict.allow() : Verdict.refuse("/controller names 3000"));

  private static PlanState migrationAt(Set<String> started, Set<String> complete) {
    return new PlanState("2", PlanKind.MIGRATION, null, Map.of(ZK_SPEC.id(), ZK_SPEC.record(null)),
        new PlanProgress(false, Set.of(), started, complete, Map.of()), ZK_SPEC.record(null));
  }

  private static PlanState revert() {
    return new PlanState("3", PlanKind.REVERT, null, Map.of(ZK_SPEC.id(), ZK_SPEC.record(null)),
        PlanProgress.NONE, ZK_SPEC.record(null));
  }

  private Rollout plan() {
    return new Rollout(Plans.define(new Plans.Inputs(ZK, revert(), records, Set.of(0, 1, 2), false,
        "target 3: KAFKA_METADATA_MODE: KRAFT -> ZOOKEEPER", Set.of(), null, null, null, checks)),
        Duration.ofMinutes(10), PlanProgress.NONE);
  }

  private void broker(int id, NodeSpec spec) {
    records.put(id, BrokerRecord.pending(id, "t" + id, "new broker")
        .launched("t" + id, "a" + id, "h" + id, 31000, null, spec.id()));
    facts.put(id, new BrokerFacts(id, true, true, spec.id(), "task-" + id + "-" + (tasks++), 0,
        "TASK_RUNNING"));
  }

  private Rollout.Actions tick(Rollout r) {
    return r.tick(facts, Optional.of(healthy(0)), "", now);
  }

  @Test
  void aMigrationCanBeRevertedUntilItsFinalizeGateWasPassed() {
    assertThat(Revert.refusal(migrationAt(Set.of(), Set.of()))).isEmpty();
    assertThat(Revert.refusal(migrationAt(Set.of("controllers", "dual-write"),
        Set.of("launch", "controllers")))).isEmpty();
    assertThat(Revert.refusal(migrationAt(Set.of("controllers", "dual-write", "metadata-migrated"),
        Set.of("launch", "controllers", "dual-write")))).isEmpty();

    // Kafka's "Migrating brokers to KRaft" row: the KRaft brokers go back to dual-write first
    assertThat(Revert.refusal(migrationAt(Set.of("dual-write", "metadata-migrated",
        "kraft-brokers"), Set.of("dual-write", "metadata-migrated")))).isEmpty();
    // at the operator's finalize gate, not passed yet
    assertThat(Revert.refusal(migrationAt(Set.of("kraft-brokers", "finalize"),
        Set.of("dual-write", "metadata-migrated", "kraft-brokers")))).isEmpty();

    assertThat(Revert.refusal(new PlanState("2", PlanKind.MIGRATION, null, Map.of(),
        new PlanProgress(false, Set.of("finalize"), Set.of("kraft-brokers", "finalize"),
            Set.of("kraft-brokers"), Map.of()), ZK_SPEC.record(null))))
        .as("the operator let finalize pass: kraft-controllers follows")
        .hasValueSatisfying(why -> assertThat(why).contains("it was finalised")
            .contains("cannot go back to ZooKeeper"));
    assertThat(Revert.refusal(migrationAt(Set.of("kraft-brokers", "finalize", "kraft-controllers"),
        Set.of("kraft-brokers", "finalize"))))
        .hasValueSatisfying(why -> assertThat(why).contains("it was finalised")
            .contains("cannot go back to ZooKeeper"));
    assertThat(Revert.refusal(migrationAt(Set.of("kraft-controllers"), Set.of("kraft-controllers"))))
        .hasValueSatisfying(why -> assertThat(why).contains("no migration"));
  }

  @Test
  void zooKeeperModeBackDuringAMigrationIsARevertFromItsZooKeeperSpec() {
    TargetConfiguration kraft = TargetConfiguration.of(KRAFT, null);
    TargetConfiguration zk = TargetConfiguration.of(ZK, null);
    PlanState migration = migrationAt(Set.of("controllers", "dual-write"), Set.of("controllers"));

    PlanState next = PlanStates.next(new Target("2", 0, kraft, List.of(), "1"), migration,
        new Target("3", 1, zk, List.of("KAFKA_METADATA_MODE: KRAFT -> ZOOKEEPER"), "2"), ZK,
        List.of(ZK_SPEC.id(), DUAL_WRITE.id()));

    assertThat(next.kind()).isEqualTo(PlanKind.REVERT);
    assertThat(next.targetId()).isEqualTo("3");
    assertThat(next.migratedFrom()).isEqualTo(migration.migratedFrom());
    assertThat(next.specs()).containsKey(ZK_SPEC.id());
    assertThat(next.progress()).isEqualTo(PlanProgress.NONE);
  }

  @Test
  void theControllersGoThenAZooKeeperBrokerControlsThenTheBrokersLeaveMigrationMode() {
    // brokers 0 and 1 entered migration mode, broker 2 never did (dual-write was interrupted)
    broker(0, DUAL_WRITE);
    broker(1, DUAL_WRITE);
    broker(2, ZK_SPEC);
    Rollout r = plan();
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name).containsExactly("launch",
        "remove-controllers", "zookeeper-controller", "zookeeper-brokers");
    assertThat(r.definition().finalSpec()).isEqualTo(ZK_SPEC);
    assertThat(r.stepsOf("zookeeper-brokers")).extracting(Step::brokerId)
        .as("only the brokers in migration mode roll").containsExactly(0, 1);
    // a broker that fails meanwhile relaunches as it ran: the plan knows no other spec for it
    assertThat(r.specFor(2, ZK_SPEC.id())).isEqualTo(ZK_SPEC);

    // (a) no broker restarts while a controller is left: Kafka's order
    for (int i = 0; i < 3; i++) {
      now = now.plusSeconds(30);
      assertThat(tick(r).restart()).isEmpty();
    }
    assertThat(r.activePhase()).map(PhaseDefinition::name).hasValue("remove-controllers");
    assertThat(r.waiting()).contains("controllers [3000] left");

    // (b) the controllers are gone; /controller still names a KRaft controller
    controllersGone.set(true);
    assertThat(tick(r).restart()).isEmpty();
    assertThat(status(r, "remove-controllers")).isEqualTo(StepStatus.COMPLETE);
    assertThat(r.activePhase()).map(PhaseDefinition::name).hasValue("zookeeper-controller");
    assertThat(r.waiting()).contains("/controller names 3000");

    // (c) a ZooKeeper-mode broker controls the cluster: the brokers roll out of migration mode
    zookeeperController.set(true);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 10 && order.size() < 2; i++) {
      for (int id : tick(r).restart()) {
        assertThat(r.specFor(id, DUAL_WRITE.id())).isEqualTo(ZK_SPEC);
        order.add(id);
        broker(id, ZK_SPEC);
      }
    }
    tick(r);
    assertThat(order).containsExactly(1, 0); // broker 0 is Kafka's controller: last
    assertThat(r.complete()).isTrue();
    assertThat(r.progress().completePhases()).as("complete (and stored so) on the tick its last"
        + " step completes: what a scheduler started next sees").contains("zookeeper-brokers");
  }

  @Test
  void anInterruptedRevertHoldsItsGates() {
    for (int id = 0; id < 3; id++) {
      broker(id, DUAL_WRITE);
    }
    Rollout r = plan();
    r.interrupt();
    controllersGone.set(true);
    zookeeperController.set(true);
    tick(r);
    assertThat(r.activePhase()).map(PhaseDefinition::name).hasValue("remove-controllers");
    assertThat(r.status()).isEqualTo("INTERRUPTED");
    r.resume();
    tick(r);
    assertThat(r.phaseComplete("zookeeper-controller")).isTrue();
  }

  private static final NodeSpec KRAFT_SPEC = NodeSpec.of(KRAFT);
  private static final String VOTERS = "3000@h0:32000,3001@h1:32000,3002@h2:32000";

  /** The revert that {@link PlanStates} makes of a migration whose kraft-brokers started. */
  private static PlanState revertFromKraftBrokers() {
    PlanState migration = migrationAt(Set.of("controllers", "dual-write", "metadata-migrated",
        "kraft-brokers"), Set.of("launch", "controllers", "dual-write", "metadata-migrated"));
    return PlanStates.next(new Target("2", 0, TargetConfiguration.of(KRAFT, null), List.of(), "1"),
        migration, new Target("3", 1, TargetConfiguration.of(ZK, null),
            List.of("KAFKA_METADATA_MODE: KRAFT -> ZOOKEEPER"), "2"), ZK,
        List.of(DUAL_WRITE.id(), KRAFT_SPEC.id()), VOTERS);
  }

  private Rollout plan(PlanState state, PlanProgress progress) {
    return new Rollout(Plans.define(new Plans.Inputs(ZK, state.withProgress(progress), records,
        Set.of(0, 1, 2), false, "target 3: KAFKA_METADATA_MODE: KRAFT -> ZOOKEEPER", Set.of(), null,
        null, null, checks)), Duration.ofMinutes(10), progress);
  }

  @Test
  void aRevertAfterKraftBrokersStartedKeepsTheDualWriteSpecAndOnlyThen() {
    PlanState revert = revertFromKraftBrokers();
    assertThat(revert.kind()).isEqualTo(PlanKind.REVERT);
    assertThat(revert.specs()).containsKeys(DUAL_WRITE.id(), KRAFT_SPEC.id(), ZK_SPEC.id());
    assertThat(NodeSpec.of(revert.specs().get(DUAL_WRITE.id()), ZK)).isEqualTo(DUAL_WRITE);

    // from dual-write the revert is as before: no dual-write spec kept, no first phase
    PlanState fromDualWrite = PlanStates.next(new Target("2", 0, TargetConfiguration.of(KRAFT, null),
        List.of(), "1"), migrationAt(Set.of("controllers", "dual-write"), Set.of("controllers")),
        new Target("3", 1, TargetConfiguration.of(ZK, null), List.of(), "2"), ZK,
        List.of(DUAL_WRITE.id()), VOTERS);
    assertThat(fromDualWrite.specs()).doesNotContainKey(DUAL_WRITE.id());
    broker(0, DUAL_WRITE);
    assertThat(plan(fromDualWrite, PlanProgress.NONE).definition().phases())
        .extracting(PhaseDefinition::name).doesNotContain("dual-write-brokers");
  }

  @Test
  void theKraftBrokersRollBackToDualWriteOneAtATimeWhileTheControllersStillRun() {
    // kraft-brokers was interrupted after its first step: broker 0 runs as a KRaft broker
    broker(0, KRAFT_SPEC);
    broker(1, DUAL_WRITE);
    broker(2, DUAL_WRITE);
    PlanState state = revertFromKraftBrokers();
    Rollout r = plan(state, PlanProgress.NONE);
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name).containsExactly("launch",
        "dual-write-brokers", "remove-controllers", "zookeeper-controller", "zookeeper-brokers");
    assertThat(r.stepsOf("dual-write-brokers")).extracting(Step::brokerId)
        .as("only the KRaft brokers roll back").containsExactly(0);
    assertThat(r.stepsOf("zookeeper-brokers")).extracting(Step::brokerId).containsExactly(0, 1, 2);
    // before their steps, a broker that fails relaunches as it ran
    assertThat(r.specFor(0, KRAFT_SPEC.id())).isEqualTo(KRAFT_SPEC);
    assertThat(r.specFor(1, DUAL_WRITE.id())).isEqualTo(DUAL_WRITE);

    // (a) the roll waits for the brokers' rules: broker 1 not registered
    assertThat(r.tick(facts, Optional.of(FakeCluster.brokers(3).down(1)
        .partition("t", 0, 2, 0, 2).view()), "", now).restart()).isEmpty();
    assertThat(r.waiting()).contains("broker 1 not registered");

    // (b) broker 0 goes back to dual-write while the controllers run (they are not removed yet)
    now = now.plusSeconds(30);
    assertThat(tick(r).restart()).containsExactly(0);
    assertThat(r.specFor(0, KRAFT_SPEC.id())).isEqualTo(DUAL_WRITE);
    assertThat(r.activePhase()).map(PhaseDefinition::name).hasValue("dual-write-brokers");

    // (c) a scheduler that takes over mid-step goes on from the stored progress
    PlanProgress stored = r.progress();
    Rollout next = plan(state, stored);
    assertThat(next.stepsOf("dual-write-brokers")).extracting(Step::brokerId).containsExactly(0);
    assertThat(next.specFor(0, KRAFT_SPEC.id())).isEqualTo(DUAL_WRITE);
    broker(0, DUAL_WRITE);
    for (int i = 0; i < 4 && !next.phaseComplete("dual-write-brokers"); i++) {
      now = now.plusSeconds(30);
      assertThat(tick(next).restart()).isEmpty();
    }
    assertThat(next.phaseComplete("dual-write-brokers")).as(next.waiting()).isTrue();
    assertThat(next.activePhase()).map(PhaseDefinition::name).hasValue("remove-controllers");
    // a broker that fails now relaunches in dual-write, not out of migration mode
    assertThat(next.specFor(1, DUAL_WRITE.id())).isEqualTo(DUAL_WRITE);
    assertThat(next.positionSpec()).isEqualTo(DUAL_WRITE);

    // (d) the rest as from dual-write
    controllersGone.set(true);
    zookeeperController.set(true);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 12 && order.size() < 3; i++) {
      now = now.plusSeconds(30);
      for (int id : tick(next).restart()) {
        assertThat(next.specFor(id, DUAL_WRITE.id())).isEqualTo(ZK_SPEC);
        order.add(id);
        broker(id, ZK_SPEC);
      }
    }
    tick(next);
    assertThat(order).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(order.get(2)).as("Kafka's controller last").isEqualTo(0);
    assertThat(next.complete()).isTrue();
  }
}
