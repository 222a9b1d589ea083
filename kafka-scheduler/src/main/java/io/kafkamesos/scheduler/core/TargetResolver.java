package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.kafka.MetadataMode;
import io.kafkamesos.scheduler.plan.ConfigChange;
import io.kafkamesos.scheduler.plan.ConfigComparison;
import io.kafkamesos.scheduler.plan.Migration;
import io.kafkamesos.scheduler.plan.PlanStates;
import io.kafkamesos.scheduler.plan.Revert;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.Target;
import io.kafkamesos.scheduler.security.KafkaMode;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.security.SwitchOn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On start, turns the environment's settings into the cluster's target: the first target of a new
 * cluster, a new target when the environment changed in an allowed way, or the stored target kept
 * with a refusal when it changed in a way that is not allowed. Answers the settings to run with.
 */
public final class TargetResolver {

  private static final Logger LOG = LoggerFactory.getLogger(TargetResolver.class);

  /**
   * The outcome.
   *
   * @param settings what the scheduler runs with (the target's cluster, the environment's connections)
   * @param target the target in force
   * @param change how the environment differed from the stored target (empty for a first target)
   * @param refusal why the environment's configuration was refused, or null
   * @param plan the target's plan as stored (which plan, and how far it got)
   */
  public record Resolution(SchedulerSettings settings, Target target, ConfigChange change,
      String refusal, PlanState plan) {

    public Resolution {
      Objects.requireNonNull(plan);
    }

    public Optional<String> refused() {
      return Optional.ofNullable(refusal);
    }
  }

  private final Function<String, StateStore> storeFor;
  private final Function<String, Optional<Target>> renamedFrom;
  private final Clock clock;

  /**
   * @param storeFor the state store of a framework name
   * @param renamedFrom the target of another name the same Marathon app ran, by our name
   */
  public TargetResolver(Function<String, StateStore> storeFor,
      Function<String, Optional<Target>> renamedFrom, Clock clock) {
    this.storeFor = Objects.requireNonNull(storeFor);
    this.renamedFrom = Objects.requireNonNull(renamedFrom);
    this.clock = Objects.requireNonNull(clock);
  }

  /** {@link #resolve(SchedulerSettings, SecurityTarget, PlanSettings)} of a cluster without security. */
  public Resolution resolve(SchedulerSettings environment, PlanSettings planSettings) {
    return resolve(environment, SecurityTarget.NONE, planSettings);
  }

  /**
   * @param security the security options of the environment: kept in a first target; on a running
   *     cluster any change of them is refused for now ({@link SecurityTarget#refusal})
   */
  public Resolution resolve(SchedulerSettings environment, SecurityTarget security,
      PlanSettings planSettings) {
    StateStore store = storeFor.apply(environment.frameworkName());
    Optional<Target> stored = store.target();
    // Without KAFKA_VERSION a cluster keeps the version it runs (2.4.1 for a target stored before
    // versions were kept): only an operator who names a version upgrades it, never a default.
    SchedulerSettings env = stored.isPresent() && !environment.kafka().versionRequested()
        ? environment.withKafka(environment.kafka().withVersion(stored.get().configuration().version()))
        : environment;
    // Likewise without KAFKA_METADATA_MODE a cluster keeps its mode: a new default never migrates it.
    if (stored.isPresent() && !environment.kraft().modeRequested()) {
      env = env.withKraft(env.kraft().inModeOf(stored.get().configuration().kraft()));
    }
    TargetConfiguration wanted = TargetConfiguration.of(env, planSettings.marathonAppId())
        .withSecurity(security);
    if (stored.isEmpty()) {
      Optional<Target> renamed = store.brokers().isEmpty() ? renamedFrom.apply(env.frameworkName())
          : Optional.empty();
      if (renamed.isPresent()) {
        Target old = renamed.get();
        ConfigChange change = ConfigComparison.compare(old.configuration(), wanted);
        String refusal = change.refused() ? change.refusalText()
            : "FRAMEWORK_NAME cannot change on a running cluster";
        LOG.error("Configuration refused, keeping target {} of {}: {}", old.id(),
            old.configuration().frameworkName(), refusal);
        return new Resolution(old.configuration().applyTo(env), old, change, refusal,
            PlanStates.of(old, Optional.empty(), env));
      }
      Target first = new Target("1", clock.millis(), wanted, List.of(), null);
      PlanState plan = PlanStates.first(first, env);
      store.storeTarget(first, plan);
      LOG.info("Target 1 of {}: the configuration of the environment", env.frameworkName());
      return new Resolution(env, first, noChange(), null, plan);
    }
    Target current = stored.get();
    PlanState plan = PlanStates.of(current, store.plan(), env);
    // a cluster switched on keeps that layout; a plaintext one asked for TLS is switched on
    SecurityTarget was = current.configuration().security();
    wanted = wanted.withSecurity(wanted.security().withSwitched(was.switched()
        || (!was.tls() && wanted.security().tls())));
    // during an upgrade the brokers speak its pinned protocol until raise-protocol starts: until
    // then the old version may come back
    ConfigChange compared = ConfigComparison.compare(current.configuration(), wanted,
        PlanStates.protocolInForce(current.configuration(), plan),
        PlanStates.metadataInForce(current.configuration(), plan));
    ConfigChange change = withSecurity(compared, was, wanted.security(),
        switchRefusal(current, plan, wanted, compared));
    change = duringMigration(change, current, plan, wanted);
    if (change.refused()) {
      LOG.error("Configuration refused, keeping target {}: {}", current.id(), change.refusalText());
      return new Resolution(current.configuration().applyTo(env), current, change,
          change.refusalText(), plan);
    }
    if (change.none()) {
      LOG.info("Target {} of {} is unchanged", current.id(), env.frameworkName());
      return new Resolution(current.configuration().applyTo(env), current, change, null, plan);
    }
    Target next = new Target(current.nextId(), clock.millis(), wanted, change.changes(), current.id());
    List<String> running = store.brokers().values().stream().map(BrokerRecord::configId)
        .filter(Objects::nonNull).toList();
    // a revert after kraft-brokers started rolls the KRaft brokers back onto their dual-write spec,
    // which names the quorum: kept with the revert's plan state before the controllers go
    String voters = plan.kind() == PlanKind.MIGRATION
        ? io.kafkamesos.scheduler.kraft.MigrationGates.voters(store.brokers(),
            io.kafkamesos.scheduler.kraft.ClusterLayout.of(current.configuration().applyTo(env))
                .controllerIds())
        : "";
    if (wanted.metadataMode() == MetadataMode.ZOOKEEPER && Revert.fromKraftBrokers(plan)
        && voters.isEmpty()) {
      String refusal = "target " + current.id() + " cannot be reverted yet: its brokers may run as"
          + " KRaft brokers and not every controller has its place (controller.quorum.voters)";
      LOG.error("Configuration refused, keeping target {}: {}", current.id(), refusal);
      return new Resolution(current.configuration().applyTo(env), current, change, refusal, plan);
    }
    PlanState nextPlan = PlanStates.next(current, plan, next, env, running, voters);
    store.storeTarget(next, nextPlan);
    LOG.info("Target {} of {} replaces target {} ({} plan): {}", next.id(), env.frameworkName(),
        current.id(), nextPlan.kind(), change.changes());
    return new Resolution(env, next, change, null, nextPlan);
  }

  /**
   * A migration to KRaft runs alone: while its plan is not complete no other change is taken (its
   * phases and specs are built from the target it started with), except
   * {@code KAFKA_METADATA_MODE=ZOOKEEPER} alone while it can be reverted ({@link Revert#refusal}),
   * which becomes the revert's target; a revert runs alone too. A migration needs a cluster without
   * TLS or authentication (the controller listener is plaintext for now). Likewise a KRaft
   * upgrade's {@code metadata.version} raise, once begun, runs alone until it is complete.
   */
  static ConfigChange duringMigration(ConfigChange change, Target current, PlanState plan,
      TargetConfiguration wanted) {
    String refusal = null;
    boolean back = wanted.metadataMode() == MetadataMode.ZOOKEEPER;
    if (plan.kind() == PlanKind.MIGRATION && !Migration.complete(plan) && !change.none()) {
      Optional<String> notRevertible = Revert.refusal(plan);
      List<String> others = change.changes().stream()
          .filter(c -> !c.startsWith("KAFKA_METADATA_MODE")).toList();
      if (back && notRevertible.isEmpty() && others.isEmpty()) {
        List<String> refusals = new ArrayList<>(change.refusals());
        refusals.remove(ConfigComparison.BACK_TO_ZOOKEEPER);
        return new ConfigChange(change.changes(), refusals, true, change.addedBrokers(),
            change.dynamicSet(), change.dynamicRemoved());
      }
      refusal = "target " + current.id() + " migrates the cluster to KRaft: no other change is"
          + " taken until its plan is complete (dcos kafka plan show)"
          + (!back ? "" : notRevertible.map(why -> "; it cannot be reverted: " + why)
              .orElse("; it can be reverted with KAFKA_METADATA_MODE=ZOOKEEPER alone, the rest of"
                  + " the configuration as it was"));
    } else if (plan.kind() == PlanKind.REVERT && !plan.progress().completePhases()
        .contains(Revert.ZOOKEEPER_BROKERS) && !change.none()) {
      refusal = "target " + current.id() + " reverts the migration to KRaft: no other change is"
          + " taken until its plan is complete (dcos kafka plan show)";
    } else if (PlanStates.metadataRaiseUnderWay(plan) && !change.none()) {
      // a new target's plan would wait at finalize again and forget that the raise began
      refusal = "target " + current.id() + " raises metadata.version to "
          + current.configuration().version().metadataVersion() + ": no other change is taken"
          + " until its plan is complete (dcos kafka plan show); Kafka "
          + plan.upgrade().fromVersion() + " can no longer be put back";
    } else if (current.configuration().metadataMode() == MetadataMode.ZOOKEEPER
        && wanted.metadataMode() == MetadataMode.KRAFT
        && !wanted.security().equals(SecurityTarget.NONE)) {
      refusal = "KAFKA_METADATA_MODE cannot change from ZOOKEEPER to KRAFT on a cluster with TLS or"
          + " authentication: migrating a secured cluster is not supported yet";
    }
    if (refusal == null) {
      return change;
    }
    List<String> refusals = new ArrayList<>(change.refusals());
    refusals.add(refusal);
    return new ConfigChange(change.changes(), refusals, change.restartNeeded(), change.addedBrokers(),
        change.dynamicSet(), change.dynamicRemoved());
  }

  /** {@code change} with the security options' changes and refusal added. */
  static ConfigChange withSecurity(ConfigChange change, SecurityTarget current, SecurityTarget wanted) {
    return withSecurity(change, current, wanted, SecurityTarget.refusal(current, wanted));
  }

  /**
   * {@code change} with the security options' changes and {@code refusal} added; an allowed change
   * of them (TLS switched on, {@link SwitchOn}) restarts the brokers, stage by stage.
   */
  static ConfigChange withSecurity(ConfigChange change, SecurityTarget current, SecurityTarget wanted,
      Optional<String> refusal) {
    boolean same = SecurityTarget.sameOptions(current, wanted);
    if (same && refusal.isEmpty()) {
      return change;
    }
    List<String> changes = new ArrayList<>(change.changes());
    changes.addAll(SecurityTarget.changes(current, wanted));
    List<String> refusals = new ArrayList<>(change.refusals());
    refusal.ifPresent(refusals::add);
    return new ConfigChange(changes, refusals, change.restartNeeded() || (!same && refusal.isEmpty()),
        change.addedBrokers(), change.dynamicSet(), change.dynamicRemoved());
  }

  /**
   * Why the security options cannot change from the current target's to {@code wanted}'s
   * ({@link SwitchOn#refusal}), or why nothing may change while a switch is under way: a switch
   * runs alone (its stages are built from the targets it started with) and comes alone (not with
   * a new Kafka version, metadata mode, broker count or {@code BROKER_PV}).
   */
  static Optional<String> switchRefusal(Target current, PlanState plan, TargetConfiguration wanted,
      ConfigChange compared) {
    SecurityTarget was = current.configuration().security();
    boolean securityChanges = !SecurityTarget.sameOptions(was, wanted.security());
    boolean underWay = plan.kind() == PlanKind.SWITCH_ON
        && !io.kafkamesos.scheduler.plan.SwitchPlan.complete(plan);
    Optional<String> held = underWay ? Optional.of("target " + current.id() + " switches TLS on:"
        + " no other change is taken until its plan is complete (dcos kafka plan show)")
        : Optional.empty();
    if (!securityChanges) {
      return compared.none() ? Optional.empty() : held;
    }
    Optional<String> refusal = SwitchOn.refusal(was, wanted.security(),
        current.configuration().metadataMode() == MetadataMode.KRAFT
            ? KafkaMode.KRAFT : KafkaMode.ZOOKEEPER,
        current.configuration().persistentVolumes(), held);
    if (refusal.isEmpty() && (!current.configuration().version().equals(wanted.version())
        || current.configuration().metadataMode() != wanted.metadataMode()
        || current.configuration().persistentVolumes() != wanted.persistentVolumes()
        || !compared.addedBrokers().isEmpty())) {
      return Optional.of("TLS is switched on alone: change KAFKA_VERSION, KAFKA_METADATA_MODE,"
          + " BROKER_COUNT or BROKER_PV before or after, not with it");
    }
    return refusal;
  }

  private static ConfigChange noChange() {
    return new ConfigChange(List.of(), List.of(), false, List.of(), Map.of(), Set.of());
  }
}
