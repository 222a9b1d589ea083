package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.mesos.SchedulerEvents;
import io.kafkamesos.scheduler.offer.BrokerNeed;
import io.kafkamesos.scheduler.offer.OfferDecision;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.offer.Placement;
import io.kafkamesos.scheduler.plan.BrokerTransitions;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.LostBrokers;
import io.kafkamesos.scheduler.plan.RemovalRule;
import io.kafkamesos.scheduler.plan.ReplaceRule;
import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.plan.Plan;
import io.kafkamesos.scheduler.plan.Planner;
import io.kafkamesos.scheduler.plan.StatusOutcome;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import io.kafkamesos.scheduler.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around the pure decisions: it keeps the broker records, asks the {@link Planner} and the
 * {@link OfferEvaluator} what to do, stores the outcome, and only then tells Mesos through the
 * {@link SchedulerDriver}. Not thread-safe: one thread calls it (the {@link EventLoop}); readers on
 * other threads use the published {@link #view()}.
 */
public final class BrokerScheduler implements SchedulerEvents {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerScheduler.class);
  /** Offers we could use later come back soon; offers we do not need stay away longer. */
  static final Duration REFUSE_WHILE_WAITING = Duration.ofSeconds(5);
  static final Duration REFUSE_WHEN_IDLE = Duration.ofSeconds(30);
  static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(5);
  /** How long a rolling restart waits for Mesos to confirm the known tasks after a subscription. */
  static final Duration RECONCILE_WAIT = Duration.ofSeconds(30);

  private final SchedulerSettings settings;
  private final StateStore store;
  private final OfferEvaluator evaluator;
  private final Planner planner;
  private final KafkaRegistry kafka;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final Map<Integer, BrokerRecord> records = new TreeMap<>();
  private final Map<Integer, String> waitReasons = new TreeMap<>();
  /** Reasons already logged for each waiting broker: offers come every few seconds, logs should not. */
  private final Map<Integer, Set<String>> loggedReasons = new HashMap<>();

  private final MesosCalls mesos;
  private FrameworkID frameworkId;
  private Instant lastReconcile = Instant.EPOCH;
  private String rollingWait;
  /** Live tasks Mesos has not reported on since the subscription; no rolling restart before. */
  private final Set<String> unconfirmed = new HashSet<>();
  private Instant reconcileDeadline = Instant.EPOCH;
  private volatile SchedulerView view = SchedulerView.EMPTY;
  /** Rolls out the target configuration; null: configuration changes roll without a plan. */
  private final PlanCoordinator coordinator;
  private final LostBrokers lost;
  private final ReservationKeeper keeper;
  private final Removals removals;
  private final Set<Integer> graceLogged = new HashSet<>();

  public BrokerScheduler(SchedulerSettings settings, StateStore store, SchedulerDriver driver,
      OfferEvaluator evaluator, Planner planner, KafkaRegistry kafka, Clock clock,
      SchedulerMetrics metrics) {
    this(settings, store, driver, evaluator, planner, kafka, clock, metrics, null);
  }

  /** A scheduler whose configuration changes roll out through {@code coordinator}'s plan. */
  public BrokerScheduler(SchedulerSettings settings, StateStore store, SchedulerDriver driver,
      OfferEvaluator evaluator, Planner planner, KafkaRegistry kafka, Clock clock,
      SchedulerMetrics metrics, PlanCoordinator coordinator) {
    this(settings, store, driver, evaluator, planner, kafka, clock, metrics, coordinator,
        coordinator == null ? null : coordinator.ops(), FaultSettings.defaults());
  }

  /**
   * A scheduler that can also remove brokers ({@code ops} moves their partitions) and treats lost
   * agents as {@code faults} says.
   */
  public BrokerScheduler(SchedulerSettings settings, StateStore store, SchedulerDriver driver,
      OfferEvaluator evaluator, Planner planner, KafkaRegistry kafka, Clock clock,
      SchedulerMetrics metrics, PlanCoordinator coordinator, ClusterOps ops, FaultSettings faults) {
    this.coordinator = coordinator;
    this.lost = new LostBrokers(faults);
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.evaluator = Objects.requireNonNull(evaluator);
    this.planner = Objects.requireNonNull(planner);
    this.kafka = Objects.requireNonNull(kafka);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.mesos = new MesosCalls(driver, metrics);
    this.keeper = new ReservationKeeper(settings, store, mesos, clock);
    this.removals = new Removals(ops, mesos, clock);
    metrics.gauges(() -> view.running(), () -> view.waiting());
  }

  /** Loads the stored broker records; call once before any event. */
  public void load() {
    records.clear();
    records.putAll(store.brokers());
    keeper.load();
    LOG.info("Loaded {} broker records of {}: {}", records.size(), settings.frameworkName(),
        records.values().stream().map(r -> r.brokerId() + "=" + r.state()).toList());
    if (coordinator != null) {
      coordinator.start(settings, records).forEach(this::save);
    } else {
      rollOutConfiguration();
    }
    publish(plan());
  }

  /** Brokers launched with another configuration restart one at a time to take the current one. */
  private void rollOutConfiguration() {
    String current = settings.brokerConfigId();
    for (BrokerRecord r : List.copyOf(records.values())) {
      if (r.brokerId() < settings.brokerCount() && r.configId() != null && !current.equals(r.configId())
          && r.state().hasLiveTask() && r.restart() == RestartMode.NONE) {
        String reason = "configuration changed (" + r.configId() + " -> " + current + ")";
        LOG.info("Broker {}: {}; it will restart when every other broker runs", r.brokerId(), reason);
        save(r.withRestart(RestartMode.ROLLING, reason));
      }
    }
    if (records.keySet().stream().anyMatch(id -> id >= settings.brokerCount())) {
      LOG.warn("Brokers {} are beyond BROKER_COUNT={} and are left as they are: removing brokers "
          + "is a manual step", records.keySet().stream().filter(id -> id >= settings.brokerCount()).toList(),
          settings.brokerCount());
    }
  }

  /** The latest published picture; safe from any thread. */
  public SchedulerView view() {
    return view;
  }

  @Override
  public void subscribed(FrameworkID id) {
    frameworkId = id;
    if (!store.frameworkId().map(id.getValue()::equals).orElse(false)) {
      store.storeFrameworkId(id.getValue());
    }
    LOG.info("Subscribed as framework {}", id.getValue());
    mesos.subscribed();
    unconfirmed.clear();
    records.values().stream().filter(r -> r.state().hasLiveTask() && r.taskId() != null)
        .forEach(r -> unconfirmed.add(r.taskId()));
    reconcileDeadline = clock.instant().plus(RECONCILE_WAIT);
    reconcile();
    for (BrokerRecord r : records.values()) {
      if (r.state() == BrokerState.KILLING && r.taskId() != null) {
        mesos.kill(r); // the kill may have been lost with the previous subscription
      }
    }
    tick();
  }

  @Override
  public void offers(List<Offer> offers) {
    metrics.offersReceived.inc(offers.size());
    if (frameworkId == null) {
      return; // offers of a subscription that is gone
    }
    Plan plan = plan();
    List<BrokerNeed> needs = needs(plan);
    Map<Integer, String> occupied = occupiedHosts();
    for (Offer offer : offers) {
      if (keeper.handle(offer, records)) {
        continue; // used to release abandoned reservations; what is left comes back in a new offer
      }
      String agent = offer.getAgentId().getValue();
      List<BrokerNeed> fit = needs.stream().filter(n -> !keeper.avoids(agent, n.brokerId())).toList();
      OfferDecision decision = evaluator.evaluate(offer, frameworkId, fit, occupied);
      decision.unplaced().forEach(this::noteWaiting);
      if (decision.accepts() && launch(offer, decision)) {
        for (Placement p : decision.placements()) {
          needs.removeIf(n -> n.brokerId() == p.brokerId());
          occupied.put(p.brokerId(), p.hostname());
          waitReasons.remove(p.brokerId());
        }
      } else {
        // not needed, or Mesos refused the launch: hand the offer back either way
        mesos.decline(offer.getId(), needs.isEmpty() ? REFUSE_WHEN_IDLE : REFUSE_WHILE_WAITING);
        LOG.debug("Declined offer {} from {}: {}", offer.getId().getValue(), offer.getHostname(),
            decision.declineReason());
      }
    }
    tick();
  }

  @Override
  public void rescinded(OfferID offerId) {
    LOG.debug("Offer {} rescinded", offerId.getValue());
  }

  @Override
  public void update(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    unconfirmed.remove(taskId);
    var brokerTask = BrokerTaskId.parse(taskId);
    BrokerRecord record = brokerTask.map(t -> records.get(t.brokerId())).orElse(null);
    if (record == null) {
      if (!BrokerTransitions.isTerminal(status.getState())) {
        LOG.warn("Task {} is not a broker of {} and is {}; killing it", taskId,
            settings.frameworkName(), status.getState());
        mesos.kill(status);
      }
    } else {
      StatusOutcome outcome = BrokerTransitions.onStatus(record, status, clock.instant());
      if (!outcome.record().equals(record)) {
        BrokerRecord after = outcome.record();
        if (after.state() == BrokerState.REMOVED && after.reservation() != null) {
          keeper.abandon(after, "broker " + after.brokerId() + " removed");
          after = after.withReservation(null);
        }
        save(after);
        if (after.state() == BrokerState.LOST && record.state() != BrokerState.LOST) {
          LOG.warn("{}", lost.describe(after, clock.instant()));
        }
        logTransition(record, outcome.record(), status);
      }
      if (outcome.killTask()) {
        LOG.warn("Broker {}: task {} is {} but the broker no longer owns it; killing it",
            record.brokerId(), taskId, status.getState());
        mesos.kill(status);
      }
    }
    mesos.acknowledge(status);
    tick();
  }

  @Override
  public void error(String message) {
    LOG.error("Mesos master reports an error: {}", message);
    frameworkId = null;
    if (message != null && message.toLowerCase(Locale.ROOT).contains("removed")) {
      // the master will never take this id again: the next subscription registers anew
      LOG.error("Framework {} was removed by the master; subscribing as a new framework",
          settings.frameworkName());
      store.clearFrameworkId();
    }
  }

  @Override
  public void disconnected(String reason) {
    if (frameworkId != null) {
      LOG.warn("Lost the Mesos subscription: {}", reason);
    }
    frameworkId = null;
  }

  /** Re-plans: kills for restarts, revives or suppresses offers. Called after each change and on a timer. */
  public void tick() {
    tickLost();
    tickRemovals();
    tickCoordinator();
    Plan plan = plan();
    if (frameworkId != null) {
      for (int id : plan.kill()) {
        BrokerRecord r = records.get(id);
        if (r.restart() == RestartMode.ROLLING && !mayRollNext(id)) {
          continue;
        }
        save(r.withState(BrokerState.KILLING));
        LOG.info("Broker {}: killing task {} on {} for a restart ({})", id, r.taskId(), r.hostname(),
            r.lastRestartReason());
        mesos.kill(r);
      }
      if (!Duration.between(lastReconcile, clock.instant()).minus(RECONCILE_INTERVAL).isNegative()) {
        reconcile();
      }
      plan = plan();
      mesos.reviveOrSuppress(plan, keeper.releasing());
    }
    publish(plan);
  }

  /** Lets the configuration plan move on: the broker it restarts is killed as a rolling restart. */
  private void tickCoordinator() {
    if (coordinator == null) {
      return;
    }
    boolean confirmed = unconfirmed.isEmpty() || !clock.instant().isBefore(reconcileDeadline);
    for (int id : coordinator.tick(records, frameworkId != null && confirmed)) {
      BrokerRecord r = records.get(id);
      if (r != null && r.state().hasLiveTask() && r.restart() == RestartMode.NONE) {
        save(r.withRestart(RestartMode.ROLLING, coordinator.restartReason()));
      }
    }
  }

  /** The plan that rolls out the target configuration, if the scheduler has one. */
  public java.util.Optional<PlanCoordinator> coordinator() {
    return java.util.Optional.ofNullable(coordinator);
  }

  /**
   * Asks for a restart of one broker (kill now, relaunch) and answers the task id it will run as.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   */
  public List<String> restart(int brokerId) {
    return List.of(requestRestart(brokerId, RestartMode.NOW));
  }

  /** Asks for a restart of every broker, one at a time; answers their new task ids. */
  public List<String> restartAll() {
    if (coordinator != null) {
      // through the plan: one at a time, with the safety rule, visible in /v1/plan
      List<String> ids = new ArrayList<>();
      for (int id = 0; id < settings.brokerCount(); id++) {
        metrics.restarts.inc();
        ids.add(withNextTaskId(id).nextTaskId());
      }
      coordinator.restartAll(records);
      tick();
      return ids;
    }
    List<String> ids = new ArrayList<>();
    for (int id = 0; id < settings.brokerCount(); id++) {
      ids.add(requestRestart(id, RestartMode.ROLLING));
    }
    return ids;
  }

  private String requestRestart(int brokerId, RestartMode mode) {
    requireMember(brokerId);
    metrics.restarts.inc();
    BrokerRecord r = withNextTaskId(brokerId);
    if (r.state() == BrokerState.KILLING || r.state() == BrokerState.PENDING) {
      return r.nextTaskId(); // a restart is under way already, or it waits to launch anyway
    }
    save(r.withRestart(mode, "restart requested"));
    LOG.info("Broker {}: restart requested ({}), next task {}", brokerId, mode, r.nextTaskId());
    tick();
    return r.nextTaskId();
  }

  /** The record of a broker with a task id chosen for its next launch (stored). */
  private BrokerRecord withNextTaskId(int brokerId) {
    BrokerRecord r = records.get(brokerId);
    if (r == null) {
      r = BrokerRecord.pending(brokerId, BrokerTaskId.next(brokerId).toString(), "new broker");
      save(r);
    } else if (r.nextTaskId() == null) {
      r = r.withNextTaskId(BrokerTaskId.next(brokerId).toString());
      save(r);
    }
    return r;
  }

  /**
   * A rolling restart takes the next broker down only once Mesos confirmed what the scheduler knows
   * of its tasks and every partition is fully replicated.
   */
  private boolean mayRollNext(int brokerId) {
    String reason;
    if (!unconfirmed.isEmpty() && clock.instant().isBefore(reconcileDeadline)) {
      return false; // stored states may be stale until reconciliation answers
    }
    try {
      int under = kafka.underReplicatedPartitions();
      if (under == 0) {
        return true;
      }
      reason = "broker " + brokerId + " waits to restart: " + under + " under-replicated partitions";
    } catch (RuntimeException e) {
      reason = "broker " + brokerId + " waits to restart: " + e.getMessage();
    }
    if (!reason.equals(rollingWait)) {
      LOG.info("{}", reason);
      rollingWait = reason;
    }
    return false;
  }

  private Plan plan() {
    return planner.plan(settings.brokerCount(), records, clock.instant());
  }

  private List<BrokerNeed> needs(Plan plan) {
    List<BrokerNeed> needs = new ArrayList<>();
    for (int id : plan.launch()) {
      BrokerRecord r = withNextTaskId(id);
      needs.add(new BrokerNeed(id, r.nextTaskId(), settings.persistentVolumes() ? r.reservation() : null,
          r.port()));
    }
    return needs;
  }

  /** The host each broker holds: where its task lives, or (with pv) where its volume is. */
  private Map<Integer, String> occupiedHosts() {
    Map<Integer, String> hosts = new HashMap<>();
    for (BrokerRecord r : records.values()) {
      if (r.state() == BrokerState.REMOVED) {
        continue;
      }
      if (r.state().hasLiveTask() && r.hostname() != null) {
        hosts.put(r.brokerId(), r.hostname());
      } else if (settings.persistentVolumes() && r.reservation() != null) {
        hosts.put(r.brokerId(), r.reservation().hostname());
      }
    }
    return hosts;
  }

  /** Stores the launches, then accepts; answers whether Mesos took the call. */
  private boolean launch(Offer offer, OfferDecision decision) {
    Map<Integer, BrokerRecord> before = new HashMap<>();
    for (Placement p : decision.placements()) {
      BrokerRecord r = records.get(p.brokerId());
      before.put(p.brokerId(), r);
      save(r.launched(p.taskId(), p.agentId(), p.hostname(), p.port(), p.reservation(),
          settings.brokerConfigId(), coordinator == null ? r.targetId() : coordinator.targetId()));
      LOG.info("Broker {}: launching task {} on {} port {}{}", p.brokerId(), p.taskId(), p.hostname(),
          p.port(), p.reservation() == null ? "" : " with volume " + p.reservation().volumeId());
    }
    try {
      mesos.accept(offer.getId(), decision.operations(), REFUSE_WHILE_WAITING);
      metrics.launches.inc(decision.placements().size());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Mesos refused the launch on offer {} ({}): {}", offer.getId().getValue(),
          offer.getHostname(), e.getMessage());
      for (Placement p : decision.placements()) {
        BrokerRecord r = before.get(p.brokerId());
        save(r.withNextTaskId(BrokerTaskId.next(p.brokerId()).toString()));
        noteWaiting(p.brokerId(), "broker " + p.brokerId() + " launch refused: " + e.getMessage());
      }
      return false;
    }
  }

  private void reconcile() {
    lastReconcile = clock.instant();
    mesos.reconcile(records.values());
  }

  private void noteWaiting(int brokerId, String reason) {
    waitReasons.put(brokerId, reason);
    if (loggedReasons.computeIfAbsent(brokerId, id -> new HashSet<>()).add(reason)) {
      LOG.info("Broker {} cannot launch yet: {}", brokerId, reason);
    }
  }

  private void logTransition(BrokerRecord before, BrokerRecord after, TaskStatus status) {
    if (after.state() == BrokerState.FAILED) {
      metrics.taskFailures.inc();
      LOG.warn("Broker {}: task {} ended ({}); relaunching after {} (failure {})", after.brokerId(),
          after.taskId(), after.lastStatus(), planner.relaunchAt(after), after.failures());
    } else if (before.state() != after.state()) {
      LOG.info("Broker {}: {} -> {} ({})", after.brokerId(), before.state(), after.state(),
          after.lastStatus());
    }
  }

  private void save(BrokerRecord r) {
    store.storeBroker(r);
    records.put(r.brokerId(), r);
  }

  private void publish(Plan plan) {
    waitReasons.keySet().removeIf(id -> !plan.launch().contains(id));
    loggedReasons.keySet().removeIf(id -> !plan.launch().contains(id));
    view = SchedulerView.of(settings.brokerCount(), records, waitReasons, plan.backoff());
    faultView = FaultPhases.of(view, removals.cluster(), keeper.abandoned(), lost, clock.instant());
  }

  private volatile FaultPhases.View faultView = FaultPhases.View.EMPTY;

  /** Lost, replaced and removed brokers as plan phases, and the orphan reservations; from any thread. */
  public FaultPhases.View faults() {
    return new FaultPhases.View(faultView.phases(), faultView.lost(), keeper.orphans(),
        keeper.abandoned());
  }

  /**
   * Launches the broker afresh elsewhere, giving up its reservation and volume (released if their
   * agent comes back); answers the task id it will run as.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   * @throws BrokerConflictException when it runs and {@code force} is false, or it is being removed
   */
  public String replace(int brokerId, boolean force) {
    requireMember(brokerId);
    BrokerRecord r = records.get(brokerId);
    ReplaceRule.refusal(brokerId, r, force).ifPresent(m -> {
      throw new BrokerConflictException(m);
    });
    String taskId = doReplace(brokerId, force ? "replace forced by the operator" : "replace requested");
    tick();
    return taskId;
  }

  private String doReplace(int brokerId, String reason) {
    BrokerRecord r = withNextTaskId(brokerId);
    keeper.abandon(r, reason);
    BrokerRecord next = r.withReservation(null).withRestart(RestartMode.NONE, "replaced: " + reason);
    if (r.state().hasLiveTask() && r.taskId() != null) {
      save(next.withState(BrokerState.KILLING));
      mesos.kill(r);
    } else {
      save(next.withState(BrokerState.PENDING));
    }
    graceLogged.remove(brokerId);
    LOG.warn("Broker {}: replaced ({}); it launches as {} on another agent and Kafka copies its "
        + "partitions to it", brokerId, reason, r.nextTaskId());
    return r.nextTaskId();
  }

  /**
   * Starts moving the broker's partition replicas to the other brokers; it is killed and its
   * resources released once it holds none. Answers what happens next.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   * @throws BrokerConflictException when the remaining brokers could not hold some topic
   * @throws SchedulerUnavailableException when Kafka's state cannot be read
   */
  public String remove(int brokerId) {
    requireMember(brokerId);
    ClusterView now = removals.readNow(members());
    BrokerRecord r = records.get(brokerId);
    int removing = records.values().stream().filter(x -> x.state() == BrokerState.REMOVING)
        .mapToInt(BrokerRecord::brokerId).findFirst().orElse(-1);
    RemovalRule.refusal(brokerId, r, members(), now.partitions(), removing).ifPresent(m -> {
      throw new BrokerConflictException(m);
    });
    if (r == null) {
      r = BrokerRecord.pending(brokerId, BrokerTaskId.next(brokerId).toString(), "never launched");
    }
    if (r.state() != BrokerState.REMOVING) {
      save(r.withRestart(RestartMode.NONE, "remove requested").withState(BrokerState.REMOVING));
      LOG.warn("Broker {}: removal requested; moving its {} partition replicas to brokers {}", brokerId,
          RemovalRule.replicasOn(brokerId, now.partitions()), remainingAfter(brokerId));
    }
    removals.started(brokerId, members());
    tick();
    return "remove-" + brokerId;
  }

  /**
   * An operator's order to destroy an orphan reservation (and its volume) when its agent offers it.
   *
   * @return the orphan, or empty when there is none with that id
   */
  public java.util.Optional<Orphan> deleteOrphan(String id) {
    return keeper.deleteOrphan(id);
  }

  /** The brokers of the cluster: BROKER_COUNT less the removed ones. */
  public Set<Integer> members() {
    Set<Integer> ids = new java.util.TreeSet<>();
    for (int id = 0; id < settings.brokerCount(); id++) {
      BrokerRecord r = records.get(id);
      if (r == null || r.state() != BrokerState.REMOVED) {
        ids.add(id);
      }
    }
    return ids;
  }

  private Set<Integer> remainingAfter(int brokerId) {
    Set<Integer> ids = members();
    ids.remove(brokerId);
    return ids;
  }

  private void requireMember(int brokerId) {
    if (brokerId < 0 || brokerId >= settings.brokerCount()) {
      throw new BrokerNotFoundException(brokerId, settings.brokerCount());
    }
    BrokerRecord r = records.get(brokerId);
    if (r != null && r.state() == BrokerState.REMOVED) {
      throw new BrokerNotFoundException(brokerId, settings.brokerCount(), "it was removed");
    }
  }

  /** Lost brokers: say when the grace period ends, replace them when auto-replace is due. */
  private void tickLost() {
    Instant now = clock.instant();
    for (BrokerRecord r : List.copyOf(records.values())) {
      if (r.state() != BrokerState.LOST) {
        graceLogged.remove(r.brokerId());
        continue;
      }
      if (lost.replaceDue(r, now)) {
        doReplace(r.brokerId(), "automatic replace: agent " + r.agentId() + " lost since "
            + LostBrokers.lostSince(r));
      } else if (lost.graceOver(r, now) && graceLogged.add(r.brokerId())) {
        LOG.warn("{}", lost.describe(r, now));
      }
    }
  }

  /** Brokers being removed: move their replicas away, then kill them once they hold none. */
  private void tickRemovals() {
    boolean replacing = faultView.phases().stream()
        .anyMatch(p -> p.name().equals("replace") && !"COMPLETE".equals(p.status()));
    removals.tick(List.copyOf(records.values()), members(), replacing, this::save);
  }
}
