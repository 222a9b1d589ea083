package io.kafkamesos.scheduler.plan;

import java.util.List;
import java.util.Objects;

/**
 * One phase of a {@link PlanDefinition}, as data: what it does is decided by {@link Rollout}, which
 * runs the phases in order. Three shapes cover the plans:
 *
 * <ul>
 *   <li>{@link Launch}: new nodes, all started at once as offers fit; it holds up no other phase.
 *   <li>{@link Roll}: brings each of its nodes to one {@link NodeSpec}, one node at a time: a step
 *       starts only when the phase's {@link RollRules} allow it, and completes when its node runs
 *       the spec and is healthy again.
 *   <li>{@link Gate}: lets the plan on only when the operator says so ({@code plan continue}) or a
 *       {@link GateCondition} on Kafka's state holds.
 * </ul>
 *
 * A phase's name is unique within its plan; its steps are {@code <phase>-<node>} (a gate's one
 * step is the phase's name).
 */
public sealed interface PhaseDefinition {

  String name();

  /**
   * New nodes, launched with the spec of the plan's position ({@link Rollout#specFor}).
   *
   * @param nodes the node ids, in order
   * @param rules what a launched node lacks before it counts as up
   */
  record Launch(String name, List<Integer> nodes, RollRules rules) implements PhaseDefinition {
    public Launch {
      Objects.requireNonNull(name);
      nodes = List.copyOf(nodes);
      Objects.requireNonNull(rules);
    }
  }

  /**
   * A roll of nodes onto a spec.
   *
   * @param nodes the node ids that have a step, in order
   * @param spec what each node runs once its step is done
   * @param rules when a step may start, when it is done, which node goes last
   * @param force restart a node that runs {@code spec} already (an operator's restart)
   * @param pointOfNoReturn once a step of it started, what came before cannot be brought back (the
   *     protocol raised); the plan says so and the change that would undo it is refused
   * @param reason why nodes restart, kept as their last restart reason
   */
  record Roll(String name, List<Integer> nodes, NodeSpec spec, RollRules rules, boolean force,
      boolean pointOfNoReturn, String reason) implements PhaseDefinition {
    public Roll {
      Objects.requireNonNull(name);
      nodes = List.copyOf(nodes);
      Objects.requireNonNull(spec);
      Objects.requireNonNull(rules);
      Objects.requireNonNull(reason);
    }
  }

  /**
   * A wait.
   *
   * @param description what the gate waits for, for the operator
   * @param condition the condition on Kafka's state that lets the plan on, or null: the operator
   *     lets it on ({@code PUT /v1/plan/continue})
   * @param auto an operator gate that lets the plan on by itself (e.g. {@code KAFKA_UPGRADE_FINALIZE=auto})
   */
  record Gate(String name, String description, GateCondition condition, boolean auto)
      implements PhaseDefinition {
    public Gate {
      Objects.requireNonNull(name);
      Objects.requireNonNull(description);
    }

    /** Whether the operator lets it on (not a condition on Kafka). */
    public boolean waitsForOperator() {
      return condition == null;
    }
  }
}
