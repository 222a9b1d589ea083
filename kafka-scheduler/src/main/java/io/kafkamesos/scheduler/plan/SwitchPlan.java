package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.security.ListenerPlan;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import io.kafkamesos.scheduler.security.SwitchOn;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanState;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of a {@link PlanKind#SWITCH_ON} as data: one roll per stage of {@link ListenerPlan}
 * (phase name = stage name, step {@code <stage>-<broker id>}), each onto the target's spec with
 * the stage's listener properties pinned ({@link SwitchOn#pins}), so that a broker's
 * {@code configId} says which stage it runs. The stages follow from the two security options the
 * plan state keeps ({@link PlanState#switchOn}): a scheduler that takes over builds the same ones.
 * A stage that waits for the operator is preceded by a gate ({@code plan continue}). Pure.
 */
public final class SwitchPlan {

  private SwitchPlan() {
  }

  /** The stages of a switch's plan state. */
  public static List<ListenerPlan.Stage> stages(PlanState state) {
    if (state.kind() != PlanKind.SWITCH_ON || state.switchOn() == null) {
      throw new IllegalArgumentException("not a switch of TLS: " + state.kind());
    }
    return SwitchOn.stages(state.switchOn().from(), state.switchOn().to());
  }

  /** The spec of {@code stage} on top of the target's own spec. */
  public static NodeSpec spec(NodeSpec own, ListenerPlan.Stage stage, String frameworkName) {
    return own.with(SwitchOn.pins(stage.target(), frameworkName));
  }

  /** Every stage's spec, in order. */
  public static List<NodeSpec> specs(NodeSpec own, PlanState state, String frameworkName) {
    return stages(state).stream().map(s -> spec(own, s, frameworkName)).toList();
  }

  /** Whether every roll of the switch is done: the brokers all run the target's listeners. */
  public static boolean complete(PlanState state) {
    return state.progress().completePhases().containsAll(
        stages(state).stream().map(ListenerPlan.Stage::name).toList());
  }

  /** The listeners the brokers ran before the switch. */
  public static io.kafkamesos.scheduler.security.ListenerTarget from(PlanState state) {
    return NodeTlsLayout.listenerTarget(state.switchOn().from());
  }

  /** The phases after {@code launch}; {@code roll} makes a stage's roll (first: the first one). */
  static List<PhaseDefinition> phases(PlanState state, NodeSpec own, String frameworkName,
      RollFactory roll) {
    List<PhaseDefinition> phases = new ArrayList<>();
    boolean first = true;
    for (ListenerPlan.Stage stage : stages(state)) {
      if (stage.waitsForOperator()) {
        phases.add(new PhaseDefinition.Gate(stage.name() + "-gate", "every broker has the"
            + " secure listeners; " + stage.description() + ": dcos kafka plan continue"
            + " (PUT /v1/plan/continue)", null, false));
      }
      phases.add(roll.roll(stage.name(), spec(own, stage, frameworkName), first,
          "target " + state.targetId() + ": TLS switched on, " + stage.description()));
      first = false;
    }
    return phases;
  }

  /** Makes one roll of the plan. */
  @FunctionalInterface
  interface RollFactory {
    PhaseDefinition.Roll roll(String name, NodeSpec spec, boolean first, String reason);
  }
}
