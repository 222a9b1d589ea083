package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.state.PlanProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs a {@link PlanDefinition}: decides, from facts it is given, which node to restart next, when a
 * step is done and when a gate lets the plan on; the caller carries out the {@link Actions} and
 * keeps the {@link #progress()}. No I/O; the time comes in as an argument. Not thread-safe.
 *
 * <p>Launch phases start every step at once. The other phases run in order, each only once the one
 * before is complete. In a roll, one node at a time: the next is the lowest id among those whose
 * node is down (nothing to take down), else among the others, the phase's {@code last} node
 * (the active controller) last; a node is taken down only when the phase's {@link RollRules} allow
 * it; its step completes when it runs the phase's spec and the rules find nothing missing. A step
 * goes to ERROR when it is not complete within the step timeout, or when its node failed to start
 * {@value #FAILED_STARTS} times in a row since the step started; the plan then starts nothing more
 * until the step completes after all (its node runs the spec and is healthy) or the operator
 * restarts it. An interrupt lets the current step finish and starts no other (and holds gates).
 */
public final class Rollout {

  public static final String LAUNCH = "launch";
  public static final String RESTART = "restart";
  /** A KRaft cluster's controllers rolled onto the target, before the brokers' {@value #RESTART}. */
  public static final String CONTROLLERS = "controllers";
  /** A started step whose node failed to start this many times in a row goes to ERROR. */
  public static final int FAILED_STARTS = 3;

  /**
   * What the caller must do after a tick.
   *
   * @param restart brokers to take down now (one at most)
   * @param electLeaders brokers back in sync, whose preferred leaders to elect
   * @param relaunch brokers that are down and whose step now wants another spec than the one they
   *     failed on: relaunch them without waiting out the backoff they earned on that one
   */
  public record Actions(List<Integer> restart, List<Integer> electLeaders, List<Integer> relaunch) {
    public Actions {
      restart = List.copyOf(restart);
      electLeaders = List.copyOf(electLeaders);
      relaunch = List.copyOf(relaunch);
    }
  }

  private final PlanDefinition plan;
  private final Duration stepTimeout;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final Set<String> passedGates = new TreeSet<>();
  private final Set<String> startedPhases = new TreeSet<>();
  private final Set<String> completePhases = new TreeSet<>();
  /** Steps restored under way with a restart asked for: a lost mark on the broker is asked again. */
  private final Set<String> resumedRestarts = new TreeSet<>();
  private boolean interrupted;
  private String waiting = "";

  /**
   * @param restored how far the plan got before (a scheduler that took over), or
   *     {@link PlanProgress#NONE}
   */
  public Rollout(PlanDefinition plan, Duration stepTimeout, PlanProgress restored) {
    this.plan = Objects.requireNonNull(plan);
    this.stepTimeout = Objects.requireNonNull(stepTimeout);
    for (PhaseDefinition p : plan.phases()) {
      if (p instanceof PhaseDefinition.Launch l) {
        l.nodes().forEach(id -> add(Step.pending(stepId(l.name(), id), l.name(), id, who(l.rules(), id) + " is new")));
      } else if (p instanceof PhaseDefinition.Roll r) {
        r.nodes().forEach(id -> add(Step.pending(stepId(r.name(), id), r.name(), id, r.force()
            ? who(r.rules(), id) + " waits for its restart" : isTargetRoll(r.name())
            ? who(r.rules(), id) + " runs an older configuration"
            : who(r.rules(), id) + " waits to run " + r.spec().describe())));
      } else {
        add(Step.pending(p.name(), p.name(), -1, "waits for the phases before it"));
      }
    }
    restored.steps().forEach((id, record) -> {
      Step s = steps.get(id);
      if (s != null) {
        steps.put(id, new Step(id, s.phase(), s.brokerId(), StepStatus.valueOf(record.status()),
            record.message() == null ? "resumed by a new scheduler" : record.message(),
            record.startedMillis(), record.taskAtStart(), record.failuresAtStart()));
        if (record.taskAtStart() != null && StepStatus.valueOf(record.status()) == StepStatus.IN_PROGRESS) {
          resumedRestarts.add(id);
        }
      }
    });
    passedGates.addAll(restored.passedGates());
    startedPhases.addAll(restored.startedPhases());
    completePhases.addAll(restored.completePhases());
    interrupted = restored.interrupted();
  }

  private void add(Step step) {
    steps.put(step.id(), step);
  }

  static String stepId(String phase, int node) {
    return phase + "-" + node;
  }

  public PlanDefinition definition() {
    return plan;
  }

  public String targetId() {
    return plan.targetId();
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
    Tick t = new Tick(brokers, view, viewError, now);
    for (PhaseDefinition p : plan.phases()) {
      if (p instanceof PhaseDefinition.Launch l) {
        launch(l, t);
      }
    }
    waiting = "";
    for (PhaseDefinition p : plan.phases()) {
      if (p instanceof PhaseDefinition.Launch || completePhases.contains(p.name())) {
        continue;
      }
      boolean done = p instanceof PhaseDefinition.Roll r ? roll(r, t) : gate((PhaseDefinition.Gate) p, t);
      if (!done) {
        break;
      }
      completePhases.add(p.name());
    }
    if (steps.values().stream().allMatch(s -> s.status() == StepStatus.COMPLETE)) {
      // the tick whose last step completed closes every phase: a complete plan is not ticked again,
      // and what is stored must say its phases are done (a migration's, an upgrade's last roll)
      plan.phases().forEach(p -> completePhases.add(p.name()));
    }
    return new Actions(t.restart, t.elect, t.relaunch);
  }

  /** One tick's inputs and the actions it collects. */
  private record Tick(Map<Integer, BrokerFacts> brokers, Optional<ClusterView> view, String viewError,
      Instant now, List<Integer> restart, List<Integer> elect, List<Integer> relaunch) {
    Tick(Map<Integer, BrokerFacts> brokers, Optional<ClusterView> view, String viewError, Instant now) {
      this(brokers, view, viewError, now, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  private void launch(PhaseDefinition.Launch l, Tick t) {
    for (Step s : stepsOf(l.name())) {
      if (s.status() == StepStatus.COMPLETE) {
        continue;
      }
      if (s.status() == StepStatus.PENDING) {
        s = s.started(t.now.toEpochMilli(), null, failures(t, s.brokerId()), "launching " + who(l.rules(), s.brokerId()));
        steps.put(s.id(), s);
        startedPhases.add(l.name());
      }
      BrokerFacts f = t.brokers.get(s.brokerId());
      progress(s, specFor(s.brokerId(), f == null ? null : f.configId()), l.rules(), t);
    }
    if (stepsOf(l.name()).stream().allMatch(s -> s.status() == StepStatus.COMPLETE)) {
      completePhases.add(l.name());
    }
  }

  /** Moves a roll on; answers whether every step of it is complete. */
  private boolean roll(PhaseDefinition.Roll r, Tick t) {
    List<Step> own = stepsOf(r.name());
    boolean recovered = false;
    for (Step s : own) {
      if (s.status() == StepStatus.ERROR) {
        progress(s, r.spec(), r.rules(), t); // completes after all once its node is back
        recovered |= steps.get(s.id()).status() == StepStatus.COMPLETE;
      }
    }
    if (recovered) {
      return false; // the next step starts on the next tick, as after any step
    }
    Optional<Step> current = own.stream().filter(s -> s.status() == StepStatus.IN_PROGRESS).findFirst();
    if (current.isPresent()) {
      progress(current.get(), r.spec(), r.rules(), t);
      return false;
    }
    if (steps.values().stream().anyMatch(s -> s.status() == StepStatus.ERROR)) {
      waiting = "a step failed; the plan waits for the operator (restart the step to retry, or put"
          + " the previous configuration back)";
      return false;
    }
    List<Step> pending = stepsOf(r.name()).stream().filter(s -> s.status() == StepStatus.PENDING).toList();
    if (pending.isEmpty()) {
      return true;
    }
    if (interrupted) {
      waiting = "interrupted by the operator; continue to resume";
      return false;
    }
    Step step = next(pending, r.rules(), t);
    int id = step.brokerId();
    BrokerFacts f = t.brokers.get(id);
    if (f == null || !f.liveTask() || (f.runs(r.spec()) && !r.force())) {
      // it launches with the phase's spec anyway: only wait for it to be healthy
      Step started = step.started(t.now.toEpochMilli(), null, f == null ? 0 : f.failures(),
          "waiting for " + who(r.rules(), id) + " to run " + what(r) + " and be in sync");
      steps.put(step.id(), started);
      startedPhases.add(r.name());
      if (f != null && !f.runs(r.spec())) {
        t.relaunch.add(id);
      }
      progress(started, r.spec(), r.rules(), t);
      return false;
    }
    if (t.view.isEmpty()) {
      waiting = who(r.rules(), id) + " waits: Kafka's state cannot be read: " + t.viewError;
      steps.put(step.id(), step.message(waiting));
      return false;
    }
    Verdict verdict = r.rules().safety().check(id, t.view.get());
    if (!verdict.allowed()) {
      waiting = verdict.reason();
      steps.put(step.id(), step.message(verdict.reason()));
      return false;
    }
    startedPhases.add(r.name());
    steps.put(step.id(), step.started(t.now.toEpochMilli(), f.taskId(), 0, "restarting " + who(r.rules(), id)
        + " (" + r.reason() + ")"));
    t.restart.add(id);
    return false;
  }

  /** Lets the plan on, or says what the gate waits for; answers whether it let the plan on. */
  private boolean gate(PhaseDefinition.Gate g, Tick t) {
    Step s = steps.get(g.name());
    if (steps.values().stream().anyMatch(x -> x.status() == StepStatus.ERROR)) {
      waiting = "a step failed; the plan waits for the operator";
      return false;
    }
    String passedBy = null;
    if (passedGates.contains(g.name())) {
      passedBy = g.waitsForOperator() ? "continued by the operator" : "passed";
    } else if (interrupted) {
      waiting = "interrupted by the operator; continue to resume";
      steps.put(s.id(), s.with(StepStatus.WAITING, g.description() + " (interrupted)"));
      return false;
    } else if (g.waitsForOperator() && g.auto()) {
      passedBy = "passed by itself (automatic finalisation)";
    } else if (!g.waitsForOperator()) {
      if (t.view.isEmpty()) {
        waiting = g.name() + " waits: Kafka's state cannot be read: " + t.viewError;
        steps.put(s.id(), s.with(StepStatus.WAITING, waiting));
        return false;
      }
      Verdict v = g.condition().check(t.view.get());
      if (v.allowed()) {
        passedBy = "passed: " + g.description();
      } else {
        waiting = g.name() + " waits: " + v.reason();
        steps.put(s.id(), s.with(StepStatus.WAITING, waiting));
        return false;
      }
    }
    if (passedBy == null) {
      waiting = g.name() + ": " + g.description();
      steps.put(s.id(), s.with(StepStatus.WAITING, g.description()));
      return false;
    }
    passedGates.add(g.name());
    startedPhases.add(g.name());
    steps.put(s.id(), new Step(s.id(), s.phase(), -1, StepStatus.COMPLETE, g.name() + " " + passedBy,
        s.startedMillis() == 0 ? t.now.toEpochMilli() : s.startedMillis(), null, 0));
    return true;
  }

  /** The next step: a node that is down first, then the lowest id, the rules' last node last. */
  private static Step next(List<Step> pending, RollRules rules, Tick t) {
    int last = t.view.map(v -> rules.last().of(v)).orElse(-1);
    return pending.stream().min(Comparator
        .comparing((Step s) -> {
          BrokerFacts f = t.brokers.get(s.brokerId());
          return f != null && f.liveTask();
        })
        .thenComparing(s -> s.brokerId() == last)
        .thenComparingInt(Step::brokerId)).orElseThrow();
  }

  /** Completes, fails or re-describes a started step (or one in ERROR, which only completes). */
  private void progress(Step step, NodeSpec spec, RollRules rules, Tick t) {
    int id = step.brokerId();
    BrokerFacts f = t.brokers.get(id);
    String missing = missing(step, f, spec, rules, t);
    if (missing.isEmpty()) {
      steps.put(step.id(), step.with(StepStatus.COMPLETE, who(rules, id) + " runs "
          + (spec.equals(plan.finalSpec()) && isTargetPhase(step) ? "target " + plan.targetId()
              : spec.describe()) + " and is in sync"));
      if (step.taskAtStart() != null && rules.electsLeaders()) {
        t.elect.add(id);
      }
      return;
    }
    if (step.status() == StepStatus.ERROR) {
      return;
    }
    if (resumedRestarts.contains(step.id()) && f != null && f.running()
        && step.taskAtStart().equals(f.taskId()) && t.view.isPresent()
        && rules.safety().check(id, t.view.get()).allowed()) {
      // asked for before a scheduler failover that lost the mark on the broker: ask once more
      resumedRestarts.remove(step.id());
      t.restart.add(id);
    }
    if (f != null && !f.liveTask() && f.failures() - step.failuresAtStart() >= FAILED_STARTS
        && !Objects.equals(f.taskId(), step.taskAtStart())) {
      steps.put(step.id(), step.with(StepStatus.ERROR, who(rules, id) + " failed to start on "
          + spec.describe() + " " + (f.failures() - step.failuresAtStart()) + " times in a row: "
          + (f.lastStatus() == null ? "no status" : f.lastStatus())));
      return;
    }
    Duration taken = Duration.between(Instant.ofEpochMilli(step.startedMillis()), t.now);
    if (taken.compareTo(stepTimeout) > 0) {
      steps.put(step.id(), step.with(StepStatus.ERROR, who(rules, id) + " did not become healthy within "
          + stepTimeout.toSeconds() + " s: " + missing));
    } else {
      steps.put(step.id(), step.message("waiting for " + who(rules, id) + ": " + missing));
    }
  }

  private static boolean isTargetPhase(Step step) {
    return isTargetRoll(step.phase()) || step.phase().equals(LAUNCH);
  }

  /** The rolls onto the target's own configuration: the controllers', then the brokers'. */
  private static boolean isTargetRoll(String phase) {
    return phase.equals(RESTART) || phase.equals(CONTROLLERS);
  }

  private static String what(PhaseDefinition.Roll r) {
    return isTargetRoll(r.name()) ? "the target configuration" : r.spec().describe();
  }

  /** How messages name the node: {@code broker 0}, {@code controller 3001}. */
  private static String who(RollRules rules, int id) {
    return rules.noun() + " " + id;
  }

  private static int failures(Tick t, int id) {
    BrokerFacts f = t.brokers.get(id);
    return f == null ? 0 : f.failures();
  }

  /** What keeps a started step from completing; empty when nothing does. */
  private static String missing(Step step, BrokerFacts f, NodeSpec spec, RollRules rules, Tick t) {
    if (f == null || !f.running()) {
      return "its task is not running yet";
    }
    if (step.taskAtStart() != null && step.taskAtStart().equals(f.taskId())) {
      return "its old task " + f.taskId() + " has not been restarted yet";
    }
    if (!f.runs(spec)) {
      return isTargetPhase(step) ? "it runs an older configuration"
          : "it does not run " + spec.describe() + " yet";
    }
    if (t.view.isEmpty()) {
      return "Kafka's state cannot be read: " + t.viewError;
    }
    return rules.health().missing(step.brokerId(), t.view.get());
  }

  /** Whether the node's step of {@code phase} has started (or is done). */
  public boolean stepStarted(String phase, int node) {
    Step s = steps.get(stepId(phase, node));
    return s != null && s.status() != StepStatus.PENDING;
  }

  /**
   * The spec a node is launched with now: that of the latest roll whose step for it has started;
   * else what it runs ({@code configId}) when the plan knows that spec (a node not rolled yet
   * relaunches as it was); else that of the plan's position (the roll under way, or before a gate
   * the roll before it).
   */
  public NodeSpec specFor(int node, String configId) {
    List<PhaseDefinition.Roll> rolls = plan.rolls();
    for (int i = rolls.size() - 1; i >= 0; i--) {
      Step s = steps.get(stepId(rolls.get(i).name(), node));
      if (s != null && s.status() != StepStatus.PENDING) {
        return rolls.get(i).spec();
      }
    }
    if (configId != null && plan.knownSpecs().containsKey(configId)) {
      return plan.knownSpecs().get(configId);
    }
    return positionSpec();
  }

  /** The spec of the roll under way; at a gate, of the roll before it; when done, the last one. */
  public NodeSpec positionSpec() {
    NodeSpec before = null;
    for (PhaseDefinition p : plan.phases()) {
      if (p instanceof PhaseDefinition.Roll r) {
        if (!completePhases.contains(r.name())) {
          return r.spec();
        }
        before = r.spec();
      } else if (p instanceof PhaseDefinition.Gate && !completePhases.contains(p.name())) {
        return before != null ? before : plan.rolls().get(0).spec();
      }
    }
    return plan.finalSpec();
  }

  /** The phase the plan is at: the first one not complete (launch phases aside), if any. */
  public Optional<PhaseDefinition> activePhase() {
    return plan.phases().stream().filter(p -> !(p instanceof PhaseDefinition.Launch))
        .filter(p -> !completePhases.contains(p.name())).findFirst();
  }

  /**
   * Lets the operator's gate the plan is at pass ({@code plan continue}); answers its name, or
   * empty when the plan is not at such a gate.
   */
  public Optional<String> passGate() {
    Optional<PhaseDefinition> at = activePhase()
        .filter(p -> p instanceof PhaseDefinition.Gate g && g.waitsForOperator());
    at.ifPresent(p -> passedGates.add(p.name()));
    return at.map(PhaseDefinition::name);
  }

  /** Whether a phase of it has started. */
  public boolean started(String phase) {
    return startedPhases.contains(phase);
  }

  public boolean phaseComplete(String phase) {
    return completePhases.contains(phase);
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
   * Retries a step in ERROR: a roll step goes back to PENDING (it is taken up again, with the
   * rules), a launch step gets a new timeout; either counts its node's failures afresh.
   *
   * @throws NoSuchElementException when the plan has no such step
   * @throws IllegalStateException when the step is not in ERROR
   */
  public Step retry(String stepId, Instant now, int failuresNow) {
    Step s = steps.get(stepId);
    if (s == null) {
      throw new NoSuchElementException("the plan has no step " + stepId + "; its steps are "
          + steps.keySet());
    }
    if (s.status() != StepStatus.ERROR) {
      throw new IllegalStateException("step " + stepId + " is " + s.status()
          + "; only a step in ERROR can be restarted" + (s.gate() ? " (a gate waits for plan continue)" : ""));
    }
    Step retried = s.phase().equals(LAUNCH)
        ? s.started(now.toEpochMilli(), null, failuresNow, "retried by the operator")
        : Step.pending(s.id(), s.phase(), s.brokerId(), "retried by the operator");
    steps.put(stepId, retried);
    return retried;
  }

  public List<Step> steps() {
    return List.copyOf(steps.values());
  }

  /** The steps of one phase, in order. */
  public List<Step> stepsOf(String phase) {
    return steps.values().stream().filter(s -> s.phase().equals(phase)).toList();
  }

  /** How far the plan got, to store: what a scheduler that takes over resumes from. */
  public PlanProgress progress() {
    Map<String, PlanProgress.StepRecord> kept = new TreeMap<>();
    steps.forEach((id, s) -> {
      if (s.status() != StepStatus.PENDING) {
        boolean keepMessage = s.status() == StepStatus.ERROR || s.status() == StepStatus.COMPLETE;
        kept.put(id, new PlanProgress.StepRecord(s.status().name(), keepMessage ? s.message() : null,
            s.startedMillis(), s.taskAtStart(), s.failuresAtStart()));
      }
    });
    return new PlanProgress(interrupted, passedGates, startedPhases, completePhases, kept);
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
