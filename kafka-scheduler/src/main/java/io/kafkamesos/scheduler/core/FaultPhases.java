package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.LostBrokers;
import io.kafkamesos.scheduler.plan.RemovalRule;
import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lost, replaced and removed brokers as plan phases ({@code lost}, {@code replace}, {@code remove}),
 * shown in {@code /v1/plan} beside the configuration plan. Pure.
 */
public final class FaultPhases {

  /**
   * @param phases the phases with at least one step
   * @param lost one line per lost broker (what it waits for)
   * @param orphans reservations labelled with the cluster that no broker owns
   * @param abandoned reservations given up, waiting for their agent to be released
   */
  public record View(List<PlanView.Phase> phases, List<String> lost, List<Orphan> orphans,
      List<AbandonedReservation> abandoned) {
    public static final View EMPTY = new View(List.of(), List.of(), List.of(), List.of());

    public View {
      phases = List.copyOf(phases);
      lost = List.copyOf(lost);
      orphans = List.copyOf(orphans);
      abandoned = List.copyOf(abandoned);
    }
  }

  private FaultPhases() {
  }

  /**
   * @param cluster the latest read of Kafka's partitions, or null
   */
  static View of(SchedulerView view, ClusterView cluster, List<AbandonedReservation> abandoned,
      LostBrokers lost, Instant now) {
    List<PlanView.StepInfo> lostSteps = new ArrayList<>();
    List<PlanView.StepInfo> replaceSteps = new ArrayList<>();
    List<PlanView.StepInfo> removeSteps = new ArrayList<>();
    List<String> lostLines = new ArrayList<>();
    for (BrokerRecord r : view.records().values()) {
      int id = r.brokerId();
      if (r.state() == BrokerState.LOST) {
        String line = lost.describe(r, now);
        lostLines.add(line);
        lostSteps.add(new PlanView.StepInfo("lost-" + id, id, "WAITING", line));
      }
      if (r.lastRestartReason() != null && r.lastRestartReason().startsWith("replaced")
          && r.state() != BrokerState.REMOVED && r.state() != BrokerState.REMOVING) {
        replaceSteps.add(replaceStep(r, cluster));
      }
      if (r.state() == BrokerState.REMOVING || r.state() == BrokerState.REMOVED) {
        removeSteps.add(removeStep(r, cluster, abandoned));
      }
    }
    List<PlanView.Phase> phases = new ArrayList<>();
    add(phases, "lost", lostSteps);
    add(phases, "replace", replaceSteps);
    add(phases, "remove", removeSteps);
    return new View(phases, lostLines, List.of(), abandoned);
  }

  private static PlanView.StepInfo replaceStep(BrokerRecord r, ClusterView cluster) {
    int id = r.brokerId();
    String step = "replace-" + id;
    if (r.state() != BrokerState.RUNNING) {
      return new PlanView.StepInfo(step, id, "IN_PROGRESS", "broker " + id + " is " + r.state()
          + " (" + r.lastRestartReason() + ")");
    }
    if (cluster == null || !cluster.registered().contains(id)) {
      return new PlanView.StepInfo(step, id, "IN_PROGRESS", "broker " + id + " runs on " + r.hostname()
          + "; waiting for it to register in Kafka");
    }
    List<ClusterView.PartitionState> lagging = cluster.laggingOn(id);
    if (!lagging.isEmpty()) {
      return new PlanView.StepInfo(step, id, "IN_PROGRESS", "broker " + id + " on " + r.hostname()
          + " catches up: not yet in the ISR of " + lagging.size() + " partitions");
    }
    return new PlanView.StepInfo(step, id, "COMPLETE", "broker " + id + " runs on " + r.hostname()
        + " and is in the ISR of each of its partitions");
  }

  private static PlanView.StepInfo removeStep(BrokerRecord r, ClusterView cluster,
      List<AbandonedReservation> abandoned) {
    int id = r.brokerId();
    String step = "remove-" + id;
    if (r.state() == BrokerState.REMOVING) {
      long left = cluster == null ? -1 : RemovalRule.replicasOn(id, cluster.partitions());
      String message = left != 0
          ? "moving " + (left < 0 ? "its" : left) + " partition replicas off broker " + id
          : "broker " + id + " holds no replica; stopping it";
      return new PlanView.StepInfo(step, id, "IN_PROGRESS", message);
    }
    List<AbandonedReservation> held = abandoned.stream().filter(a -> a.brokerId() == id).toList();
    if (!held.isEmpty()) {
      return new PlanView.StepInfo(step, id, "IN_PROGRESS", "broker " + id + " stopped; releasing its "
          + "reservation and volume on " + held.get(0).hostname() + " when that agent offers them");
    }
    return new PlanView.StepInfo(step, id, "COMPLETE", "broker " + id + " removed; its resources are released");
  }

  private static void add(List<PlanView.Phase> phases, String name, List<PlanView.StepInfo> steps) {
    if (steps.isEmpty()) {
      return;
    }
    boolean done = steps.stream().allMatch(s -> "COMPLETE".equals(s.status()));
    boolean waiting = steps.stream().allMatch(s -> "WAITING".equals(s.status()));
    phases.add(new PlanView.Phase(name, done ? "COMPLETE" : waiting ? "WAITING" : "IN_PROGRESS", steps));
  }
}
