package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.BrokerFacts;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.Rollout;
import io.kafkamesos.scheduler.plan.Step;
import io.kafkamesos.scheduler.plan.StepStatus;
import io.kafkamesos.scheduler.settings.DynamicBrokerConfigs;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import io.kafkamesos.scheduler.state.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around a {@link Rollout}: builds it from the target and the broker records when the
 * scheduler loads, feeds it facts from the records and from Kafka on every tick, applies dynamic
 * broker configs, runs preferred leader elections, and publishes a {@link PlanView}. Runs on the
 * scheduler's event loop; {@link #view()} is safe from any thread.
 */
public final class PlanCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(PlanCoordinator.class);
  private static final Duration DYNAMIC_RETRY = Duration.ofSeconds(30);

  private final TargetResolver.Resolution resolution;
  private final ClusterOps ops;
  private final PlanSettings planSettings;
  private final Clock clock;
  private SchedulerSettings settings;
  private Rollout rollout;
  private String reason;
  private Map<String, String> dynamicSet = Map.of();
  private Set<String> dynamicRemoved = Set.of();
  private Instant nextDynamicTry = Instant.EPOCH;
  private String dynamicProblem;
  private String lastWaiting = "";
  private volatile PlanView view = PlanView.NONE;

  public PlanCoordinator(TargetResolver.Resolution resolution, ClusterOps ops, PlanSettings planSettings,
      Clock clock) {
    this.resolution = Objects.requireNonNull(resolution);
    this.ops = Objects.requireNonNull(ops);
    this.planSettings = Objects.requireNonNull(planSettings);
    this.clock = Objects.requireNonNull(clock);
  }

  public String targetId() {
    return resolution.target().id();
  }

  /** Why brokers restart in this plan. */
  public String restartReason() {
    return reason == null ? targetReason() : reason;
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
   * Replaces the plan with one that restarts every broker, one at a time, with the same safety
   * ({@code PUT /v1/brokers}). A configuration roll under way is covered: each relaunch takes the
   * target configuration.
   */
  public void restartAll(Map<Integer, BrokerRecord> records) {
    List<Integer> launch = new ArrayList<>();
    List<Integer> restart = new ArrayList<>();
    for (int id = 0; id < settings.brokerCount(); id++) {
      BrokerRecord r = records.get(id);
      if (leaving(r)) {
        continue; // removed, or being removed: not part of a restart
      }
      (r == null || r.configId() == null ? launch : restart).add(id);
    }
    reason = "restart requested";
    rollout = new Rollout(targetId(), reason, launch, restart, planSettings.stepTimeout(), true);
    LOG.info("Plan of target {} replaced by a restart of brokers {}", targetId(), restart);
    publish(records);
  }

  /**
   * Builds the plan from the records; answers the records to store (brokers that already run the
   * target's broker configuration are noted as running the target).
   */
  public List<BrokerRecord> start(SchedulerSettings current, Map<Integer, BrokerRecord> records) {
    this.settings = Objects.requireNonNull(current);
    String digest = current.brokerConfigId();
    List<Integer> launch = new ArrayList<>();
    List<Integer> restart = new ArrayList<>();
    List<BrokerRecord> updated = new ArrayList<>();
    for (int id = 0; id < current.brokerCount(); id++) {
      BrokerRecord r = records.get(id);
      if (leaving(r)) {
        continue;
      }
      if (r == null || r.configId() == null) {
        launch.add(id);
      } else if (!digest.equals(r.configId())) {
        restart.add(id);
      } else if (!targetId().equals(r.targetId())) {
        updated.add(r.withTargetId(targetId()));
      }
    }
    reason = null;
    rollout = new Rollout(targetId(), targetReason(), launch, restart, planSettings.stepTimeout());
    dynamicSet = DynamicBrokerConfigs.dynamicPart(current.overrides());
    dynamicRemoved = resolution.refusal() == null ? resolution.change().dynamicRemoved() : Set.of();
    LOG.info("Plan for target {}: launch brokers {}, restart brokers {}{}", targetId(), launch, restart,
        resolution.refusal() == null ? "" : "; refused configuration: " + resolution.refusal());
    publish(records);
    return updated;
  }

  /**
   * Moves the plan on; answers the brokers to restart now (one at most).
   *
   * @param mayAct whether the scheduler is subscribed and Mesos confirmed its tasks
   */
  public List<Integer> tick(Map<Integer, BrokerRecord> records, boolean mayAct) {
    if (rollout == null) {
      return List.of();
    }
    List<Integer> restart = List.of();
    boolean needsKafka = !rollout.complete() || !dynamicSet.isEmpty() || !dynamicRemoved.isEmpty();
    if (mayAct && needsKafka) {
      Optional<ClusterView> cluster;
      String error = "";
      try {
        cluster = Optional.of(ops.view(brokerIds(records)));
      } catch (RuntimeException e) {
        cluster = Optional.empty();
        error = e.getMessage();
      }
      Rollout.Actions actions = rollout.tick(facts(records), cluster, error, clock.instant());
      restart = actions.restart();
      restart.forEach(id -> LOG.info("Broker {}: restarting for {}", id, restartReason()));
      for (int id : actions.electLeaders()) {
        ops.electPreferredLeaders(id);
      }
      if (!rollout.waiting().equals(lastWaiting)) {
        lastWaiting = rollout.waiting();
        if (!lastWaiting.isEmpty()) {
          LOG.info("Plan of target {} waits: {}", targetId(), lastWaiting);
        }
      }
      cluster.ifPresent(c -> applyDynamic(c, records));
    }
    publish(records);
    return restart;
  }

  /**
   * Applies the pending dynamic configs once every broker runs and is registered: a call while
   * some broker is away only waits for it on the scheduler's thread, holding up everything else.
   */
  private void applyDynamic(ClusterView cluster, Map<Integer, BrokerRecord> records) {
    if ((dynamicSet.isEmpty() && dynamicRemoved.isEmpty()) || clock.instant().isBefore(nextDynamicTry)) {
      return;
    }
    Set<Integer> members = brokerIds(records);
    boolean allUp = members.stream().allMatch(id -> records.get(id) != null
        && records.get(id).state() == BrokerState.RUNNING && cluster.registered().contains(id));
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

  public void interrupt() {
    requireRollout().interrupt();
    LOG.info("Plan of target {} interrupted by the operator", targetId());
  }

  public void resume() {
    requireRollout().resume();
    LOG.info("Plan of target {} continued by the operator", targetId());
  }

  /** @see Rollout#retry */
  public Step retry(String stepId) {
    Step step = requireRollout().retry(stepId, clock.instant());
    LOG.info("Broker {}: step {} retried by the operator", step.brokerId(), stepId);
    return step;
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
  private Set<Integer> brokerIds(Map<Integer, BrokerRecord> records) {
    Set<Integer> ids = new TreeSet<>();
    IntStream.range(0, settings.brokerCount()).filter(id -> !leaving(records.get(id))).forEach(ids::add);
    return ids;
  }

  private static boolean leaving(BrokerRecord r) {
    return r != null && (r.state() == BrokerState.REMOVED || r.state() == BrokerState.REMOVING);
  }

  private Map<Integer, BrokerFacts> facts(Map<Integer, BrokerRecord> records) {
    String digest = settings.brokerConfigId();
    Map<Integer, BrokerFacts> facts = new HashMap<>();
    for (BrokerRecord r : records.values()) {
      facts.put(r.brokerId(), new BrokerFacts(r.brokerId(), r.state().hasLiveTask(),
          r.state() == BrokerState.RUNNING && r.restart() == RestartMode.NONE,
          digest.equals(r.configId()), r.taskId()));
    }
    return facts;
  }

  private void publish(Map<Integer, BrokerRecord> records) {
    Target t = resolution.target();
    var target = new PlanView.TargetInfo(t.id(), Instant.ofEpochMilli(t.createdMillis()).toString(),
        t.previousId(), t.changes());
    Map<String, List<PlanView.StepInfo>> byPhase = new LinkedHashMap<>();
    byPhase.put(Rollout.LAUNCH, new ArrayList<>());
    byPhase.put(Rollout.RESTART, new ArrayList<>());
    List<String> errors = new ArrayList<>();
    for (Step s : rollout.steps()) {
      byPhase.get(s.phase()).add(PlanView.StepInfo.of(s));
      if (s.status() == StepStatus.ERROR) {
        errors.add(s.id() + ": " + s.message());
      }
    }
    if (dynamicProblem != null) {
      errors.add("dynamic broker configs not applied yet: " + dynamicProblem);
    }
    List<PlanView.Phase> phases = new ArrayList<>();
    byPhase.forEach((name, steps) -> phases.add(new PlanView.Phase(name, phaseStatus(steps), steps)));
    String digest = settings.brokerConfigId();
    Map<Integer, PlanView.BrokerInfo> brokers = new TreeMap<>();
    for (BrokerRecord r : records.values()) {
      brokers.put(r.brokerId(), new PlanView.BrokerInfo(r.state().name(), r.targetId(),
          digest.equals(r.configId()), r.lastRestartReason()));
    }
    String message = !rollout.waiting().isEmpty() ? rollout.waiting()
        : rollout.complete() ? "every broker runs target " + t.id()
        : "rolling out target " + t.id();
    view = new PlanView(rollout.status(), message, target, resolution.refusal(), rollout.interrupted(),
        phases, errors, brokers);
  }

  private static String phaseStatus(List<PlanView.StepInfo> steps) {
    List<String> states = steps.stream().map(PlanView.StepInfo::status).toList();
    if (states.contains("ERROR")) {
      return "ERROR";
    }
    if (states.stream().allMatch("COMPLETE"::equals)) {
      return "COMPLETE";
    }
    return states.contains("IN_PROGRESS") ? "IN_PROGRESS" : "PENDING";
  }
}
