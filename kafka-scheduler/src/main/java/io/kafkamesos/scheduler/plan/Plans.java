package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scheduler's plans as data: which phases a target needs, from its {@link PlanKind}, its
 * settings, the stored {@link PlanState} and the broker records. Pure. {@link Rollout} runs what
 * this answers.
 *
 * <ul>
 *   <li>{@link PlanKind#CONFIGURATION}: {@code launch}, {@code restart}; on a KRaft cluster
 *       {@code launch}, {@code controllers} (the controllers whose settings changed, one at a time,
 *       with the quorum's rules), {@code restart};
 *   <li>{@link PlanKind#UPGRADE}: {@code launch}, {@code upgrade} (the new software with the
 *       protocol pinned), {@code finalize} (an operator's gate), {@code raise-protocol} (the
 *       target's own spec; a point of no return);
 *   <li>{@link PlanKind#RAISE_PROTOCOL}: {@code launch}, {@code raise-protocol};
 *   <li>{@link PlanKind#KRAFT_UPGRADE}: {@code launch}, {@code controllers} (onto the new
 *       software, one at a time with the quorum's rules), {@code upgrade} (the brokers, the
 *       cluster's {@code metadata.version} kept), {@code finalize} (an operator's gate),
 *       {@code raise-metadata} (a gate that raises {@code metadata.version} and passes once Kafka
 *       reports it; a point of no return);
 *   <li>{@link PlanKind#ROLLBACK}: {@code launch}, {@code rollback}; on a KRaft cluster
 *       {@code launch}, {@code controllers}, {@code rollback};
 *   <li>{@link PlanKind#MIGRATION}: {@code launch} and the phases of {@link Migration};
 *   <li>{@link PlanKind#REVERT}: {@code launch} and the phases of {@link Revert};
 *   <li>{@link PlanKind#SWITCH_ON}: {@code launch} and a roll per stage ({@link SwitchPlan}).
 * </ul>
 *
 * A roll lists the brokers that do not run its spec when the plan is made, and those it had steps
 * for before (a plan resumed by a new scheduler keeps its steps); the first roll leaves out the
 * brokers of the launch phase, which launch with its spec.
 */
public final class Plans {

  public static final String LAUNCH = Rollout.LAUNCH;
  public static final String RESTART = Rollout.RESTART;
  public static final String CONTROLLERS = Rollout.CONTROLLERS;
  public static final String UPGRADE = "upgrade";
  public static final String FINALIZE = "finalize";
  public static final String RAISE_PROTOCOL = "raise-protocol";
  public static final String ROLLBACK = "rollback";
  /** A KRaft upgrade's last phase: {@code metadata.version} raised to the new release's. */
  public static final String RAISE_METADATA = "raise-metadata";

  /**
   * What a plan is made from.
   *
   * @param settings the target's settings
   * @param state the target's stored plan state
   * @param records the broker records by id
   * @param members the brokers of the cluster (BROKER_COUNT less the removed ones)
   * @param finalizeAuto whether an upgrade's finalize gate passes by itself
   * @param reason why brokers restart ({@code target 2: BROKER_HEAP_MB: 256 -> 300})
   * @param controllers the KRaft controllers of the cluster, empty in ZooKeeper mode
   * @param controllerRules the rules of a roll of controllers (the quorum's), null without controllers
   * @param migration the gates of a {@link PlanKind#MIGRATION}, else null
   * @param metadataRaise the condition of a KRaft upgrade's {@value #RAISE_METADATA} gate (it
   *     raises {@code metadata.version} and passes once Kafka reports it), null for other plans
   * @param revert the gates of a {@link PlanKind#REVERT}, else null
   */
  public record Inputs(SchedulerSettings settings, PlanState state, Map<Integer, BrokerRecord> records,
      Set<Integer> members, boolean finalizeAuto, String reason, Set<Integer> controllers,
      RollRules controllerRules, Migration.Checks migration, GateCondition metadataRaise,
      Revert.Checks revert) {

    /** The inputs of a plan that is neither a KRaft upgrade nor a revert. */
    public Inputs(SchedulerSettings settings, PlanState state, Map<Integer, BrokerRecord> records,
        Set<Integer> members, boolean finalizeAuto, String reason, Set<Integer> controllers,
        RollRules controllerRules, Migration.Checks migration) {
      this(settings, state, records, members, finalizeAuto, reason, controllers, controllerRules,
          migration, null, null);
    }

    /** The inputs of a plan that is not a migration. */
    public Inputs(SchedulerSettings settings, PlanState state, Map<Integer, BrokerRecord> records,
        Set<Integer> members, boolean finalizeAuto, String reason, Set<Integer> controllers,
        RollRules controllerRules) {
      this(settings, state, records, members, finalizeAuto, reason, controllers, controllerRules,
          null);
    }

    public Inputs {
      if (state.kind() == PlanKind.KRAFT_UPGRADE) {
        Objects.requireNonNull(metadataRaise, "a KRaft upgrade needs its metadata.version raise");
        Objects.requireNonNull(state.upgrade(), "a KRaft upgrade needs its upgrade record");
      }
      if (state.kind() == PlanKind.MIGRATION) {
        Objects.requireNonNull(migration, "a migration needs its checks");
        Objects.requireNonNull(state.migratedFrom(), "a migration needs the spec it starts from");
      }
      if (state.kind() == PlanKind.REVERT) {
        Objects.requireNonNull(revert, "a revert needs its checks");
      }
      Objects.requireNonNull(settings);
      Objects.requireNonNull(state);
      records = Map.copyOf(records);
      members = new TreeSet<>(members);
      Objects.requireNonNull(reason);
      controllers = new TreeSet<>(controllers);
      if (!controllers.isEmpty()) {
        Objects.requireNonNull(controllerRules, "controllers need their roll rules");
      }
    }

    /** The inputs of a cluster without controllers of its own (ZooKeeper mode). */
    public Inputs(SchedulerSettings settings, PlanState state, Map<Integer, BrokerRecord> records,
        Set<Integer> members, boolean finalizeAuto, String reason) {
      this(settings, state, records, members, finalizeAuto, reason, Set.of(), null);
    }
  }

  private Plans() {
  }

  /** The plan of the target. */
  public static PlanDefinition define(Inputs in) {
    NodeSpec target = NodeSpec.of(in.settings());
    Map<String, NodeSpec> known = new LinkedHashMap<>();
    in.state().specs().values().forEach(r -> {
      NodeSpec s = NodeSpec.of(r, in.settings());
      known.put(s.id(), s);
    });
    List<Integer> launch = nodes(in, LAUNCH, id -> {
      BrokerRecord r = in.records().get(id);
      return r == null || r.configId() == null;
    });
    PhaseDefinition.Launch launchPhase = new PhaseDefinition.Launch(LAUNCH, launch, RollRules.brokers());
    List<PhaseDefinition> phases = new ArrayList<>();
    phases.add(launchPhase);
    PlanState.UpgradeRecord upgrade = in.state().upgrade();
    switch (in.state().kind()) {
      case UPGRADE -> {
        NodeSpec pinned = target.pinned(upgrade.protocol(), upgrade.messageFormat());
        phases.add(roll(in, UPGRADE, pinned, true, false, in.reason()));
        phases.add(new PhaseDefinition.Gate(FINALIZE, finalizeDescription(upgrade, pinned, target),
            null, in.finalizeAuto()));
        phases.add(roll(in, RAISE_PROTOCOL, target, false, true, "target " + in.state().targetId()
            + ": " + raising(target)));
      }
      case RAISE_PROTOCOL -> phases.add(roll(in, RAISE_PROTOCOL, target, true, true, in.reason()
          + "; " + raising(target)));
      case KRAFT_UPGRADE -> {
        phases.add(controllers(in, target));
        phases.add(roll(in, UPGRADE, target, true, false, in.reason()));
        phases.add(new PhaseDefinition.Gate(FINALIZE, kraftFinalizeDescription(upgrade,
            in.settings()), null, in.finalizeAuto()));
        phases.add(new PhaseDefinition.Gate(RAISE_METADATA, "metadata.version raised from "
            + upgrade.metadataVersion() + " to " + in.settings().kafka().version().metadataVersion()
            + " (updateFeatures) and reported by the brokers and the controllers",
            in.metadataRaise(), false));
      }
      case ROLLBACK -> {
        if (!in.controllers().isEmpty()) {
          phases.add(controllers(in, target));
        }
        phases.add(roll(in, ROLLBACK, target, true, false, in.reason()));
      }
      case MIGRATION -> phases.addAll(migration(in, target));
      case REVERT -> {
        PhaseDefinition.Roll back = dualWriteBrokers(in, known);
        phases.addAll(Revert.phases(in.revert(), back, roll(in, Revert.ZOOKEEPER_BROKERS, target,
            back == null, false, Revert.reason(in.state().targetId()))));
      }
      case SWITCH_ON -> phases.addAll(SwitchPlan.phases(in.state(), target,
          in.settings().frameworkName(), (name, spec, first, reason) -> roll(in, name, spec, first,
              false, reason)));
      default -> {
        if (!in.controllers().isEmpty()) {
          phases.add(controllers(in, target));
        }
        phases.add(roll(in, RESTART, target, true, false, in.reason()));
      }
    }
    return new PlanDefinition(in.state().targetId(), phases, known);
  }

  /**
   * The migration's phases ({@link Migration}): the brokers' spec in migration mode is the
   * ZooKeeper-mode spec they ran with {@link Migration#brokerPins}; the controllers run
   * {@link #migrationControllerSpec} until {@value Migration#KRAFT_CONTROLLERS} rolls every one of
   * them onto the target.
   */
  private static List<PhaseDefinition> migration(Inputs in, NodeSpec target) {
    NodeSpec zookeeper = NodeSpec.of(in.state().migratedFrom(), in.settings());
    NodeSpec dualWrite = dualWriteSpec(zookeeper, in.migration().voters());
    String why = "target " + in.state().targetId() + ": migration to KRaft";
    PhaseDefinition.Roll brokersIn = roll(in, Migration.DUAL_WRITE, dualWrite, false, false,
        why + ", brokers in migration mode");
    PhaseDefinition.Roll brokersOut = roll(in, Migration.KRAFT_BROKERS, target, false, false,
        why + ", brokers as KRaft brokers");
    String wanted = in.settings().controllerConfigId();
    List<Integer> controllers = nodes(in.controllers(), in, Migration.KRAFT_CONTROLLERS, id -> {
      BrokerRecord r = in.records().get(id);
      return r == null || !wanted.equals(r.configId());
    });
    PhaseDefinition.Roll controllersOut = new PhaseDefinition.Roll(Migration.KRAFT_CONTROLLERS,
        controllers, target, in.controllerRules(), false, true,
        why + ", controllers out of migration mode");
    return Migration.phases(in.migration(), brokersIn, brokersOut, controllersOut);
  }

  /**
   * A revert's {@value Revert#DUAL_WRITE_BROKERS}, when its plan state keeps a dual-write spec (the
   * migration's {@code kraft-brokers} had started): the brokers that run neither that spec nor the
   * ZooKeeper-mode spec they started from (the KRaft brokers) roll onto it; else null.
   */
  private static PhaseDefinition.Roll dualWriteBrokers(Inputs in, Map<String, NodeSpec> known) {
    NodeSpec dualWrite = known.values().stream()
        .filter(s -> "true".equals(s.pins().get(Migration.ENABLE))).findFirst().orElse(null);
    if (dualWrite == null || in.state().migratedFrom() == null) {
      return null;
    }
    String zookeeper = NodeSpec.of(in.state().migratedFrom(), in.settings()).id();
    List<Integer> nodes = nodes(in, Revert.DUAL_WRITE_BROKERS, id -> {
      BrokerRecord r = in.records().get(id);
      return r != null && r.configId() != null && !r.configId().equals(dualWrite.id())
          && !r.configId().equals(zookeeper);
    });
    return new PhaseDefinition.Roll(Revert.DUAL_WRITE_BROKERS, nodes, dualWrite,
        RollRules.brokers(), false, false, Revert.backReason(in.state().targetId()));
  }

  /** A broker of the ZooKeeper-mode spec {@code zookeeper} in migration mode. */
  public static NodeSpec dualWriteSpec(NodeSpec zookeeper, String voters) {
    return zookeeper.with(Migration.brokerPins(voters));
  }

  /** What a controller runs while the cluster migrates: the target's settings in migration mode. */
  public static NodeSpec migrationControllerSpec(SchedulerSettings target) {
    return NodeSpec.of(target).with(Migration.controllerPins(target.kafkaZookeeperChroot()));
  }

  /**
   * A restart of every member the operator asked for ({@code PUT /v1/brokers}): one forced roll
   * onto {@code spec} (the spec of the plan's position), with the same rules.
   */
  public static PlanDefinition restartAll(String targetId, Set<Integer> members, List<Integer> launch,
      NodeSpec spec, Map<String, NodeSpec> known) {
    List<Integer> restart = members.stream().filter(id -> !launch.contains(id)).toList();
    return new PlanDefinition(targetId, List.of(
        new PhaseDefinition.Launch(LAUNCH, launch, RollRules.brokers()),
        new PhaseDefinition.Roll(RESTART, restart, spec, RollRules.brokers(), true, false,
            "restart requested")), known);
  }

  private static String raising(NodeSpec target) {
    return "inter.broker.protocol.version raised to " + target.protocol();
  }

  private static String finalizeDescription(PlanState.UpgradeRecord upgrade, NodeSpec pinned,
      NodeSpec target) {
    return "every broker runs " + pinned.describe() + "; raising inter.broker.protocol.version to "
        + target.protocol() + " (a second roll, after which Kafka " + upgrade.fromVersion()
        + " can no longer be put back) waits for the operator: dcos kafka plan continue"
        + " (PUT /v1/plan/continue); putting KAFKA_VERSION=" + upgrade.fromVersion()
        + " back instead rolls the brokers back";
  }

  private static String kraftFinalizeDescription(PlanState.UpgradeRecord upgrade,
      SchedulerSettings target) {
    return "every controller and broker runs Kafka " + upgrade.toVersion() + " at metadata.version "
        + upgrade.metadataVersion() + "; raising it to " + target.kafka().version().metadataVersion()
        + " (after which Kafka " + upgrade.fromVersion() + " can no longer be put back: Kafka does"
        + " not lower a metadata.version across metadata changes) waits for the operator: dcos"
        + " kafka plan continue (PUT /v1/plan/continue); putting KAFKA_VERSION="
        + upgrade.fromVersion() + " back instead rolls the cluster back";
  }

  private static PhaseDefinition.Roll roll(Inputs in, String name, NodeSpec spec, boolean first,
      boolean pointOfNoReturn, String reason) {
    List<Integer> nodes = nodes(in, name, id -> {
      BrokerRecord r = in.records().get(id);
      if (r == null || r.configId() == null) {
        return !first; // a new broker launches with the first roll's spec
      }
      return !spec.id().equals(r.configId());
    });
    return new PhaseDefinition.Roll(name, nodes, spec, RollRules.brokers(), false, pointOfNoReturn,
        reason);
  }

  /**
   * The roll of the controllers whose latest launch ran other controller settings than the
   * target's (a controller not launched yet launches with the target's); a change that concerns
   * only brokers leaves it without steps.
   */
  private static PhaseDefinition.Roll controllers(Inputs in, NodeSpec target) {
    String wanted = in.settings().controllerConfigId();
    List<Integer> nodes = nodes(in.controllers(), in, CONTROLLERS, id -> {
      BrokerRecord r = in.records().get(id);
      return r != null && r.configId() != null && !wanted.equals(r.configId());
    });
    return new PhaseDefinition.Roll(CONTROLLERS, nodes, target, in.controllerRules(), false, false,
        in.reason());
  }

  /** The members {@code wanted} picks, and those the phase had steps for before, in id order. */
  private static List<Integer> nodes(Inputs in, String phase, java.util.function.IntPredicate wanted) {
    return nodes(in.members(), in, phase, wanted);
  }

  private static List<Integer> nodes(Set<Integer> members, Inputs in, String phase,
      java.util.function.IntPredicate wanted) {
    Set<Integer> ids = new TreeSet<>();
    members.stream().filter(wanted::test).forEach(ids::add);
    String prefix = phase + "-";
    for (String stepId : in.state().progress().steps().keySet()) {
      if (stepId.startsWith(prefix)) {
        try {
          int id = Integer.parseInt(stepId.substring(prefix.length()));
          if (members.contains(id)) {
            ids.add(id);
          }
        } catch (NumberFormatException e) {
          // another phase whose name starts alike (raise-protocol vs raise)
        }
      }
    }
    return List.copyOf(ids);
  }
}
