package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.BrokerFacts;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.plan.PhaseDefinition;
import io.kafkamesos.scheduler.plan.PlanDefinition;
import io.kafkamesos.scheduler.plan.Plans;
import io.kafkamesos.scheduler.plan.Rollout;
import io.kafkamesos.scheduler.plan.Step;
import io.kafkamesos.scheduler.settings.DynamicBrokerConfigs;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.RestartMode;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.StateStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around a {@link Rollout}: builds the target's plan ({@link Plans}) from the stored
 * {@link PlanState} and the broker records when the scheduler loads, feeds it facts from the
 * records and from Kafka on every tick, stores its progress before acting on it (a scheduler that
 * takes over resumes there), answers the spec each broker launches with, applies dynamic broker
 * configs, runs preferred leader elections, and publishes a {@link PlanView}. Runs on the
 * scheduler's event loop; {@link #view()} is safe from any thread.
 */
public final class PlanCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(PlanCoordinator.class);
  private static final Duration DYNAMIC_RETRY = Duration.ofSeconds(30);

  private final TargetResolver.Resolution resolution;
  private final ClusterOps ops;
  private final PlanSettings planSettings;
  private final StateStore store;
  private final Clock clock;
  private final io.kafkamesos.scheduler.kraft.QuorumGate quorum;
  private final io.kafkamesos.scheduler.kraft.MigrationProbe migration;
  /** A migration's {@code controller.quorum.voters} its plan was built with ("" otherwise). */
  private String builtVoters = "";
  private SchedulerSettings settings;
  private Map<Integer, BrokerRecord> records = Map.of();
  private Rollout rollout;
  /** The target's plan as last stored. */
  private PlanState stored;
  /** The plan is a restart the operator asked for, not the target's (its progress is not stored). */
  private boolean operatorRestart;
  private Map<String, String> dynamicSet = Map.of();
  private Set<String> dynamicRemoved = Set.of();
  private Instant nextDynamicTry = Instant.EPOCH;
  private String dynamicProblem;
  private String lastWaiting = "";
  private volatile PlanView view = PlanView.NONE;
  /** The plan's progress as of the last tick, for readers off the scheduler's thread. */
  private volatile PlanProgress progress;

  public PlanCoordinator(TargetResolver.Resolution resolution, ClusterOps ops, PlanSettings planSettings,
      StateStore store, Clock clock) {
    this(resolution, ops, planSettings, store, clock, io.kafkamesos.scheduler.kraft.QuorumGate.NONE);
  }

  /**
   * @param quorum the KRaft controller quorum as last described: when a controller of a roll may go
   *     down, when it is back, which one leads ({@link io.kafkamesos.scheduler.kraft.ControllerRoll})
   */
  public PlanCoordinator(TargetResolver.Resolution resolution, ClusterOps ops, PlanSettings planSettings,
      StateStore store, Clock clock, io.kafkamesos.scheduler.kraft.QuorumGate quorum) {
    this(resolution, ops, planSettings, store, clock, quorum,
        io.kafkamesos.scheduler.kraft.MigrationProbe.NONE);
  }

  /**
   * @param migration what Kafka's ZooKeeper says of a migration to KRaft (the gates of a
   *     {@link io.kafkamesos.scheduler.state.PlanKind#MIGRATION} plan)
   */
  public PlanCoordinator(TargetResolver.Resolution resolution, ClusterOps ops, PlanSettings planSettings,
      StateStore store, Clock clock, io.kafkamesos.scheduler.kraft.QuorumGate quorum,
      io.kafkamesos.scheduler.kraft.MigrationProbe migration) {
    this.migration = Objects.requireNonNull(migration);
    this.quorum = Objects.requireNonNull(quorum);
    this.resolution = Objects.requireNonNull(resolution);
    this.ops = Objects.requireNonNull(ops);
    this.planSettings = Objects.requireNonNull(planSettings);
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
  }

  public String targetId() {
    return resolution.target().id();
  }

  /** Why brokers restart now: the reason of the roll under way. */
  public String restartReason() {
    return rollout.activePhase().filter(p -> p instanceof PhaseDefinition.Roll)
        .map(p -> ((PhaseDefinition.Roll) p).reason()).orElse(targetReason());
  }

  private String targetReason() {
    List<String> changes = resolution.target().changes();
    return "target " + targetId() + (changes.isEmpty() ? ": configuration changed"
        : ": " + String.join(", ", changes));
  }

  /** Kafka's side of the plan, shared with broker removals. */
  ClusterOps ops() {
    return ops;
  }

  /**
   * The spec broker {@code brokerId} is launched with now ({@link Rollout#specFor}).
   *
   * @param record its record, or null before its first launch
   */
  public NodeSpec specFor(int brokerId, BrokerRecord record) {
    return rollout.specFor(brokerId, record == null ? null : record.configId());
  }

  /**
   * Replaces the plan with one that restarts every broker, one at a time, with the same safety
   * ({@code PUT /v1/brokers}), onto the spec of the plan's position. Not while an upgrade is under
   * way: its phases and its gate are the operator's way through it.
   *
   * @throws BrokerConflictException while the target's plan has more than one roll to go
   */
  public void restartAll(Map<Integer, BrokerRecord> current) {
    PlanDefinition plan = rollout.definition();
    boolean staged = plan.rolls().size() > 1
        || plan.phases().stream().anyMatch(p -> p instanceof PhaseDefinition.Gate);
    if (!operatorRestart && staged && !rollout.complete()) {
      throw new BrokerConflictException("the plan of target " + targetId() + " is under way ("
          + rollout.activePhase().map(PhaseDefinition::name).orElse("launch") + "): restarting every"
          + " broker would cut across its phases; restart brokers one by one (PUT /v1/brokers/<id>)"
          + " or wait until dcos kafka plan show reports COMPLETE");
    }
    this.records = current;
    Set<Integer> members = brokerIds(current);
    List<Integer> launch = members.stream().filter(id -> current.get(id) == null
        || current.get(id).configId() == null).toList();
    rollout = new Rollout(Plans.restartAll(targetId(), members, launch, rollout.positionSpec(),
        plan.knownSpecs()), planSettings.stepTimeout(), PlanProgress.NONE);
    operatorRestart = true;
    LOG.info("Plan of target {} replaced by a restart of brokers {}", targetId(),
        members.stream().filter(id -> !launch.contains(id)).toList());
    publish();
  }

  /**
   * Builds the plan from the stored plan state and the records; answers the records to store
   * (brokers that already run what the plan wants are noted as running the target).
   *
   * @param current the records: a live, read-only view the coordinator keeps reading
   */
  public List<BrokerRecord> start(SchedulerSettings env, Map<Integer, BrokerRecord> current) {
    this.settings = Objects.requireNonNull(env);
    this.records = Objects.requireNonNull(current);
    stored = resolution.plan();
    operatorRestart = false;
    rollout = build(stored);
    List<BrokerRecord> updated = new ArrayList<>();
    for (BrokerRecord r : current.values()) {
      String wants = r.kind() == io.kafkamesos.commons.node.NodeKind.CONTROLLER
          ? controllerSpecFor(r.brokerId()).settings().controllerConfigId()
          : specFor(r.brokerId(), r).id();
      if (r.configId() != null && !leaving(r) && !targetId().equals(r.targetId())
          && wants.equals(r.configId())) {
        updated.add(r.withTargetId(targetId()));
      }
    }
    dynamicSet = DynamicBrokerConfigs.dynamicPart(env.overrides());
    dynamicRemoved = resolution.refusal() == null ? resolution.change().dynamicRemoved() : Set.of();
    List<String> phases = new ArrayList<>();
    for (PhaseDefinition p : rollout.definition().phases()) {
      String nodes = p instanceof PhaseDefinition.Launch l ? " " + l.nodes()
          : p instanceof PhaseDefinition.Roll r ? " " + r.nodes() + " onto " + r.spec() : "";
      phases.add(p.name() + (rollout.phaseComplete(p.name()) ? " (complete)" : "") + nodes);
    }
    LOG.info("Plan for target {} ({}): {}{}", targetId(), stored.kind(), phases,
        resolution.refusal() == null ? "" : "; refused configuration: " + resolution.refusal());
    publish();
    return updated;
  }

  private Rollout build(PlanState state) {
    Set<Integer> controllers = new TreeSet<>(
        io.kafkamesos.scheduler.kraft.ClusterLayout.of(settings).controllerIds());
    io.kafkamesos.scheduler.plan.Migration.Checks checks = null;
    if (state.kind() == io.kafkamesos.scheduler.state.PlanKind.MIGRATION) {
      checks = io.kafkamesos.scheduler.kraft.MigrationGates.checks(quorum, migration, () -> records,
          controllers, Plans.migrationControllerSpec(settings).settings().controllerConfigId());
      builtVoters = checks.voters();
    }
    io.kafkamesos.scheduler.plan.GateCondition metadataRaise =
        state.kind() == io.kafkamesos.scheduler.state.PlanKind.KRAFT_UPGRADE
            ? ops.metadataRaise(settings.kafka().version().metadataVersion()) : null;
    io.kafkamesos.scheduler.plan.Revert.Checks revert =
        state.kind() == io.kafkamesos.scheduler.state.PlanKind.REVERT
            ? io.kafkamesos.scheduler.kraft.RevertGates.checks(() -> records, migration) : null;
    PlanDefinition plan = Plans.define(new Plans.Inputs(settings, state, records, brokerIds(records),
        planSettings.finalizeAuto(), targetReason(), controllers, controllers.isEmpty() ? null
            : io.kafkamesos.scheduler.kraft.ControllerRoll.rules(quorum, this::runningSince), checks,
        metadataRaise, revert));
    return new Rollout(plan, planSettings.stepTimeout(), state.progress());
  }

  /**
   * The spec controller {@code id} is launched with now: during a migration, the target's settings
   * in migration mode until its step of {@code kraft-controllers} started; else the target's own.
   */
  public NodeSpec controllerSpecFor(int id) {
    if (stored != null && stored.kind() == io.kafkamesos.scheduler.state.PlanKind.MIGRATION
        && rollout != null && !rollout.stepStarted(io.kafkamesos.scheduler.plan.Migration.KRAFT_CONTROLLERS, id)) {
      return Plans.migrationControllerSpec(settings);
    }
    return NodeSpec.of(settings);
  }

  /**
   * A migration's brokers enter migration mode with the quorum's voters, known once every
   * controller has its place: the plan is built again (from its stored progress) when they change.
   */
  private void rebuildOnNewVoters(Map<Integer, BrokerRecord> current) {
    if (stored.kind() != io.kafkamesos.scheduler.state.PlanKind.MIGRATION) {
      return;
    }
    String voters = io.kafkamesos.scheduler.kraft.MigrationGates.voters(current,
        io.kafkamesos.scheduler.kraft.ClusterLayout.of(settings).controllerIds());
    if (!voters.equals(builtVoters)) {
      rollout = build(stored);
      LOG.info("Plan of target {}: the controllers' places are known, brokers enter migration"
          + " mode with controller.quorum.voters={}", targetId(), voters);
    }
  }

  /**
   * Moves the plan on; answers what to do with the brokers: the one to restart now, and the failed
   * ones to relaunch without their backoff. Nothing is done before the plan's progress is stored.
   *
   * @param mayAct whether the scheduler is subscribed and Mesos confirmed its tasks
   */
  public Rollout.Actions tick(Map<Integer, BrokerRecord> current, boolean mayAct) {
    Rollout.Actions none = new Rollout.Actions(List.of(), List.of(), List.of());
    if (rollout == null) {
      return none;
    }
    this.records = current;
    rebuildOnNewVoters(current);
    Rollout.Actions result = none;
    boolean needsKafka = !rollout.complete() || !dynamicSet.isEmpty() || !dynamicRemoved.isEmpty();
    if (mayAct && needsKafka) {
      Optional<ClusterView> cluster;
      String error = "";
      try {
        cluster = Optional.of(ops.view(brokerIds(current)));
      } catch (RuntimeException e) {
        cluster = Optional.empty();
        error = e.getMessage();
      }
      Rollout.Actions actions = rollout.tick(facts(current), cluster, error, clock.instant());
      if (persist()) {
        result = actions;
        actions.restart().forEach(id -> LOG.info("{}: restarting for {}", capitalized(describe(id)),
            restartReason()));
        for (int id : actions.electLeaders()) {
          ops.electPreferredLeaders(id);
        }
        cluster.ifPresent(this::clearForZookeeper);
      }
      if (!rollout.waiting().equals(lastWaiting)) {
        lastWaiting = rollout.waiting();
        if (!lastWaiting.isEmpty()) {
          LOG.info("Plan of target {} waits: {}", targetId(), lastWaiting);
        }
      }
      cluster.ifPresent(c -> applyDynamic(c, current));
    }
    publish();
    return result;
  }

  /**
   * Whether a revert's {@value io.kafkamesos.scheduler.plan.Revert#REMOVE_CONTROLLERS} is under
   * way (not interrupted): the scheduler stops the controllers and releases what they hold.
   */
  public boolean removingControllers() {
    return revertAt(io.kafkamesos.scheduler.plan.Revert.REMOVE_CONTROLLERS);
  }

  private boolean revertAt(String phase) {
    return rollout != null && !operatorRestart && !rollout.interrupted()
        && io.kafkamesos.scheduler.plan.Revert.at(stored, rollout.activePhase(), phase);
  }

  /**
   * At a revert's {@value io.kafkamesos.scheduler.plan.Revert#ZOOKEEPER_CONTROLLER}: deletes Kafka's
   * {@code /migration} and a KRaft controller's {@code /controller}, after the progress is stored;
   * the gate passes once a ZooKeeper-mode broker is elected.
   */
  private void clearForZookeeper(ClusterView cluster) {
    if (!revertAt(io.kafkamesos.scheduler.plan.Revert.ZOOKEEPER_CONTROLLER)) {
      return;
    }
    try {
      migration.clearForZookeeper(cluster.registered());
    } catch (RuntimeException e) {
      LOG.warn("Plan of target {}: cannot clear Kafka's migration state in ZooKeeper yet: {}",
          targetId(), e.getMessage());
    }
  }

  /**
   * Stores the plan's progress when it moved; answers whether it is stored. When the store cannot
   * be written the plan goes back to what is stored, as a scheduler that took over would find it.
   */
  private boolean persist() {
    if (operatorRestart) {
      return true;
    }
    PlanState next = stored.withProgress(rollout.progress());
    if (next.equals(stored)) {
      return true;
    }
    try {
      store.storePlan(next);
    } catch (StateStoreException e) {
      LOG.warn("Plan of target {}: cannot store its progress, so it starts nothing until it can: {}",
          targetId(), e.getMessage());
      rollout = build(stored);
      return false;
    }
    logPhases(stored.progress(), next.progress());
    stored = next;
    return true;
  }

  private void logPhases(PlanProgress before, PlanProgress after) {
    for (String phase : after.startedPhases()) {
      if (!before.startedPhases().contains(phase) && !after.completePhases().contains(phase)) {
        LOG.info("Plan of target {}: phase {} started", targetId(), phase);
      }
    }
    for (String phase : after.completePhases()) {
      if (!before.completePhases().contains(phase)) {
        LOG.info("Plan of target {}: phase {} complete", targetId(), phase);
      }
    }
  }

  /**
   * Applies the pending dynamic configs once every broker runs and is registered: a call while
   * some broker is away only waits for it on the scheduler's thread, holding up everything else.
   */
  private void applyDynamic(ClusterView cluster, Map<Integer, BrokerRecord> current) {
    if ((dynamicSet.isEmpty() && dynamicRemoved.isEmpty()) || clock.instant().isBefore(nextDynamicTry)) {
      return;
    }
    Set<Integer> members = brokerIds(current);
    boolean allUp = members.stream().allMatch(id -> current.get(id) != null
        && current.get(id).state() == BrokerState.RUNNING && cluster.registered().contains(id));
    if (!allUp) {
      return; // not an error: the configs go out once the brokers are back
    }
    try {
      ops.applyDynamicConfigs(dynamicSet, dynamicRemoved);
      LOG.info("Applied dynamic broker configs {} (removed {}) without a restart", dynamicSet,
          dynamicRemoved);
      dynamicSet = Map.of();
      dynamicRemoved = Set.of();
      dynamicProblem = null;
    } catch (RuntimeException e) {
      nextDynamicTry = clock.instant().plus(DYNAMIC_RETRY);
      if (!Objects.equals(dynamicProblem, e.getMessage())) {
        LOG.warn("Cannot apply dynamic broker configs yet: {}", e.getMessage());
      }
      dynamicProblem = e.getMessage();
    }
  }

  /** Lets the current step finish and starts no other; stored at once. */
  public void interrupt() {
    requireRollout().interrupt();
    storeNow();
    LOG.info("Plan of target {} interrupted by the operator", targetId());
  }

  /**
   * Resumes an interrupted plan and lets the operator's gate it is at pass ({@code finalize});
   * stored at once.
   */
  public void resume() {
    Rollout r = requireRollout();
    boolean wasInterrupted = r.interrupted();
    r.resume();
    Optional<String> gate = r.passGate();
    storeNow();
    gate.ifPresent(g -> LOG.info("Plan of target {}: gate {} passed by the operator", targetId(), g));
    if (wasInterrupted || gate.isEmpty()) {
      LOG.info("Plan of target {} continued by the operator", targetId());
    }
  }

  /** @see Rollout#retry */
  public Step retry(String stepId) {
    Rollout r = requireRollout();
    Step before = r.steps().stream().filter(s -> s.id().equals(stepId)).findFirst().orElse(null);
    BrokerRecord record = before == null || before.gate() ? null : records.get(before.brokerId());
    Step step = r.retry(stepId, clock.instant(), record == null ? 0 : record.failures());
    storeNow();
    LOG.info("{}: step {} retried by the operator", step.gate() ? "Plan of target " + targetId()
        : capitalized(describe(step.brokerId())), stepId);
    return step;
  }

  /**
   * Stores what the operator just changed.
   *
   * @throws StateStoreException when it cannot: the plan stays as stored
   */
  private void storeNow() {
    if (operatorRestart) {
      publish();
      return;
    }
    PlanState next = stored.withProgress(rollout.progress());
    try {
      store.storePlan(next);
      stored = next;
    } catch (StateStoreException e) {
      rollout = build(stored);
      publish();
      throw e;
    }
    publish();
  }

  public PlanView view() {
    return view;
  }

  private Rollout requireRollout() {
    if (rollout == null) {
      throw new IllegalStateException("the scheduler has not loaded its plan yet");
    }
    return rollout;
  }

  /** The cluster's brokers: BROKER_COUNT less the removed ones. */
  private Set<Integer> brokerIds(Map<Integer, BrokerRecord> current) {
    Set<Integer> ids = new TreeSet<>();
    IntStream.range(0, settings.brokerCount()).filter(id -> !leaving(current.get(id))).forEach(ids::add);
    return ids;
  }

  private static boolean leaving(BrokerRecord r) {
    return r != null && (r.state() == BrokerState.REMOVED || r.state() == BrokerState.REMOVING);
  }

  private static Map<Integer, BrokerFacts> facts(Map<Integer, BrokerRecord> current) {
    Map<Integer, BrokerFacts> facts = new HashMap<>();
    for (BrokerRecord r : current.values()) {
      facts.put(r.brokerId(), new BrokerFacts(r.brokerId(), r.state().hasLiveTask(),
          r.state() == BrokerState.RUNNING && r.restart() == RestartMode.NONE, r.configId(),
          r.taskId(), r.failures(), r.lastStatus(),
          r.kind() == io.kafkamesos.commons.node.NodeKind.CONTROLLER));
    }
    return facts;
  }

  /** When the node's task last started running, by its record (the epoch when unknown). */
  private Instant runningSince(int nodeId) {
    BrokerRecord r = records.get(nodeId);
    return Instant.ofEpochMilli(r == null ? 0 : r.runningSinceMillis());
  }

  /** How logs name the node: {@code broker 0}, {@code controller 3001}. */
  private String describe(int nodeId) {
    BrokerRecord r = records.get(nodeId);
    return r != null ? r.describe()
        : io.kafkamesos.scheduler.kraft.ClusterLayout.of(settings).kindOf(nodeId).describe(nodeId);
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /**
   * How far the plan got as of its last move (the stored progress before it is built): what a
   * switch of TLS launches each broker with ({@code SwitchOn.brokerTarget}). Any thread.
   */
  public PlanProgress progress() {
    PlanProgress now = progress;
    return now != null ? now : resolution.plan().progress();
  }

  private void publish() {
    progress = operatorRestart ? stored.progress() : rollout.progress();
    view = PlanViews.of(resolution, rollout, records, stored, planSettings.finalizeAuto(),
        dynamicProblem);
  }
}
