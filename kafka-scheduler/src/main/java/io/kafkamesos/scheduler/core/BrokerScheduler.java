package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.kraft.LaunchOrder;
import io.kafkamesos.scheduler.kraft.QuorumGate;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.mesos.SchedulerEvents;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.plan.BrokerTransitions;
import io.kafkamesos.scheduler.plan.LostBrokers;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>Its collaborators share the {@link BrokerRecords}: the {@link OfferHandler} launches brokers on
 * offers, the {@link ConfigurationRollout} marks brokers for rolling restarts and the {@link RollGate}
 * holds those back, the {@link FaultTicker} deals with lost and leaving brokers, and the
 * {@link BrokerOperations} carry out the operator's requests.
 */
public final class BrokerScheduler implements SchedulerEvents {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerScheduler.class);
  static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(5);

  private final SchedulerSettings settings;
  private final StateStore store;
  private final Planner planner;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final BrokerRecords records;
  private final ClusterLayout layout;
  private final KraftContext kraft;
  private final QuorumGate quorumGate;
  /** The brokers the last plan held back for the quorum. */
  private java.util.Set<Integer> heldBack = java.util.Set.of();

  private final MesosCalls mesos;
  private FrameworkID frameworkId;
  private Instant lastReconcile = Instant.EPOCH;
  private volatile SchedulerView view = SchedulerView.EMPTY;
  private volatile FaultPhases.View faultView = FaultPhases.View.EMPTY;
  /** Rolls out the target configuration. */
  private final PlanCoordinator coordinator;
  private final LostBrokers lost;
  private final ReservationKeeper keeper;
  private final Removals removals;
  private final ControllerRemoval controllerRemoval;
  private final RollGate rollGate;
  private final ConfigurationRollout rollout;
  private final OfferHandler offerHandler;
  private final FaultTicker faultTicker;
  private final BrokerOperations operations;

  /**
   * Built by {@link SchedulerAssembly}, the one way the application and the tests put it together.
   * {@code coordinator} rolls out the target configuration; its Kafka side also moves the partitions
   * of brokers being removed. Lost agents are treated as {@code faults} says.
   */
  BrokerScheduler(SchedulerSettings settings, StateStore store, SchedulerDriver driver,
      OfferEvaluator evaluator, Planner planner, KafkaRegistry kafka, Clock clock,
      SchedulerMetrics metrics, PlanCoordinator coordinator, FaultSettings faults,
      QuorumGate quorumGate) {
    this.quorumGate = Objects.requireNonNull(quorumGate);
    this.coordinator = Objects.requireNonNull(coordinator);
    this.lost = new LostBrokers(faults);
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.planner = Objects.requireNonNull(planner);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.layout = ClusterLayout.of(settings);
    this.records = new BrokerRecords(store, layout);
    this.kraft = new KraftContext(settings, store, layout);
    this.mesos = new MesosCalls(driver, metrics);
    this.keeper = new ReservationKeeper(settings, store, mesos, clock);
    this.removals = new Removals(coordinator.ops(), mesos, clock);
    this.controllerRemoval = new ControllerRemoval(records, keeper, store);
    this.rollGate = new RollGate(kafka, clock);
    this.rollout = new ConfigurationRollout(settings, records, coordinator);
    this.offerHandler = new OfferHandler(settings, records, evaluator, keeper, mesos, metrics, coordinator,
        kraft);
    this.faultTicker = new FaultTicker(records, lost, keeper, removals, mesos, clock,
        settings.isKraft() ? io.kafkamesos.scheduler.kraft.KraftIdentity.quorumOf(settings, store.kraft())
            : null);
    this.operations = new BrokerOperations(settings, records, metrics, coordinator, faultTicker, removals,
        this::tick);
    metrics.gauges(() -> view.running(), () -> view.waiting());
  }

  /** Loads the stored broker records; call once before any event. */
  public void load() {
    records.load();
    keeper.load();
    kraft.load();
    LOG.info("Loaded {} node records of {}: {}", records.size(), settings.frameworkName(),
        records.values().stream().map(r -> r.describe() + "=" + r.state()).toList());
    rollout.start();
    publish(plan());
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
    rollGate.subscribed(records.values());
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
    offerHandler.handle(offers, frameworkId, plan());
    tick();
  }

  @Override
  public void rescinded(OfferID offerId) {
    LOG.debug("Offer {} rescinded", offerId.getValue());
  }

  @Override
  public void update(TaskStatus status) {
    handle(status);
    tick();
  }

  /**
   * {@link #update} without the re-plan that follows it: the event loop handles a run of status
   * updates this way and re-plans once after them ({@link EventLoop}), where a tick per update
   * made a cluster of 1,000 brokers re-plan 1,000 times over its 1,000 records at each wave of
   * status updates.
   */
  void handle(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    rollGate.reported(taskId);
    keeper.onStatus(status);
    var nodeTask = NodeTaskId.parse(taskId);
    BrokerRecord record = nodeTask.map(t -> records.get(t.nodeId()))
        .filter(r -> r.kind() == nodeTask.get().kind()).orElse(null);
    if (record == null) {
      if (!BrokerTransitions.isTerminal(status.getState())) {
        LOG.warn("Task {} is not a node of {} and is {}; killing it", taskId,
            settings.frameworkName(), status.getState());
        mesos.kill(status);
      }
    } else {
      StatusOutcome outcome = BrokerTransitions.onStatus(record, status, clock.instant());
      if (!outcome.record().equals(record)) {
        BrokerRecord after = outcome.record();
        if (after.state() == BrokerState.REMOVED && after.reservation() != null) {
          records.save(after.withReservation(null)); // the record lets go first, as in a replace
          keeper.abandon(after, "broker " + after.brokerId() + " removed");
          after = after.withReservation(null);
        } else {
          records.save(after);
        }
        if (after.state() == BrokerState.LOST && record.state() != BrokerState.LOST) {
          LOG.warn("{}", lost.describe(after, clock.instant()));
        }
        logTransition(record, outcome.record(), status);
      }
      if (outcome.killTask()) {
        LOG.warn("{}: task {} is {} but it no longer owns it; killing it",
            record.describe(), taskId, status.getState());
        mesos.kill(status);
      }
    }
    mesos.acknowledge(status);
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
    faultTicker.tick(faultView);
    rollout.tick(frameworkId != null && rollGate.confirmed());
    Plan plan = plan();
    if (frameworkId != null) {
      if (rollGate.confirmed() && coordinator.removingControllers()) {
        controllerRemoval.tick(); // a revert to ZooKeeper mode: Removals kills them
      }
      for (int id : plan.kill()) {
        BrokerRecord r = records.get(id);
        if (r.restart() == RestartMode.ROLLING && !rollGate.mayRollNext(r)) {
          continue;
        }
        if (layout.isController(id) && !quorumGate.mayRestart(id)) {
          continue; // the quorum would lose its majority: the restart waits
        }
        records.save(r.withState(BrokerState.KILLING));
        LOG.info("{}: killing task {} on {} for a restart ({})", r.describe(), r.taskId(), r.hostname(),
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

  /** The plan that rolls out the target configuration. */
  public PlanCoordinator coordinator() {
    return coordinator;
  }

  /**
   * Asks for a restart of one broker (kill now, relaunch) and answers the task id it will run as.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   */
  public List<String> restart(int brokerId) {
    return operations.restart(brokerId);
  }

  /**
   * Restarts a node whose certificate must be renewed, in the rolling way (one node at a time,
   * when the others run and the roll's rules allow): its next launch asks for a new certificate.
   *
   * @return whether the node restarts (asked now, or a restart was asked for already); false when
   *     it does not run now
   */
  public boolean renewCertificate(int nodeId, String reason) {
    return operations.renewCertificate(nodeId, reason);
  }

  /** Asks for a restart of every broker, one at a time; answers their new task ids. */
  public List<String> restartAll() {
    return operations.restartAll();
  }

  /**
   * What to launch, wait for and kill now: the planner's answer for every node, less the brokers
   * that wait for the controller quorum ({@link LaunchOrder}).
   */
  private Plan plan() {
    Plan plan = planner.plan(records.nodes(), records.asMap(), clock.instant());
    java.util.Map<Integer, String> held = LaunchOrder.held(layout, records.asMap(), plan.launch());
    heldBack = java.util.Set.copyOf(held.keySet());
    if (held.isEmpty()) {
      return plan;
    }
    offerHandler.held(held);
    return Plan.of(plan.launch().stream().filter(id -> !held.containsKey(id)).toList(),
        plan.backoff(), plan.kill());
  }

  private void reconcile() {
    lastReconcile = clock.instant();
    mesos.reconcile(records.values(), keeper.agentsToConfirm());
  }

  private void logTransition(BrokerRecord before, BrokerRecord after, TaskStatus status) {
    String who = Character.toUpperCase(after.describe().charAt(0)) + after.describe().substring(1);
    if (after.state() == BrokerState.FAILED) {
      metrics.taskFailures.inc();
      LOG.warn("{}: task {} ended ({}); relaunching after {} (failure {})", who,
          after.taskId(), after.lastStatus(), planner.relaunchAt(after), after.failures());
    } else if (before.state() != after.state()) {
      LOG.info("{}: {} -> {} ({})", who, before.state(), after.state(), after.lastStatus());
    }
  }

  private void publish(Plan plan) {
    java.util.Set<Integer> waiting = new java.util.HashSet<>(plan.launch());
    waiting.addAll(heldBack);
    view = SchedulerView.of(settings.brokerCount(), records.asMap(), offerHandler.waitReasons(waiting),
        plan.backoff());
    faultView = FaultPhases.of(view, removals.cluster(), keeper.abandoned(), lost, clock.instant());
  }

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
    return operations.replace(brokerId, force);
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
    return operations.remove(brokerId);
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
    return records.members();
  }

  /** The cluster's nodes by kind. */
  public ClusterLayout layout() {
    return layout;
  }

  /** The KRaft cluster's identity and initial quorum; empty in ZooKeeper mode. */
  public java.util.Optional<io.kafkamesos.scheduler.state.KraftState> kraftState() {
    return kraft.state();
  }

  /**
   * Asks for a restart of one controller; it is killed once the quorum check allows it (a majority
   * of the other voters caught up with the leader). Answers the task id it will run as.
   *
   * @throws BrokerNotFoundException when the cluster has no such controller
   */
  public List<String> restartController(int nodeId) {
    records.requireController(nodeId);
    return operations.restartNode(nodeId);
  }

  /**
   * Replaces a controller whose machine is gone: a new node on a new volume, which joins the
   * quorum; the scheduler then swaps it for the old voter. Answers the task id it will run as.
   *
   * @throws BrokerNotFoundException when the cluster has no such controller
   * @throws BrokerConflictException when its quorum is static, or it runs and {@code force} is false
   */
  public String replaceController(int nodeId, boolean force) {
    records.requireController(nodeId);
    return operations.replaceController(nodeId, force,
        kraft.state().map(io.kafkamesos.scheduler.state.KraftState::quorum).orElse(null));
  }
}
