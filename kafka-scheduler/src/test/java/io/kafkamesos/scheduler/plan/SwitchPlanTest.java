package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.security.SwitchOn;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The switch of TLS as a plan: one roll per stage, each stage a spec of its own. */
class SwitchPlanTest {

  private static final SchedulerSettings SETTINGS = Fixtures.settings("KAFKA_VERSION", "3.9.1");
  private static final NodeSpec PLAIN = NodeSpec.of(SETTINGS);
  private static final SecurityTarget TLS = new SecurityTarget(true, "NONE", false, List.of(), true,
      365, 30, 1825, false, true);

  private final Map<Integer, BrokerRecord> records = new HashMap<>();

  private static PlanState state(PlanProgress progress) {
    return new PlanState("2", PlanKind.SWITCH_ON, null, Map.of(PLAIN.id(), PLAIN.record(null)),
        progress, null, new PlanState.SwitchRecord(SecurityTarget.NONE, TLS));
  }

  private PlanDefinition define(PlanState state) {
    return Plans.define(new Plans.Inputs(SETTINGS, state, records, Set.of(0, 1, 2), false,
        "target 2: TLS_ENABLED: FALSE -> TRUE"));
  }

  private void running(int id, NodeSpec spec) {
    records.put(id, new BrokerRecord(id, BrokerState.RUNNING, "task-" + id, null, "a" + id, "h" + id,
        31000, null, spec.id(), RestartMode.NONE, "TASK_RUNNING", "new broker", 0, 0, 1, "1",
        spec.version().version()));
  }

  @Test
  void eachStageIsARollOfEveryBrokerOntoASpecOfItsOwn() {
    for (int id = 0; id < 3; id++) {
      running(id, PLAIN);
    }
    PlanDefinition plan = define(state(PlanProgress.NONE));

    assertThat(plan.phases()).extracting(PhaseDefinition::name)
        .containsExactly("launch", "add-secure-listeners", "move-inter-broker");
    List<PhaseDefinition.Roll> rolls = plan.rolls();
    assertThat(rolls).allSatisfy(r -> assertThat(r.nodes()).containsExactly(0, 1, 2));
    assertThat(rolls.get(0).spec().id()).isNotEqualTo(PLAIN.id())
        .isNotEqualTo(rolls.get(1).spec().id());
    assertThat(rolls.get(0).spec().pins()).containsEntry("inter.broker.listener.name", "PLAINTEXT")
        .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CLIENT:SSL,INTERNAL:SSL")
        .doesNotContainKeys("listeners", "advertised.listeners");
    assertThat(rolls.get(1).spec().pins()).containsEntry("inter.broker.listener.name", "INTERNAL");
    // a broker not rolled yet relaunches as it ran
    Rollout rollout = new Rollout(plan, Duration.ofMinutes(5), PlanProgress.NONE);
    assertThat(rollout.specFor(2, PLAIN.id())).isEqualTo(PLAIN);
  }

  @Test
  void aSwitchIsCompleteOnceEveryStageIs() {
    assertThat(SwitchPlan.complete(state(PlanProgress.NONE))).isFalse();
    PlanProgress done = new PlanProgress(false, Set.of(), Set.of(),
        Set.of("launch", "add-secure-listeners", "move-inter-broker"), Map.of());
    assertThat(SwitchPlan.complete(state(done))).isTrue();
  }

  @Test
  void theNextTargetKnowsTheSpecsTheBrokersRunAfterTheSwitch() {
    PlanState switched = state(PlanProgress.NONE);
    NodeSpec last = SwitchPlan.specs(PLAIN, switched, SETTINGS.frameworkName()).get(1);
    var current = new io.kafkamesos.scheduler.state.Target("2", 0,
        io.kafkamesos.scheduler.settings.TargetConfiguration.of(SETTINGS, null).withSecurity(TLS),
        List.of(), "1");
    var next = new io.kafkamesos.scheduler.state.Target("3", 0,
        io.kafkamesos.scheduler.settings.TargetConfiguration.of(SETTINGS, null).withSecurity(TLS),
        List.of(), "2");
    PlanState after = PlanStates.next(current, switched, next, SETTINGS, List.of(last.id()));

    assertThat(after.kind()).isEqualTo(PlanKind.CONFIGURATION);
    assertThat(after.specs()).containsOnlyKeys(last.id());
    assertThat(SwitchOn.pins(io.kafkamesos.scheduler.security.NodeTlsLayout.listenerTarget(TLS),
        SETTINGS.frameworkName())).isEqualTo(last.pins());
  }
}
