package io.kafkamesos.scheduler.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan that brings the cluster to a target configuration: a {@code launch} phase (one step per
 * new broker) and a {@code restart} phase (one step per broker that runs an older configuration).
 * It decides, from facts it is given, which broker to restart next and when a step is done; the
 * caller carries out the {@link Actions}. No I/O; the time comes in as an argument. Not thread-safe.
 *
 * <p>Restarts go one broker at a time, the active controller last. A broker is taken down only when
 * the {@link SafetyRule} allows it; its step completes when it runs the target configuration, is
 * registered, in every ISR it belongs to, and no partition is under-replicated. A step that is not
 * complete within the step timeout goes to ERROR and the plan starts nothing more until the operator
 * restarts the step. An interrupt lets the current step finish and starts no other.
 */
public final class Rollout {

  public static final String LAUNCH = "launch";
  public static final String RESTART = "restart";

  /** What the caller must do after a tick. */
  public record Actions(List<Integer> restart, List<Integer> electLeaders) {
    public Actions {
      restart = List.copyOf(restart);
      electLeaders = List.copyOf(electLeaders);
    }
  }

  private final String targetId;
  private final String reason;
  private final Duration stepTimeout;
  /** Restart every broker of the restart phase, even one that runs the target already. */
  private final boolean force;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private boolean interrupted;
  private String waiting = "";

  /**
   * @param targetId the target configuration the plan rolls out
   * @param reason why brokers restart (kept as their last restart reason)
   * @param launch brokers the target adds
   * @param restart brokers that run an older configuration
   */
  public Rollout(String targetId, String reason, List<Integer> launch, List<Integer> restart,
      Duration stepTimeout) {
    this(targetId, reason, launch, restart, stepTimeout, false);
  }

  /**
   * A plan that restarts the brokers of {@code restart} whatever they run ({@code force}: a restart
   * the operator asked for), with the same safety as a configuration roll.
   */
  public Rollout(String targetId, String reason, List<Integer> launch, List<Integer> restart,
      Duration stepTimeout, boolean force) {
    this.force = force;
    this.targetId = Objects.requireNonNull(targetId);
    this.reason = Objects.requireNonNull(reason);
    this.stepTimeout = Objects.requireNonNull(stepTimeout);
    for (int id : launch) {
      steps.put(LAUNCH + "-" + id, new Step(LAUNCH + "-" + id, LAUNCH, id, StepStatus.PENDING,
          "broker " + id + " is new", 0, null));
    }
    for (int id : restart) {
      steps.put(RESTART + "-" + id, new Step(RESTART + "-" + id, RESTART, id, StepStatus.PENDING,
          force ? "broker " + id + " waits for its restart" : "broker " + id
              + " runs an older configuration", 0, null));
    }
  }

  public String targetId() {
    return targetId;
  }

  public String reason() {
    return reason;
  }

  /**
   * Moves the plan on.
   *
   * @param brokers the scheduler's facts by broker id
   * @param view what Kafka reports, or empty when it cannot be read (nothing is started then)
   * @param viewError why the view is missing
   */
  public Actions tick(Map<Integer, BrokerFacts> brokers, Optional<ClusterView> view, String viewError,
      Instant now) {
    List<Integer> restart = new ArrayList<>();
    List<Integer> elect = new ArrayList<>();
    for (Step s : List.copyOf(steps.values())) {
      if (s.phase().equals(LAUNCH) && s.status() != StepStatus.COMPLETE && s.status() != StepStatus.ERROR) {
        if (s.status() == StepStatus.PENDING) {
          s = s.started(now.toEpochMilli(), null, "launching broker " + s.brokerId());
        }
        progress(s, brokers, view, viewError, now, elect);
      }
    }
    Optional<Step> current = steps.values().stream()
        .filter(s -> s.phase().equals(RESTART) && s.status() == StepStatus.IN_PROGRESS).findFirst();
    if (current.isPresent()) {
      progress(current.get(), brokers, view, viewError, now, elect);
      waiting = "";
      return new Actions(restart, elect);
    }
    if (steps.values().stream().anyMatch(s -> s.status() == StepStatus.ERROR)) {
      waiting = "a step failed; the plan waits for the operator (restart the step to retry)";
      return new Actions(restart, elect);
    }
    if (interrupted) {
      waiting = "interrupted by the operator; continue to resume";
      return new Actions(restart, elect);
    }
    Optional<Step> next = nextRestart(view.map(ClusterView::controller).orElse(-1));
    if (next.isEmpty()) {
      waiting = "";
      return new Actions(restart, elect);
    }
    Step step = next.get();
    int id = step.brokerId();
    BrokerFacts facts = brokers.get(id);
    if (facts == null || !facts.liveTask() || (facts.runsTarget() && !force)) {
      // it launches with the target configuration anyway: only wait for it to be healthy
      Step started = step.started(now.toEpochMilli(), null, "waiting for broker " + id
          + " to run the target configuration and be in sync");
      steps.put(step.id(), started);
      progress(started, brokers, view, viewError, now, elect);
      waiting = "";
      return new Actions(restart, elect);
    }
    if (view.isEmpty()) {
      waiting = "broker " + id + " waits: Kafka's state cannot be read: " + viewError;
      steps.put(step.id(), step.message(waiting));
      return new Actions(restart, elect);
    }
    Verdict verdict = SafetyRule.canRestart(id, view.get());
    if (!verdict.allowed()) {
      waiting = verdict.reason();
      steps.put(step.id(), step.message(verdict.reason()));
      return new Actions(restart, elect);
    }
    waiting = "";
    steps.put(step.id(), step.started(now.toEpochMilli(), facts.taskId(), "restarting broker " + id
        + " (" + reason + ")"));
    restart.add(id);
    return new Actions(restart, elect);
  }

  /** Completes, fails or re-describes a started step. */
  private void progress(Step step, Map<Integer, BrokerFacts> brokers, Optional<ClusterView> view,
      String viewError, Instant now, List<Integer> elect) {
    String missing = missing(step, brokers.get(step.brokerId()), view, viewError);
    if (missing.isEmpty()) {
      steps.put(step.id(), step.with(StepStatus.COMPLETE, "broker " + step.brokerId()
          + " runs target " + targetId + " and is in sync"));
      if (step.taskAtStart() != null) {
        elect.add(step.brokerId());
      }
      return;
    }
    Duration taken = Duration.between(Instant.ofEpochMilli(step.startedMillis()), now);
    if (taken.compareTo(stepTimeout) > 0) {
      steps.put(step.id(), step.with(StepStatus.ERROR, "broker " + step.brokerId()
          + " did not become healthy within " + stepTimeout.toSeconds() + " s: " + missing));
    } else {
      steps.put(step.id(), step.message("waiting for broker " + step.brokerId() + ": " + missing));
    }
  }

  /** What keeps a started step from completing; empty when nothing does. */
  private static String missing(Step step, BrokerFacts facts, Optional<ClusterView> view, String viewError) {
    int id = step.brokerId();
    if (facts == null || !facts.running()) {
      return "its task is not running yet";
    }
    if (step.taskAtStart() != null && step.taskAtStart().equals(facts.taskId())) {
      return "its old task " + facts.taskId() + " has not been restarted yet";
    }
    if (!facts.runsTarget()) {
      return "it runs an older configuration";
    }
    if (view.isEmpty()) {
      return "Kafka's state cannot be read: " + viewError;
    }
    ClusterView v = view.get();
    if (!v.registered().contains(id)) {
      return "it is not registered in Kafka yet";
    }
    List<String> lagging = v.laggingOn(id).stream().map(ClusterView.PartitionState::name).toList();
    if (!lagging.isEmpty()) {
      return "it is not yet in the ISR of " + lagging.size() + " partition(s), e.g. " + lagging.get(0);
    }
    long under = v.underReplicated();
    if (under > 0) {
      return under + " partition(s) are under-replicated";
    }
    return "";
  }

  /** The next restart step: lowest broker id first, the active controller last. */
  private Optional<Step> nextRestart(int controller) {
    List<Step> pending = steps.values().stream()
        .filter(s -> s.phase().equals(RESTART) && s.status() == StepStatus.PENDING).toList();
    return pending.stream().filter(s -> s.brokerId() != controller).findFirst()
        .or(() -> pending.stream().findFirst());
  }

  /** Lets the current step finish, then starts no other until {@link #resume()}. */
  public void interrupt() {
    interrupted = true;
  }

  public void resume() {
    interrupted = false;
  }

  public boolean interrupted() {
    return interrupted;
  }

  /**
   * Retries a step in ERROR: a restart step goes back to PENDING (it is taken up again, with the
   * safety rule), a launch step gets a new timeout.
   *
   * @throws java.util.NoSuchElementException when the plan has no such step
   * @throws IllegalStateException when the step is not in ERROR
   */
  public Step retry(String stepId, Instant now) {
    Step s = steps.get(stepId);
    if (s == null) {
      throw new java.util.NoSuchElementException("the plan has no step " + stepId + "; its steps are "
          + steps.keySet());
    }
    if (s.status() != StepStatus.ERROR) {
      throw new IllegalStateException("step " + stepId + " is " + s.status()
          + "; only a step in ERROR can be restarted");
    }
    Step retried = s.phase().equals(LAUNCH)
        ? s.started(now.toEpochMilli(), null, "retried by the operator")
        : new Step(s.id(), s.phase(), s.brokerId(), StepStatus.PENDING, "retried by the operator", 0, null);
    steps.put(stepId, retried);
    return retried;
  }

  public List<Step> steps() {
    return List.copyOf(steps.values());
  }

  /** The plan's overall status: ERROR, IN_PROGRESS, WAITING, INTERRUPTED or COMPLETE. */
  public String status() {
    List<Step> all = steps();
    if (all.stream().anyMatch(s -> s.status() == StepStatus.ERROR)) {
      return "ERROR";
    }
    if (all.stream().allMatch(s -> s.status() == StepStatus.COMPLETE)) {
      return "COMPLETE";
    }
    if (all.stream().anyMatch(s -> s.status() == StepStatus.IN_PROGRESS)) {
      return "IN_PROGRESS";
    }
    return interrupted ? "INTERRUPTED" : "WAITING";
  }

  /** Why the plan does not move, or "" when it does (or is done). */
  public String waiting() {
    return waiting;
  }

  public boolean complete() {
    return status().equals("COMPLETE");
  }
}
