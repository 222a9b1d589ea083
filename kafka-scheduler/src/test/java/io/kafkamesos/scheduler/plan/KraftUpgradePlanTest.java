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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A KRaft cluster's Kafka upgrade as a plan: the plan state {@link PlanStates} makes of a new
 * version, the phases {@link Plans} makes of a {@link PlanKind#KRAFT_UPGRADE} (controllers, then
 * brokers, the operator's gate, the {@code metadata.version} raise) and {@link Rollout} going
 * through them on facts given by hand; and {@link MetadataRaise}'s decisions.
 */
class KraftUpgradePlanTest {

  private static final SchedulerSettings ON_391 = Fixtures.settings("KAFKA_VERSION", "3.9.1",
      "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3");
  private static final SchedulerSettings ON_440 = Fixtures.settings("KAFKA_VERSION", "4.4.0",
      "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3");
  private static final Set<Integer> CONTROLLERS = Set.of(3000, 3001, 3002);
  private static final RollRules CONTROLLER_RULES = new RollRules((node, view) -> Verdict.allow(),
      (node, view) -> "", view -> 3001, "controller");

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private final Map<Integer, BrokerRecord> records = new HashMap<>();
  private final AtomicReference<Verdict> metadata = new AtomicReference<>(
      Verdict.refuse("the brokers still report level 21"));
  private int tasks;

  private static Target target(String id, SchedulerSettings env) {
    return new Target(id, 0L, TargetConfiguration.of(env, null), List.of(), null);
  }

  private static PlanState upgrade(PlanProgress progress) {
    return new PlanState("2", PlanKind.KRAFT_UPGRADE,
        new PlanState.UpgradeRecord("3.9.1", "4.4.0", null, null, "3.9-IV0"), Map.of(), progress);
  }

  private Rollout plan(SchedulerSettings env, PlanState state, boolean finalizeAuto) {
    return new Rollout(Plans.define(new Plans.Inputs(env, state, records, Set.of(0, 1, 2),
        finalizeAuto, "target 2: KAFKA_VERSION: 3.9.1 -> 4.4.0", CONTROLLERS, CONTROLLER_RULES, null,
        view -> metadata.get(), null)), Duration.ofMinutes(10), state.progress());
  }

  private void broker(int id, NodeSpec spec) {
    facts.put(id, new BrokerFacts(id, true, true, spec.id(), "task-" + id + "-" + (tasks++), 0,
        "TASK_RUNNING"));
    records.put(id, record(io.kafkamesos.commons.node.NodeKind.BROKER, id, spec.id()));
  }

  private void controller(int id, SchedulerSettings env) {
    facts.put(id, new BrokerFacts(id, true, true, env.controllerConfigId(),
        "task-" + id + "-" + (tasks++), 0, "TASK_RUNNING", true));
    records.put(id, record(io.kafkamesos.commons.node.NodeKind.CONTROLLER, id,
        env.controllerConfigId()));
  }

  private static BrokerRecord record(io.kafkamesos.commons.node.NodeKind kind, int id, String config) {
    return BrokerRecord.pending(kind, id, "task-" + id, "new").launched("task-" + id, "a" + id,
        "h" + id, 31000, null, config).withState(io.kafkamesos.scheduler.state.BrokerState.RUNNING);
  }

  private Rollout.Actions tick(Rollout r) {
    return r.tick(facts, Optional.of(healthy(0)), "", now);
  }

  /** Plays each restart the plan asks for: the node comes back on what {@code relaunch} gives it. */
  private List<Integer> rollThrough(Rollout r, int nodes, java.util.function.IntConsumer relaunch) {
    return RollPlay.rollThrough(() -> tick(r), nodes, relaunch);
  }

  private void runningOn391() {
    NodeSpec old = NodeSpec.of(ON_391);
    for (int id = 0; id < 3; id++) {
      broker(id, old);
    }
    CONTROLLERS.forEach(id -> controller(id, ON_391));
  }

  @Test
  void aNewVersionOfAKraftClusterIsAKraftUpgradeThatKeepsItsMetadataVersionUntilFinalized() {
    Target t1 = target("1", ON_391);
    Target t2 = target("2", ON_440);
    PlanState before = PlanStates.of(t1, Optional.empty(), ON_391);
    PlanState up = PlanStates.next(t1, before, t2, ON_440, List.of());
    assertThat(up.kind()).isEqualTo(PlanKind.KRAFT_UPGRADE);
    assertThat(up.upgrade()).isEqualTo(new PlanState.UpgradeRecord("3.9.1", "4.4.0", null, null,
        "3.9-IV0"));
    assertThat(PlanStates.metadataInForce(t2.configuration(), up)).isEqualTo("3.9-IV0");
    assertThat(PlanStates.metadataRaiseStarted(up)).isFalse();

    // a change at the gate carries the upgrade on; the old version back is a rollback
    Target t3 = target("3", Fixtures.settings("KAFKA_VERSION", "4.4.0", "KAFKA_METADATA_MODE",
        "KRAFT", "CONTROLLER_COUNT", "3", "BROKER_HEAP_MB", "300"));
    assertThat(PlanStates.next(t2, up, t3, ON_440, List.of()).upgrade()).isEqualTo(up.upgrade());
    assertThat(PlanStates.next(t2, up, t3, ON_440, List.of()).kind())
        .isEqualTo(PlanKind.KRAFT_UPGRADE);
    assertThat(PlanStates.next(t2, up, target("3", ON_391), ON_391, List.of()).kind())
        .isEqualTo(PlanKind.ROLLBACK);

    // once the operator passed finalize, the new release's level is in force
    PlanState finalized = up.withProgress(new PlanProgress(false, Set.of("finalize"),
        Set.of("controllers", "upgrade"), Set.of("controllers", "upgrade"), Map.of()));
    assertThat(PlanStates.metadataRaiseStarted(finalized)).isTrue();
    assertThat(PlanStates.metadataRaiseUnderWay(finalized)).isTrue();
    assertThat(PlanStates.metadataInForce(t2.configuration(), finalized)).isEqualTo("4.4-IV2");
    PlanState done = up.withProgress(new PlanProgress(false, Set.of("finalize"),
        Set.of("controllers", "upgrade", "finalize", "raise-metadata"),
        Set.of("controllers", "upgrade", "finalize", "raise-metadata"), Map.of()));
    assertThat(PlanStates.metadataRaiseUnderWay(done)).isFalse();
    PlanState after = PlanStates.next(t2, done, t3, ON_440, List.of());
    assertThat(after.kind()).isEqualTo(PlanKind.CONFIGURATION);
    assertThat(PlanStates.metadataInForce(t3.configuration(), after)).isEqualTo("4.4-IV2");
  }

  @Test
  void theControllersRollFirstThenTheBrokersThenTheOperatorsGateThenTheRaise() {
    runningOn391();
    Rollout r = plan(ON_440, upgrade(PlanProgress.NONE), false);
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name)
        .containsExactly("launch", "controllers", "upgrade", "finalize", "raise-metadata");
    NodeSpec target = NodeSpec.of(ON_440);
    assertThat(r.definition().finalSpec()).isEqualTo(target);

    // the controllers one at a time, the active one (3001) last, before any broker
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.stepStarted("upgrade", 0)).isFalse();
      controller(id, ON_440);
    })).containsExactly(3000, 3002, 3001);

    // then the brokers onto Kafka 4.4.0 (the ZooKeeper controller of the fake view, 0, last)
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.phaseComplete("controllers")).isTrue();
      assertThat(r.specFor(id, facts.get(id).configId())).isEqualTo(target);
      broker(id, target);
    })).containsExactly(1, 2, 0);
    tick(r);
    assertThat(r.phaseComplete("upgrade")).isTrue();

    // the gate holds; metadata.version is not touched before the operator says so
    metadata.set(Verdict.allow());
    for (int i = 0; i < 3; i++) {
      now = now.plus(Duration.ofHours(1));
      assertThat(tick(r).restart()).isEmpty();
    }
    assertThat(status(r, "finalize")).isEqualTo(StepStatus.WAITING);
    assertThat(status(r, "raise-metadata")).isEqualTo(StepStatus.PENDING);
    assertThat(r.waiting()).contains("plan continue").contains("3.9.1 can no longer be put back")
        .contains("KAFKA_VERSION=3.9.1 back instead rolls the cluster back");

    metadata.set(Verdict.refuse("the brokers still report level 21"));
    assertThat(r.passGate()).contains("finalize");
    tick(r);
    assertThat(r.phaseComplete("finalize")).isTrue();
    assertThat(status(r, "raise-metadata")).isEqualTo(StepStatus.WAITING);
    assertThat(r.waiting()).isEqualTo("raise-metadata waits: the brokers still report level 21");
    assertThat(r.progress().passedGates()).contains("finalize");

    metadata.set(Verdict.allow());
    tick(r);
    assertThat(r.status()).isEqualTo("COMPLETE");
    assertThat(r.steps()).extracting(Step::status).containsOnly(StepStatus.COMPLETE);
  }

  @Test
  void withAutomaticFinalisationTheRaiseFollowsTheBrokersByItself() {
    NodeSpec target = NodeSpec.of(ON_440);
    for (int id = 0; id < 3; id++) {
      broker(id, target);
    }
    CONTROLLERS.forEach(id -> controller(id, ON_440));
    metadata.set(Verdict.allow());
    Rollout r = plan(ON_440, upgrade(PlanProgress.NONE), true);
    tick(r);
    assertThat(r.status()).isEqualTo("COMPLETE");
  }

  @Test
  void aRollbackOfAKraftClusterRollsTheControllersBackBeforeTheBrokers() {
    NodeSpec upgraded = NodeSpec.of(ON_440);
    for (int id = 0; id < 3; id++) {
      broker(id, upgraded);
    }
    CONTROLLERS.forEach(id -> controller(id, ON_440));
    PlanState back = new PlanState("3", PlanKind.ROLLBACK, null, Map.of(), PlanProgress.NONE);
    Rollout r = new Rollout(Plans.define(new Plans.Inputs(ON_391, back, records, Set.of(0, 1, 2),
        false, "target 3: KAFKA_VERSION: 4.4.0 -> 3.9.1", CONTROLLERS, CONTROLLER_RULES)),
        Duration.ofMinutes(10), PlanProgress.NONE);
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name)
        .containsExactly("launch", "controllers", "rollback");
    assertThat(rollThrough(r, 3, id -> controller(id, ON_391))).containsExactly(3000, 3002, 3001);
    assertThat(rollThrough(r, 3, id -> {
      assertThat(r.phaseComplete("controllers")).isTrue();
      broker(id, NodeSpec.of(ON_391));
    })).containsExactly(1, 2, 0);
    tick(r);
    assertThat(r.status()).isEqualTo("COMPLETE");
  }

  @Test
  void theRaiseGoesToTheLevelEveryNodeSupportsAndIsDoneOnceEveryNodeReportsIt() {
    assertThat(MetadataRaise.decide(new MetadataRaise.Levels((short) 21, (short) 21, (short) 30,
        (short) 30))).isEqualTo(new MetadataRaise.Decision.Raise((short) 21, (short) 30));
    assertThat(MetadataRaise.decide(new MetadataRaise.Levels((short) 21, (short) 21, (short) 30,
        (short) 29))).as("a controller that supports less holds the level down")
        .isEqualTo(new MetadataRaise.Decision.Raise((short) 21, (short) 29));
    assertThat(MetadataRaise.decide(new MetadataRaise.Levels((short) 21, (short) 30, (short) 30,
        (short) 30))).isInstanceOf(MetadataRaise.Decision.Wait.class);
    assertThat(MetadataRaise.decide(new MetadataRaise.Levels((short) 30, (short) 30, (short) 30,
        (short) 30))).isEqualTo(new MetadataRaise.Decision.Done((short) 30));
  }
}
