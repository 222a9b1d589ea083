package io.kafkamesos.scheduler.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.plan.Step;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/plan} answers: the target in force, a refusal if any, the plan's phases and
 * steps, what each broker runs, and the Kafka upgrade under way if any.
 *
 * @param status COMPLETE, IN_PROGRESS, WAITING, INTERRUPTED or ERROR
 * @param message why the plan does not move, or what it does
 * @param target the target in force
 * @param refusal why the environment's configuration was refused, or null
 * @param phases the plan's phases in order
 * @param errors the messages of steps in ERROR
 * @param brokers what each broker runs and why it last restarted
 * @param upgrade the Kafka upgrade the plan carries out, or null
 */
public record PlanView(String status, String message, TargetInfo target, String refusal,
    boolean interrupted, List<Phase> phases, List<String> errors, Map<Integer, BrokerInfo> brokers,
    UpgradeInfo upgrade) {

  public static final PlanView NONE = new PlanView("COMPLETE", "no plan yet", null, null, false,
      List.of(), List.of(), Map.of(), null);

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
    return new PlanView(newStatus, newMessage, target, refusal, interrupted, all, errors, brokers,
        upgrade);
  }

  /** The target: id, since when, what changed from {@code previous}. */
  public record TargetInfo(String id, String created, @JsonProperty("previous") String previousId,
      List<String> changes) {
  }

  /**
   * One phase.
   *
   * @param kind {@code launch}, {@code roll} or {@code gate} (null: a phase of lost, replaced or
   *     removed brokers)
   * @param spec what a roll brings its brokers to, or null
   * @param description what a gate waits for, or null
   * @param waitsFor whom a gate waits for: {@code operator} ({@code plan continue}) or {@code kafka}
   *     (a condition on Kafka's state); null for other phases
   * @param pointOfNoReturn whether, once it started, the change it completes cannot be undone
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Phase(String name, String status, List<StepInfo> steps, String kind, SpecInfo spec,
      String description, String waitsFor, Boolean pointOfNoReturn) {

    /** A phase of the fault handling (lost, replaced and removed brokers). */
    public Phase(String name, String status, List<StepInfo> steps) {
      this(name, status, steps, null, null, null, null, null);
    }
  }

  /** One step; {@code broker} is null for the step of a gate. */
  public record StepInfo(String id, Integer broker, String status, String message) {
    public StepInfo(String id, int broker, String status, String message) {
      this(id, broker < 0 ? null : Integer.valueOf(broker), status, message);
    }

    static StepInfo of(Step s) {
      return new StepInfo(s.id(), s.brokerId(), s.status().name(), s.message());
    }
  }

  /**
   * A launch spec as the API shows it.
   *
   * @param id its digest (a broker record's {@code configId})
   * @param kafkaVersion the Kafka it runs
   * @param interBrokerProtocol the {@code inter.broker.protocol.version} it speaks (pinned or the
   *     version's own), null when not known
   * @param pins the properties a plan pins on top of the target's overrides
   */
  public record SpecInfo(String id, String kafkaVersion, String interBrokerProtocol,
      Map<String, String> pins) {

    public static SpecInfo of(NodeSpec s) {
      return new SpecInfo(s.id(), s.version().version(), s.protocol(), s.pins());
    }
  }

  /**
   * @param target the target of its latest launch (null: launched before targets were kept)
   * @param runsTarget whether it runs what the plan wants it to run now
   * @param lastRestartReason why it last (re)started
   * @param spec what its latest launch ran, or null before its first launch
   * @param wants the spec id the plan launches it with now
   */
  public record BrokerInfo(String state, String target, boolean runsTarget, String lastRestartReason,
      SpecInfo spec, String wants) {
  }

  /**
   * The Kafka upgrade a plan carries out.
   *
   * @param from the version before
   * @param to the version after
   * @param pinnedProtocol the {@code inter.broker.protocol.version} kept until it is raised
   * @param protocol the protocol it is raised to
   * @param raised whether raising began (the old version can no longer come back)
   * @param finalization {@code manual} (the finalize gate waits for the operator) or {@code auto}
   * @param fromMetadataVersion a KRaft cluster's {@code metadata.version} kept until it is raised
   *     ({@code 3.9-IV0}); left out in ZooKeeper mode
   * @param toMetadataVersion the new release's {@code metadata.version} it is raised to
   * @param metadataRaised whether Kafka reports it raised ({@code raise-metadata} complete)
   */
  public record UpgradeInfo(String from, String to, String pinnedProtocol, String protocol,
      boolean raised, String finalization,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      String fromMetadataVersion,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      String toMetadataVersion,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      Boolean metadataRaised) {

    /** A ZooKeeper-mode upgrade. */
    public UpgradeInfo(String from, String to, String pinnedProtocol, String protocol,
        boolean raised, String finalization) {
      this(from, to, pinnedProtocol, protocol, raised, finalization, null, null, null);
    }
  }
}
