package io.kafkamesos.scheduler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The online migration of a ZooKeeper-mode cluster to KRaft as data, after Kafka 3.9's "ZooKeeper
 * to KRaft Migration" ({@code docs/ops.html}): which phases, and what each kind of node runs in
 * each. Pure; {@link Plans} puts the phases in a {@link PlanDefinition}, {@link Rollout} runs them.
 *
 * <ol>
 *   <li>{@value #CONTROLLERS}: the controller quorum runs, formatted with the cluster's existing
 *       id, in migration mode ({@link #controllerPins}); a gate on the quorum having a leader;
 *   <li>{@value #DUAL_WRITE}: the brokers rolled, still in ZooKeeper mode, with the migration flag
 *       and the quorum ({@link #brokerPins}); then the gate {@value #MIGRATED}: the controllers
 *       report the metadata migrated (Kafka's {@code /migration} znode), the cluster in dual-write;
 *   <li>{@value #KRAFT_BROKERS}: the brokers rolled again as KRaft brokers (the target's own spec:
 *       {@code process.roles=broker}, no ZooKeeper);
 *   <li>{@value #FINALIZE}: waits for the operator ({@code plan continue}), then
 *       {@value #KRAFT_CONTROLLERS} rolls the controllers out of migration mode (the target's own
 *       controller settings). Once that roll started the migration cannot be reverted.
 * </ol>
 */
public final class Migration {

  public static final String CONTROLLERS = "controllers";
  public static final String DUAL_WRITE = "dual-write";
  public static final String MIGRATED = "metadata-migrated";
  public static final String KRAFT_BROKERS = "kraft-brokers";
  public static final String FINALIZE = "finalize";
  public static final String KRAFT_CONTROLLERS = "kraft-controllers";

  /** The property that puts a ZooKeeper-mode broker or a controller in migration mode. */
  public static final String ENABLE = "zookeeper.metadata.migration.enable";
  /** The quorum's listener, as the executor names it on every KRaft node. */
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** The brokers' listener. */
  public static final String BROKER_LISTENER = "PLAINTEXT";

  /**
   * What the migration's gates ask of Kafka, and where the quorum is: read by the scheduler's
   * shell on each tick (pure conditions on what it last read).
   *
   * @param quorumReady the {@value #CONTROLLERS} gate: every controller runs in migration mode and
   *     the quorum has a leader
   * @param migrated the {@value #MIGRATED} gate: the controllers report the migration done and the
   *     cluster in dual-write
   * @param voters {@code controller.quorum.voters} ({@code 3000@host:port,...}), empty until every
   *     controller has its place
   */
  public record Checks(GateCondition quorumReady, GateCondition migrated, String voters) {
    public Checks {
      Objects.requireNonNull(quorumReady);
      Objects.requireNonNull(migrated);
      voters = voters == null ? "" : voters;
    }
  }

  private Migration() {
  }

  /**
   * What a ZooKeeper-mode broker gets on top of its configuration to enter migration mode: the
   * flag, the quorum, the controller listener's name and its security protocol (the brokers'
   * {@code inter.broker.protocol.version} is left as it is).
   *
   * @param voters {@code controller.quorum.voters}; left out while empty
   */
  public static Map<String, String> brokerPins(String voters) {
    Map<String, String> pins = new TreeMap<>();
    pins.put(ENABLE, "true");
    if (!voters.isEmpty()) {
      pins.put("controller.quorum.voters", voters);
    }
    pins.put("controller.listener.names", CONTROLLER_LISTENER);
    pins.put("listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    return pins;
  }

  /**
   * What a controller gets on top of the target's settings while the cluster migrates: the flag,
   * the cluster's ZooKeeper (its chroot), and the brokers' listener, over which the controller
   * sends its RPCs to the ZooKeeper-mode brokers.
   */
  public static Map<String, String> controllerPins(String zookeeperChroot) {
    Map<String, String> pins = new TreeMap<>();
    pins.put(ENABLE, "true");
    pins.put("zookeeper.connect", zookeeperChroot);
    pins.put("inter.broker.listener.name", BROKER_LISTENER);
    return pins;
  }

  /**
   * The phases after {@code launch}.
   *
   * @param dualWrite the brokers' roll into migration mode (onto {@link #brokerPins})
   * @param kraftBrokers the brokers' roll onto the target (KRaft brokers)
   * @param kraftControllers the controllers' roll onto the target (out of migration mode)
   */
  static List<PhaseDefinition> phases(Checks checks, PhaseDefinition.Roll dualWrite,
      PhaseDefinition.Roll kraftBrokers, PhaseDefinition.Roll kraftControllers) {
    List<PhaseDefinition> phases = new ArrayList<>();
    phases.add(new PhaseDefinition.Gate(CONTROLLERS, "the controllers run in migration mode with"
        + " the cluster's id and the quorum has a leader", checks.quorumReady(), false));
    phases.add(dualWrite);
    phases.add(new PhaseDefinition.Gate(MIGRATED, "the controllers report the metadata migrated"
        + " from ZooKeeper (dual-write)", checks.migrated(), false));
    phases.add(kraftBrokers);
    phases.add(new PhaseDefinition.Gate(FINALIZE, "every broker runs in KRaft mode and the"
        + " controllers still write the metadata to ZooKeeper; taking the controllers out of"
        + " migration mode (after which the cluster cannot go back to ZooKeeper) waits for the"
        + " operator: dcos kafka plan continue (PUT /v1/plan/continue)", null, false));
    phases.add(kraftControllers);
    return phases;
  }

  /** Whether the controllers' roll out of migration mode began: no way back to ZooKeeper after. */
  public static boolean finalized(io.kafkamesos.scheduler.state.PlanState plan) {
    return plan.progress().startedPhases().contains(KRAFT_CONTROLLERS)
        || plan.progress().completePhases().contains(KRAFT_CONTROLLERS);
  }

  /** Whether the migration plan is done: the controllers' last roll is complete. */
  public static boolean complete(io.kafkamesos.scheduler.state.PlanState plan) {
    return plan.progress().completePhases().contains(KRAFT_CONTROLLERS);
  }
}
