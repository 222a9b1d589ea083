package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.plan.PhaseDefinition;
import io.kafkamesos.scheduler.plan.PlanStates;
import io.kafkamesos.scheduler.plan.Plans;
import io.kafkamesos.scheduler.plan.Rollout;
import io.kafkamesos.scheduler.plan.Step;
import io.kafkamesos.scheduler.plan.StepStatus;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Puts the {@link PlanView} of a running plan together. Pure. */
final class PlanViews {

  private PlanViews() {
  }

  /**
   * @param stored the target's plan state (its upgrade, if any)
   * @param dynamicProblem why dynamic broker configs are not applied yet, or null
   */
  static PlanView of(TargetResolver.Resolution resolution, Rollout rollout,
      Map<Integer, BrokerRecord> records, PlanState stored, boolean finalizeAuto,
      String dynamicProblem) {
    Target t = resolution.target();
    var target = new PlanView.TargetInfo(t.id(), Instant.ofEpochMilli(t.createdMillis()).toString(),
        t.previousId(), t.changes());
    List<PlanView.Phase> phases = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (PhaseDefinition p : rollout.definition().phases()) {
      List<Step> steps = rollout.stepsOf(p.name());
      List<PlanView.StepInfo> infos = steps.stream().map(PlanView.StepInfo::of).toList();
      steps.stream().filter(s -> s.status() == StepStatus.ERROR)
          .forEach(s -> errors.add(s.id() + ": " + s.message()));
      String status = rollout.phaseComplete(p.name()) ? "COMPLETE" : phaseStatus(infos);
      if (p instanceof PhaseDefinition.Gate g) {
        phases.add(new PlanView.Phase(p.name(), status, infos, "gate", null, g.description(),
            g.waitsForOperator() ? "operator" : "kafka", null));
      } else if (p instanceof PhaseDefinition.Roll r) {
        phases.add(new PlanView.Phase(p.name(), status, infos, "roll", PlanView.SpecInfo.of(r.spec()),
            null, null, r.pointOfNoReturn()));
      } else {
        phases.add(new PlanView.Phase(p.name(), status, infos, "launch", null, null, null, null));
      }
    }
    if (dynamicProblem != null) {
      errors.add("dynamic broker configs not applied yet: " + dynamicProblem);
    }
    Map<Integer, PlanView.BrokerInfo> brokers = new TreeMap<>();
    for (BrokerRecord r : records.values()) {
      NodeSpec wants = rollout.specFor(r.brokerId(), r.configId());
      // a controller's launch id is the controller digest of the settings it runs
      String wantsId = r.kind() == io.kafkamesos.commons.node.NodeKind.CONTROLLER
          ? wants.settings().controllerConfigId() : wants.id();
      brokers.put(r.brokerId(), new PlanView.BrokerInfo(r.state().name(), r.targetId(),
          wantsId.equals(r.configId()), r.lastRestartReason(), runs(r, rollout), wantsId));
    }
    String message = !rollout.waiting().isEmpty() ? rollout.waiting()
        : rollout.complete() ? "every broker runs target " + t.id()
        : "rolling out target " + t.id() + rollout.activePhase()
            .map(p -> ": phase " + p.name()).orElse("");
    return new PlanView(rollout.status(), message, target, resolution.refusal(), rollout.interrupted(),
        phases, errors, brokers, upgrade(stored, rollout, finalizeAuto));
  }

  /** What the broker's latest launch ran, as far as the plan knows the spec. */
  private static PlanView.SpecInfo runs(BrokerRecord r, Rollout rollout) {
    if (r.configId() == null) {
      return null;
    }
    NodeSpec known = rollout.definition().knownSpecs().get(r.configId());
    if (known != null) {
      return PlanView.SpecInfo.of(known);
    }
    String version = r.kafkaVersion() != null ? r.kafkaVersion()
        : KafkaVersions.standard().legacy().version();
    return new PlanView.SpecInfo(r.configId(), version, null, Map.of());
  }

  private static PlanView.UpgradeInfo upgrade(PlanState stored, Rollout rollout, boolean finalizeAuto) {
    if (stored.upgrade() != null && stored.kind() == PlanKind.KRAFT_UPGRADE) {
      // a KRaft upgrade raises metadata.version, not the protocol
      boolean raised = PlanStates.metadataRaiseStarted(stored) || rollout.phaseComplete(Plans.FINALIZE);
      return new PlanView.UpgradeInfo(stored.upgrade().fromVersion(), stored.upgrade().toVersion(),
          null, null, raised, finalizeAuto ? "auto" : "manual", stored.upgrade().metadataVersion(),
          rollout.definition().finalSpec().settings().kafka().version().metadataVersion(),
          rollout.phaseComplete(Plans.RAISE_METADATA));
    }
    if (stored.upgrade() == null
        || (stored.kind() != PlanKind.UPGRADE && stored.kind() != PlanKind.RAISE_PROTOCOL)) {
      return null;
    }
    boolean raised = PlanStates.raiseStarted(stored) || rollout.started(Plans.RAISE_PROTOCOL);
    return new PlanView.UpgradeInfo(stored.upgrade().fromVersion(), stored.upgrade().toVersion(),
        stored.upgrade().protocol(), rollout.definition().finalSpec().protocol(), raised,
        finalizeAuto ? "auto" : "manual");
  }

  private static String phaseStatus(List<PlanView.StepInfo> steps) {
    List<String> states = steps.stream().map(PlanView.StepInfo::status).toList();
    if (states.contains("ERROR")) {
      return "ERROR";
    }
    if (states.stream().allMatch("COMPLETE"::equals)) {
      return "COMPLETE";
    }
    if (states.contains("WAITING")) {
      return "WAITING";
    }
    return states.contains("IN_PROGRESS") ? "IN_PROGRESS" : "PENDING";
  }
}
