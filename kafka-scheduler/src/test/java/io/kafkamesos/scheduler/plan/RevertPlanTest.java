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
  void aMigrationCanBeRevertedUntilItsBrokersRunAsKraftBrokers() {
    assertThat(Revert.refusal(migrationAt(Set.of(), Set.of()))).isEmpty();
    assertThat(Revert.refusal(migrationAt(Set.of("controllers", "dual-write"),
        Set.of("launch", "controllers")))).isEmpty();
    assertThat(Revert.refusal(migrationAt(Set.of("controllers", "dual-write", "metadata-migrated"),
        Set.of("launch", "controllers", "dual-write")))).isEmpty();

    assertThat(Revert.refusal(migrationAt(Set.of("dual-write", "metadata-migrated",
        "kraft-brokers"), Set.of("dual-write", "metadata-migrated"))))
        .hasValueSatisfying(why -> assertThat(why).contains("run as KRaft brokers")
            .contains("not supported yet"));
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
}
