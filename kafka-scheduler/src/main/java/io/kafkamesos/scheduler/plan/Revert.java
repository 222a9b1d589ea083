package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The revert of a migration to KRaft that was not finalised, back to a plain ZooKeeper-mode
 * cluster, as data, after Kafka 3.9's "Reverting to ZooKeeper mode During the Migration"
 * ({@code docs/ops.html}), from any position of the migration before its operator's
 * {@value Migration#FINALIZE} gate was passed. Pure; {@link Plans} puts the phases in a
 * {@link PlanDefinition}.
 *
 * <ol>
 *   <li>{@value #DUAL_WRITE_BROKERS}, only when the revert starts after
 *       {@value Migration#KRAFT_BROKERS} started: the brokers that run as KRaft brokers roll back,
 *       one at a time with the brokers' rules, onto the spec they ran in dual-write (Kafka's first
 *       roll: {@code process.roles} removed, {@code broker.id} instead of {@code node.id},
 *       {@code zookeeper.connect} restored, the migration flag and the quorum kept);
 *   <li>{@value #REMOVE_CONTROLLERS}: the controllers are stopped, their reservations and volumes
 *       released and their records dropped from the scheduler's state (a gate: the scheduler's
 *       shell does it while the plan is at it);
 *   <li>{@value #ZOOKEEPER_CONTROLLER}: Kafka's {@code /migration} is deleted (so that the cluster
 *       can be migrated again) and {@code /controller}, when a KRaft controller holds it, so that a
 *       ZooKeeper-mode broker becomes the controller again (a gate on that broker);
 *   <li>{@value #ZOOKEEPER_BROKERS}: the brokers that run in migration mode roll onto the target,
 *       without the migration flag and the quorum.
 * </ol>
 *
 * Kafka's order: the controllers go before {@code /controller} is deleted (else one of them takes
 * it again), and the brokers leave migration mode only once a ZooKeeper-mode broker controls the
 * cluster; and a KRaft broker goes back to ZooKeeper mode while the controllers still run, with the
 * migration flag kept until the last roll. Once the operator let {@value Migration#FINALIZE} pass
 * ({@value Migration#KRAFT_CONTROLLERS} follows) Kafka cannot go back.
 */
public final class Revert {

  public static final String DUAL_WRITE_BROKERS = "dual-write-brokers";
  public static final String REMOVE_CONTROLLERS = "remove-controllers";
  public static final String ZOOKEEPER_CONTROLLER = "zookeeper-controller";
  public static final String ZOOKEEPER_BROKERS = "zookeeper-brokers";

  /**
   * What the revert's gates ask, read by the scheduler's shell on each tick.
   *
   * @param controllersRemoved {@value #REMOVE_CONTROLLERS}: no controller is left in the
   *     scheduler's state and none of their reservations is held
   * @param zookeeperController {@value #ZOOKEEPER_CONTROLLER}: no {@code /migration}, and a
   *     registered ZooKeeper-mode broker holds {@code /controller}
   */
  public record Checks(GateCondition controllersRemoved, GateCondition zookeeperController) {
    public Checks {
      Objects.requireNonNull(controllersRemoved);
      Objects.requireNonNull(zookeeperController);
    }
  }

  private Revert() {
  }

  /**
   * Why the migration of {@code plan} cannot be reverted (any more), or empty when it can.
   *
   * @param plan the stored plan of a {@link PlanKind#MIGRATION} target
   */
  public static Optional<String> refusal(PlanState plan) {
    if (plan.kind() != PlanKind.MIGRATION || Migration.complete(plan)) {
      return Optional.of("no migration to KRaft is under way");
    }
    if (Migration.finalized(plan) || plan.progress().passedGates().contains(Migration.FINALIZE)
        || plan.progress().completePhases().contains(Migration.FINALIZE)) {
      return Optional.of("it was finalised (" + Migration.FINALIZE + " passed, "
          + Migration.KRAFT_CONTROLLERS + " follows): the cluster cannot go back to ZooKeeper");
    }
    return Optional.empty();
  }

  /**
   * Whether the revert of {@code migration} starts with {@value #DUAL_WRITE_BROKERS}: some brokers
   * may run as KRaft brokers.
   */
  public static boolean fromKraftBrokers(PlanState migration) {
    return migration.kind() == PlanKind.MIGRATION
        && migration.progress().startedPhases().contains(Migration.KRAFT_BROKERS);
  }

  /** What a broker that runs as a KRaft broker restarts for. */
  static String backReason(String targetId) {
    return "target " + targetId + ": back to ZooKeeper mode in dual-write (revert of the migration"
        + " to KRaft, the brokers that run as KRaft brokers first)";
  }

  /** What a broker that runs in migration mode restarts for. */
  static String reason(String targetId) {
    return "target " + targetId + ": back to ZooKeeper mode (revert of the migration to KRaft)";
  }

  /**
   * The phases after {@code launch}.
   *
   * @param dualWriteBrokers the KRaft brokers' roll back onto their dual-write spec, or null when
   *     the migration's brokers never ran as KRaft brokers
   * @param zookeeperBrokers the brokers' roll onto the target (out of migration mode)
   */
  static List<PhaseDefinition> phases(Checks checks, PhaseDefinition.Roll dualWriteBrokers,
      PhaseDefinition.Roll zookeeperBrokers) {
    List<PhaseDefinition> phases = new ArrayList<>();
    if (dualWriteBrokers != null) {
      phases.add(dualWriteBrokers);
    }
    phases.addAll(List.of(
        new PhaseDefinition.Gate(REMOVE_CONTROLLERS, "the controllers are stopped, their"
            + " reservations and volumes released", checks.controllersRemoved(), false),
        new PhaseDefinition.Gate(ZOOKEEPER_CONTROLLER, "Kafka's /migration is deleted and a"
            + " ZooKeeper-mode broker is the controller (/controller)",
            checks.zookeeperController(), false),
        zookeeperBrokers));
    return phases;
  }

  /** Whether the plan is at a phase the scheduler's shell carries out itself. */
  public static boolean at(PlanState plan, Optional<PhaseDefinition> active, String phase) {
    return plan.kind() == PlanKind.REVERT && active.map(p -> p.name().equals(phase)).orElse(false);
  }
}
