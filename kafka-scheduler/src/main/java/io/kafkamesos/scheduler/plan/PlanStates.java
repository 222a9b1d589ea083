package io.kafkamesos.scheduler.plan;

import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.Target;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the plan state goes from one target to the next, and what the cluster speaks meanwhile. Pure.
 *
 * <p>A Kafka version along the catalogue's upgrade paths starts an {@link PlanKind#UPGRADE} with the
 * protocol the cluster speaks now pinned; the old version back is a {@link PlanKind#ROLLBACK}. A
 * configuration change in the middle of an upgrade carries it on: before its {@code raise-protocol}
 * phase started, as an upgrade with the same pins (its gate waits again); after, as
 * {@link PlanKind#RAISE_PROTOCOL}. Once {@code raise-protocol} is complete the upgrade is done and
 * the next change is a plain configuration plan.
 */
public final class PlanStates {

  private PlanStates() {
  }

  /** The plan of a cluster's first target: a configuration plan (every broker is new). */
  public static PlanState first(Target target, SchedulerSettings env) {
    return new PlanState(target.id(), PlanKind.CONFIGURATION, null, Map.of(), PlanProgress.NONE);
  }

  /**
   * The plan of the stored target: the stored plan when it is that target's; else (a cluster from
   * before plans were stored) a configuration plan that knows the target's spec.
   */
  public static PlanState of(Target target, Optional<PlanState> stored, SchedulerSettings env) {
    if (stored.isPresent() && stored.get().targetId().equals(target.id())) {
      return stored.get();
    }
    return new PlanState(target.id(), PlanKind.CONFIGURATION, null,
        records(specsOf(target.configuration(), null, env)), PlanProgress.NONE);
  }

  /**
   * The {@code inter.broker.protocol.version} a cluster speaks under {@code target} and its plan:
   * the upgrade's pin until its {@code raise-protocol} phase started, else the target's own.
   */
  public static String protocolInForce(TargetConfiguration target, PlanState plan) {
    if (plan.kind() == PlanKind.UPGRADE && !raiseStarted(plan)) {
      return plan.upgrade().protocol();
    }
    return KafkaVersions.protocolOf(target.version(), target.overrides());
  }

  /** The {@code log.message.format.version} the brokers write under {@code target} and its plan. */
  public static String messageFormatInForce(TargetConfiguration target, PlanState plan) {
    if (plan.kind() == PlanKind.UPGRADE && !raiseStarted(plan)) {
      return plan.upgrade().messageFormat();
    }
    return KafkaVersions.messageFormatOf(target.version(), target.overrides());
  }

  /**
   * The {@code metadata.version} a KRaft cluster runs at under {@code target} and its plan: the
   * upgrade's kept level until its {@code raise-metadata} phase began, else the target version's
   * own; null in ZooKeeper mode.
   */
  public static String metadataInForce(TargetConfiguration target, PlanState plan) {
    if (target.metadataMode() != io.kafkamesos.commons.kafka.MetadataMode.KRAFT) {
      return null;
    }
    if (plan.kind() == PlanKind.KRAFT_UPGRADE && !metadataRaiseStarted(plan)) {
      return plan.upgrade().metadataVersion();
    }
    return target.version().metadataVersion();
  }

  /**
   * Whether a KRaft upgrade began to raise {@code metadata.version}: its {@code finalize} gate
   * was passed (the raise follows on the next tick), so the old release cannot return.
   */
  public static boolean metadataRaiseStarted(PlanState plan) {
    return plan.kind() == PlanKind.KRAFT_UPGRADE
        && (plan.progress().passedGates().contains(Plans.FINALIZE)
            || plan.progress().completePhases().contains(Plans.FINALIZE));
  }

  /** Whether a KRaft upgrade's {@code metadata.version} raise is under way (begun, not complete). */
  public static boolean metadataRaiseUnderWay(PlanState plan) {
    return metadataRaiseStarted(plan)
        && !plan.progress().completePhases().contains(Plans.RAISE_METADATA);
  }

  /** Whether the plan raised (or began to raise) the protocol: Kafka's old version cannot return. */
  public static boolean raiseStarted(PlanState plan) {
    return plan.kind() == PlanKind.RAISE_PROTOCOL
        || (plan.kind() == PlanKind.UPGRADE && plan.progress().startedPhases().contains(Plans.RAISE_PROTOCOL));
  }

  /**
   * The plan of a new target that replaces {@code current} (an allowed change).
   *
   * @param runningSpecs the spec ids the brokers' latest launches ran: the specs to keep knowing
   */
  public static PlanState next(Target current, PlanState plan, Target next, SchedulerSettings env,
      Collection<String> runningSpecs) {
    return next(current, plan, next, env, runningSpecs, "");
  }

  /**
   * The plan of a new target that replaces {@code current} (an allowed change).
   *
   * @param runningSpecs the spec ids the brokers' latest launches ran: the specs to keep knowing
   * @param voters the migration's {@code controller.quorum.voters}: a revert that starts after
   *     {@code kraft-brokers} started keeps the brokers' dual-write spec with them (the spec its
   *     {@value Revert#DUAL_WRITE_BROKERS} rolls onto, stored so that it outlives the controllers'
   *     records and a scheduler's failover)
   */
  public static PlanState next(Target current, PlanState plan, Target next, SchedulerSettings env,
      Collection<String> runningSpecs, String voters) {
    KafkaVersion from = current.configuration().version();
    KafkaVersion to = next.configuration().version();
    PlanKind kind;
    PlanState.UpgradeRecord upgrade = null;
    PlanState.SpecRecord migratedFrom = null;
    PlanState.SwitchRecord switchOn = null;
    io.kafkamesos.scheduler.security.SecurityTarget fromSecurity = current.configuration().security();
    io.kafkamesos.scheduler.security.SecurityTarget toSecurity = next.configuration().security();
    if (!fromSecurity.equals(toSecurity) && toSecurity.switched()) {
      // TargetResolver takes a switch alone, on a settled cluster, with the same version and mode
      kind = PlanKind.SWITCH_ON;
      switchOn = new PlanState.SwitchRecord(fromSecurity, toSecurity);
    } else if (current.configuration().metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER
        && next.configuration().metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.KRAFT) {
      // ConfigComparison allows this only on the same version, one that runs both modes
      kind = PlanKind.MIGRATION;
      migratedFrom = NodeSpec.of(current.configuration().applyTo(env))
          .record(current.configuration().marathonAppId());
    } else if (plan.kind() == PlanKind.MIGRATION
        && next.configuration().metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER) {
      // TargetResolver allows this only before the operator let finalize pass (Revert#refusal)
      kind = PlanKind.REVERT;
      migratedFrom = plan.migratedFrom();
    } else if (!from.equals(to)
        && current.configuration().metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.KRAFT) {
      // ConfigComparison allows a KRaft cluster only the catalogue's paths, and back before the raise
      if (from.upgradeTo(to).isPresent()) {
        kind = PlanKind.KRAFT_UPGRADE;
        upgrade = new PlanState.UpgradeRecord(from.version(), to.version(), null, null,
            metadataInForce(current.configuration(), plan));
      } else {
        kind = PlanKind.ROLLBACK;
      }
    } else if (plan.kind() == PlanKind.KRAFT_UPGRADE && !metadataRaiseStarted(plan)) {
      kind = PlanKind.KRAFT_UPGRADE;
      upgrade = plan.upgrade();
    } else if (!from.equals(to)) {
      if (from.upgradeTo(to).isPresent()) {
        kind = PlanKind.UPGRADE;
        upgrade = new PlanState.UpgradeRecord(from.version(), to.version(),
            protocolInForce(current.configuration(), plan),
            messageFormatInForce(current.configuration(), plan));
      } else {
        kind = PlanKind.ROLLBACK;
      }
    } else if (plan.kind() == PlanKind.UPGRADE && !raiseStarted(plan)) {
      kind = PlanKind.UPGRADE;
      upgrade = plan.upgrade();
    } else if (raiseStarted(plan) && !plan.progress().completePhases().contains(Plans.RAISE_PROTOCOL)) {
      kind = PlanKind.RAISE_PROTOCOL;
      upgrade = plan.upgrade();
    } else {
      kind = PlanKind.CONFIGURATION;
    }
    Map<String, PlanState.SpecRecord> known = new LinkedHashMap<>();
    known.putAll(plan.specs());
    specsOf(current.configuration(), plan, env).forEach(s -> known.put(s.id(),
        s.record(current.configuration().marathonAppId())));
    Set<String> running = Set.copyOf(runningSpecs);
    known.keySet().retainAll(running);
    if (migratedFrom != null) {
      // the brokers that have not entered migration mode yet relaunch as they were
      known.putIfAbsent(NodeSpec.of(migratedFrom, env).id(), migratedFrom);
    }
    if (kind == PlanKind.REVERT && Revert.fromKraftBrokers(plan)) {
      if (voters == null || voters.isEmpty()) {
        throw new IllegalArgumentException("a revert after kraft-brokers started needs the"
            + " controllers' voters");
      }
      NodeSpec dualWrite = Plans.dualWriteSpec(NodeSpec.of(migratedFrom, env), voters);
      known.put(dualWrite.id(), dualWrite.record(current.configuration().marathonAppId()));
    }
    return new PlanState(next.id(), kind, upgrade, known, PlanProgress.NONE, migratedFrom, switchOn);
  }

  /** The specs the plan of {@code target} rolls onto (plan null: its own spec only). */
  private static java.util.List<NodeSpec> specsOf(TargetConfiguration target, PlanState plan,
      SchedulerSettings env) {
    NodeSpec own = NodeSpec.of(target.applyTo(env));
    if (plan != null && plan.kind() == PlanKind.UPGRADE) {
      return java.util.List.of(own.pinned(plan.upgrade().protocol(), plan.upgrade().messageFormat()), own);
    }
    if (plan != null && plan.kind() == PlanKind.SWITCH_ON) {
      java.util.List<NodeSpec> specs = new java.util.ArrayList<>(
          SwitchPlan.specs(own, plan, target.frameworkName()));
      specs.add(own);
      return specs;
    }
    return java.util.List.of(own);
  }

  private static Map<String, PlanState.SpecRecord> records(java.util.List<NodeSpec> specs) {
    Map<String, PlanState.SpecRecord> records = new LinkedHashMap<>();
    specs.forEach(s -> records.put(s.id(), s.record(null)));
    return records;
  }
}
