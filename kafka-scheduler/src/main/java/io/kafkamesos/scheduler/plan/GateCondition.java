package io.kafkamesos.scheduler.plan;

/**
 * A condition on Kafka's state that lets a {@link PhaseDefinition.Gate} pass, e.g. "the KRaft
 * controllers report the migration in dual-write mode". Pure: decided from what the scheduler read
 * of the cluster this tick.
 */
@FunctionalInterface
public interface GateCondition {

  /** Allowed when the plan may go on; else the reason names what it waits for. */
  Verdict check(ClusterView view);
}
