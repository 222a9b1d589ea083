package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The revert of a migration to KRaft that was not finalised, back to a plain ZooKeeper-mode
 * cluster, as data, after Kafka 3.9's "Reverting to ZooKeeper mode During the Migration"
 * ({@code docs/ops.html}) for a cluster whose brokers still run in ZooKeeper mode (the migration
 * got as far as its controllers, its dual-write roll or its {@value Migration#MIGRATED} gate).
 * Pure; {@link Plans} puts the phases in a {@link PlanDefinition}.
 *
 * <ol>
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
 * cluster. Once the brokers ran as KRaft brokers ({@value Migration#KRAFT_BROKERS} started) this
 * scheduler does not revert (Kafka's procedure then rolls them back to ZooKeeper mode first: not
 * built yet); once {@value Migration#KRAFT_CONTROLLERS} started Kafka cannot.
 */
public final class Revert {

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
    if (Migration.finalized(plan)) {
      return Optional.of("it was finalised (" + Migration.KRAFT_CONTROLLERS + " started): the"
          + " cluster cannot go back to ZooKeeper");
    }
    if (plan.progress().startedPhases().contains(Migration.KRAFT_BROKERS)) {
      return Optional.of("its brokers run as KRaft brokers (" + Migration.KRAFT_BROKERS
          + " started): reverting from there (Kafka's roll of the brokers back to ZooKeeper mode)"
          + " is not supported yet; revert before " + Migration.KRAFT_BROKERS
          + " (interrupt the plan during " + Migration.DUAL_WRITE + ")");
    }
    return Optional.empty();
  }

  /** What a broker that runs in migration mode restarts for. */
  static String reason(String targetId) {
    return "target " + targetId + ": back to ZooKeeper mode (revert of the migration to KRaft)";
  }

  /**
   * The phases after {@code launch}.
   *
   * @param zookeeperBrokers the brokers' roll onto the target (out of migration mode)
   */
  static List<PhaseDefinition> phases(Checks checks, PhaseDefinition.Roll zookeeperBrokers) {
    return List.of(
        new PhaseDefinition.Gate(REMOVE_CONTROLLERS, "the controllers are stopped, their"
            + " reservations and volumes released", checks.controllersRemoved(), false),
        new PhaseDefinition.Gate(ZOOKEEPER_CONTROLLER, "Kafka's /migration is deleted and a"
            + " ZooKeeper-mode broker is the controller (/controller)",
            checks.zookeeperController(), false),
        zookeeperBrokers);
  }

  /** Whether the plan is at a phase the scheduler's shell carries out itself. */
  public static boolean at(PlanState plan, Optional<PhaseDefinition> active, String phase) {
    return plan.kind() == PlanKind.REVERT && active.map(p -> p.name().equals(phase)).orElse(false);
  }
}
