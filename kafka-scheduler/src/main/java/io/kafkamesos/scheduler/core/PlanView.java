package io.kafkamesos.scheduler.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kafkamesos.scheduler.plan.Step;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/plan} answers: the target in force, a refusal if any, the plan's phases and
 * steps, and what each broker runs.
 *
 * @param status COMPLETE, IN_PROGRESS, WAITING, INTERRUPTED or ERROR
 * @param message why the plan does not move, or what it does
 * @param target the target in force
 * @param refusal why the environment's configuration was refused, or null
 * @param phases the plan's phases in order
 * @param errors the messages of steps in ERROR
 * @param brokers what each broker runs and why it last restarted
 */
public record PlanView(String status, String message, TargetInfo target, String refusal,
    boolean interrupted, List<Phase> phases, List<String> errors, Map<Integer, BrokerInfo> brokers) {

  public static final PlanView NONE = new PlanView("COMPLETE", "no plan yet", null, null, false,
      List.of(), List.of(), Map.of());

  /**
   * This view with {@code extra} phases after its own (lost, replaced and removed brokers); the
   * status says IN_PROGRESS while one of them is not complete and the plan itself is.
   */
  public PlanView withPhases(List<Phase> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<Phase> all = new java.util.ArrayList<>(phases);
    all.addAll(extra);
    boolean busy = extra.stream().anyMatch(p -> !"COMPLETE".equals(p.status()));
    String newStatus = busy && "COMPLETE".equals(status) ? "IN_PROGRESS" : status;
    String newMessage = busy && "COMPLETE".equals(status)
        ? extra.stream().filter(p -> !"COMPLETE".equals(p.status())).map(Phase::name).toList()
            + " under way" : message;
    return new PlanView(newStatus, newMessage, target, refusal, interrupted, all, errors, brokers);
  }

  /** The target: id, since when, what changed from {@code previous}. */
  public record TargetInfo(String id, String created, @JsonProperty("previous") String previousId,
      List<String> changes) {
  }

  public record Phase(String name, String status, List<StepInfo> steps) {
  }

  public record StepInfo(String id, int broker, String status, String message) {
    static StepInfo of(Step s) {
      return new StepInfo(s.id(), s.brokerId(), s.status().name(), s.message());
    }
  }

  /**
   * @param target the target of its latest launch (null: launched before targets were kept)
   * @param runsTarget whether it runs the target in force
   * @param lastRestartReason why it last (re)started
   */
  public record BrokerInfo(String state, String target, boolean runsTarget, String lastRestartReason) {
  }
}
