package io.kafkamesos.scheduler.plan;

import static io.kafkamesos.scheduler.plan.RolloutTest.healthy;
import static io.kafkamesos.scheduler.plan.RolloutTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upgrade as a plan: phases made by {@link Plans}, run by {@link Rollout}, from facts by hand. */
class UpgradePlanTest {

  private static final SchedulerSettings V24 = Fixtures.settings("KAFKA_VERSION", "2.4.1");
  private static final SchedulerSettings V39 = Fixtures.settings("KAFKA_VERSION", "3.9.1");
  private static final NodeSpec OLD = NodeSpec.of(V24);
  private static final NodeSpec RAISED = NodeSpec.of(V39);
  private static final NodeSpec PINNED = RAISED.pinned("2.4", "2.4");

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private final Map<Integer, BrokerRecord> records = new HashMap<>();
  private int tasks;

  private static PlanState upgradeState(PlanProgress progress) {
    return new PlanState("5", PlanKind.UPGRADE, new PlanState.UpgradeRecord("2.4.1", "3.9.1", "2.4", "2.4"),
        Map.of(OLD.id(), OLD.record(null)), progress);
  }

  private PlanDefinition define(PlanState state, boolean auto) {
    return Plans.define(new Plans.Inputs(V39, state, records, Set.of(0, 1, 2), auto,
        "target 5: KAFKA_VERSION: 2.4.1 -> 3.9.1"));
  }

  private Rollout upgrade(boolean auto) {
    return new Rollout(define(upgradeState(PlanProgress.NONE), auto), Duration.ofMinutes(10),
        PlanProgress.NONE);
  }

  private void running(int id, NodeSpec spec) {
    String task = "task-" + id + "-" + (tasks++);
    facts.put(id, new BrokerFacts(id, true, true, spec.id(), task, 0, "TASK_RUNNING"));
    records.put(id, new BrokerRecord(id, BrokerState.RUNNING, task, null, "a" + id, "h" + id, 31000,
        null, spec.id(), RestartMode.NONE, "TASK_RUNNING", "new broker", 0, 0, 1, "4",
        spec.version().version()));
  }

  private Rollout.Actions tick(Rollout r) {
    return r.tick(facts, Optional.of(healthy(0)), "", now);
  }

  /** Plays each restart the plan asks for: the broker comes back on {@code spec}; the order. */
  private List<Integer> rollThrough(Rollout r, NodeSpec spec) {
    List<Integer> order = new java.util.ArrayList<>();
    for (int i = 0; i < 10 && order.size() < 3; i++) {
      List<Integer> restart = tick(r).restart();
      assertThat(restart).hasSizeLessThanOrEqualTo(1);
      for (int id : restart) {
        assertThat(r.specFor(id, facts.get(id).configId())).as("broker %s relaunches on", id).isEqualTo(spec);
        order.add(id);
        running(id, spec);
      }
    }
    tick(r);
    return order;
  }

  @Test
  void anUpgradeRollsOntoTheNewVersionPinnedWaitsForTheOperatorThenRaisesTheProtocol() {
    for (int id = 0; id < 3; id++) {
      running(id, OLD);
    }
    Rollout r = upgrade(false);
    assertThat(r.definition().phases()).extracting(PhaseDefinition::name)
        .containsExactly("launch", "upgrade", "finalize", "raise-protocol");
    assertThat(PINNED.pins()).containsEntry("inter.broker.protocol.version", "2.4")
        .containsEntry("log.message.format.version", "2.4");
    assertThat(PINNED.protocol()).isEqualTo("2.4");

    assertThat(rollThrough(r, PINNED)).as("the controller (0) last").containsExactly(1, 2, 0);
    for (int i = 0; i < 5; i++) {
      now = now.plus(Duration.ofHours(1));
      assertThat(tick(r).restart()).as("the gate holds").isEmpty();
    }
    assertThat(r.phaseComplete("upgrade")).isTrue();
    assertThat(r.status()).isEqualTo("WAITING");
    assertThat(status(r, "finalize")).isEqualTo(StepStatus.WAITING);
    assertThat(r.waiting()).contains("plan continue").contains("KAFKA_VERSION=2.4.1");
    assertThat(r.started("raise-protocol")).isFalse();
    assertThat(r.specFor(1, PINNED.id())).as("at the gate brokers relaunch as they run").isEqualTo(PINNED);

    assertThat(r.passGate()).contains("finalize");
    assertThat(rollThrough(r, RAISED)).containsExactly(1, 2, 0);
    assertThat(r.started("raise-protocol")).isTrue();
    assertThat(r.status()).isEqualTo("COMPLETE");
    assertThat(r.passGate()).as("no gate to pass any more").isEmpty();
  }

  @Test
  void withAutomaticFinalisationTheGatePassesByItselfUnlessInterrupted() {
    for (int id = 0; id < 3; id++) {
      running(id, PINNED);
    }
    Rollout r = upgrade(true);
    r.interrupt();
    assertThat(tick(r).restart()).isEmpty();
    assertThat(r.status()).isEqualTo("INTERRUPTED");
    assertThat(status(r, "finalize")).isEqualTo(StepStatus.WAITING);
    r.resume();
    assertThat(tick(r).restart()).as("passed, and the raise starts at once").containsExactly(1);
    assertThat(status(r, "finalize")).isEqualTo(StepStatus.COMPLETE);
  }

  @Test
  void aBrokerNotRolledYetRelaunchesWithWhatItRanAndANewOneWithThePhasesSpec() {
    running(0, OLD);
    running(1, OLD);
    Rollout r = upgrade(false);
    assertThat(tick(r).restart()).containsExactly(1);
    assertThat(r.specFor(1, OLD.id())).isEqualTo(PINNED);
    assertThat(r.specFor(0, OLD.id())).as("not rolled yet").isEqualTo(OLD);
    assertThat(r.specFor(2, null)).as("a new broker").isEqualTo(PINNED);
    assertThat(r.specFor(0, "unknown")).as("a spec the plan does not know").isEqualTo(PINNED);
  }

  @Test
  void aResumedPlanKeepsItsGateAndRestartsNoBrokerThatRunsItsStepsSpec() {
    for (int id = 0; id < 3; id++) {
      running(id, OLD);
    }
    Rollout first = upgrade(false);
    rollThrough(first, PINNED);
    tick(first);
    assertThat(first.status()).isEqualTo("WAITING");
    PlanProgress stored = first.progress();

    Rollout resumed = new Rollout(define(upgradeState(stored), false), Duration.ofMinutes(10), stored);
    assertThat(resumed.stepsOf("upgrade")).as("its steps, though every broker runs the spec now")
        .hasSize(3).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.COMPLETE));
    assertThat(tick(resumed).restart()).isEmpty();
    assertThat(resumed.status()).isEqualTo("WAITING");
    assertThat(resumed.passGate()).contains("finalize");
    List<Integer> restarted = tick(resumed).restart();
    assertThat(restarted).containsExactly(1);
    running(1, RAISED);

    // a failover in the middle of raise-protocol: broker 1 is done and stays so
    PlanProgress mid = resumed.progress();
    assertThat(mid.startedPhases()).contains("raise-protocol");
    Rollout again = new Rollout(define(upgradeState(mid), false), Duration.ofMinutes(10), mid);
    tick(again);
    assertThat(status(again, "raise-protocol-1")).isEqualTo(StepStatus.COMPLETE);
    assertThat(status(again, "finalize")).isEqualTo(StepStatus.COMPLETE);
    assertThat(tick(again).restart()).containsExactly(2);
  }

  @Test
  void aStepRestartedBeforeAFailoverWhoseMarkWasLostIsAskedForAgain() {
    for (int id = 0; id < 3; id++) {
      running(id, OLD);
    }
    Rollout first = upgrade(false);
    assertThat(tick(first).restart()).containsExactly(1);
    // the new scheduler finds broker 1 still running its old task, with no restart pending
    Rollout resumed = new Rollout(define(upgradeState(first.progress()), false), Duration.ofMinutes(10),
        first.progress());
    assertThat(tick(resumed).restart()).containsExactly(1);
    assertThat(status(resumed, "upgrade-1")).isEqualTo(StepStatus.IN_PROGRESS);
  }

  @Test
  void aConditionGateWaitsForKafka() {
    running(0, OLD);
    PhaseDefinition.Gate migrated = new PhaseDefinition.Gate("dual-write", "the controllers copy"
        + " ZooKeeper's metadata", view -> view.registered().contains(2) ? Verdict.allow()
            : Verdict.refuse("the controllers report no migration yet"), false);
    Rollout r = new Rollout(new PlanDefinition("7", List.of(migrated,
        new PhaseDefinition.Roll("restart", List.of(0), RAISED, RollRules.brokers(), false, false, "x")),
        Map.of()), Duration.ofMinutes(10), PlanProgress.NONE);
    ClusterView without2 = io.kafkamesos.scheduler.plan.FakeCluster.brokers(3).down(2).view();
    assertThat(r.tick(facts, Optional.of(without2), "", now).restart()).isEmpty();
    assertThat(r.waiting()).isEqualTo("dual-write waits: the controllers report no migration yet");
    assertThat(r.passGate()).as("not the operator's to pass").isEmpty();
    facts.put(2, new BrokerFacts(2, true, true, RAISED.id(), "t2", 0, null));
    assertThat(tick(r).restart()).containsExactly(0);
  }

  @Test
  void aRollListsTheBrokersNotOnItsSpecAndTheFirstLeavesNewBrokersToTheLaunch() {
    running(0, OLD);
    running(1, PINNED);
    PlanDefinition plan = Plans.define(new Plans.Inputs(V39, upgradeState(PlanProgress.NONE), records,
        Set.of(0, 1, 2), false, "r"));
    assertThat(((PhaseDefinition.Launch) plan.phases().get(0)).nodes()).containsExactly(2);
    assertThat(plan.rolls().get(0).nodes()).containsExactly(0);
    assertThat(plan.rolls().get(1).nodes()).containsExactly(0, 1, 2);
    assertThat(plan.rolls().get(1).pointOfNoReturn()).isTrue();
    assertThat(plan.knownSpecs()).containsKeys(OLD.id(), PINNED.id(), RAISED.id());
  }
}
