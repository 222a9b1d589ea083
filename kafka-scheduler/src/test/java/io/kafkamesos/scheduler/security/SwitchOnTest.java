package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.kafkamesos.scheduler.state.PlanProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwitchOnTest {

  private static SecurityTarget security(boolean tls, String authentication, boolean allowPlaintext,
      boolean operatorCa) {
    return new SecurityTarget(tls, authentication, false, List.of(), allowPlaintext, 365, 30, 1825,
        operatorCa);
  }

  private static final SecurityTarget PLAIN = SecurityTarget.NONE;
  private static final SecurityTarget TLS_KEEP_PLAINTEXT = security(true, "SCRAM-SHA-512", true, false);
  private static final SecurityTarget TLS_ONLY = security(true, "SCRAM-SHA-512", false, false);

  private static List<ListenerPlan.Stage> stages(SecurityTarget from, SecurityTarget to) {
    ListenerPlan.Outcome outcome = SwitchOn.plan(from, to, KafkaMode.ZOOKEEPER);
    assertThat(outcome).isInstanceOf(ListenerPlan.Stages.class);
    return ((ListenerPlan.Stages) outcome).stages();
  }

  /** A progress with the given phases complete and the given steps in the given status. */
  private static PlanProgress progress(Set<String> complete, Set<String> gates, Map<String, String> steps) {
    Map<String, PlanProgress.StepRecord> records = new HashMap<>();
    steps.forEach((id, status) -> records.put(id, new PlanProgress.StepRecord(status, "", 1, null, 0)));
    return new PlanProgress(false, gates, Set.of(), complete, records);
  }

  @Test
  void aPlaintextClusterSwitchedOnWithPlaintextKeptAddsThenMoves() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_KEEP_PLAINTEXT);

    assertThat(stages).extracting(ListenerPlan.Stage::name)
        .containsExactly("add-secure-listeners", "move-inter-broker");
    assertThat(stages).allMatch(s -> s.target().plaintext() && !s.waitsForOperator());
    assertThat(stages.get(0).target().interBrokerSecure()).isFalse();
    assertThat(ListenerConfig.protocol(Listener.CLIENT, stages.get(0).target())).isEqualTo("SASL_SSL");
  }

  @Test
  void droppingPlaintextLaterIsOneStageThatWaitsForTheOperator() {
    List<ListenerPlan.Stage> stages = stages(TLS_KEEP_PLAINTEXT, TLS_ONLY);

    assertThat(stages).extracting(ListenerPlan.Stage::name).containsExactly("remove-plaintext");
    assertThat(stages.get(0).waitsForOperator()).isTrue();
    assertThat(stages(PLAIN, TLS_ONLY)).extracting(ListenerPlan.Stage::waitsForOperator)
        .containsExactly(false, false, true);
  }

  @Test
  void unsupportedChangesAreRefusedWithTheReason() {
    assertThat(SwitchOn.plan(TLS_ONLY, PLAIN, KafkaMode.ZOOKEEPER))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class,
            r -> assertThat(r.reason()).contains("turning TLS off").contains("TLS_ENABLED"));
    assertThat(SwitchOn.plan(PLAIN, TLS_KEEP_PLAINTEXT, KafkaMode.KRAFT))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class,
            r -> assertThat(r.reason()).contains("KRaft"));
    assertThat(SwitchOn.plan(TLS_ONLY, security(true, "MTLS", false, false), KafkaMode.ZOOKEEPER))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class,
            r -> assertThat(r.reason()).contains("AUTHENTICATION from SCRAM-SHA-512 to MTLS"));
    assertThat(SwitchOn.plan(TLS_ONLY, security(true, "SCRAM-SHA-512", false, true), KafkaMode.ZOOKEEPER))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class,
            r -> assertThat(r.reason()).contains("TLS_CA_CERT_FILE"));
  }

  @Test
  void aBrokerRunsTheStageItsStepStartedIn() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);
    ListenerTarget from = ListenerTarget.PLAINTEXT;
    // broker 0 done with the first stage, broker 1 being rolled in it, broker 2 not reached yet
    PlanProgress halfway = progress(Set.of(), Set.of(),
        Map.of("add-secure-listeners-0", "COMPLETE", "add-secure-listeners-1", "IN_PROGRESS"));

    assertThat(SwitchOn.brokerTarget(from, stages, halfway, 0)).isEqualTo(stages.get(0).target());
    assertThat(SwitchOn.brokerTarget(from, stages, halfway, 1)).isEqualTo(stages.get(0).target());
    assertThat(SwitchOn.brokerTarget(from, stages, halfway, 2)).isEqualTo(from);
    assertThat(SwitchOn.currentStage(stages, halfway)).contains(stages.get(0));
  }

  @Test
  void aBrokerInAStepInErrorKeepsTheTargetItWasLaunchedWith() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);
    PlanProgress failed = progress(Set.of("add-secure-listeners"), Set.of(),
        Map.of("move-inter-broker-2", "ERROR"));

    assertThat(SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages, failed, 2))
        .isEqualTo(stages.get(1).target());
    assertThat(SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages, failed, 0))
        .isEqualTo(stages.get(0).target());
  }

  @Test
  void aCompleteStageCountsForBrokersLaunchedAfterIt() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_KEEP_PLAINTEXT);
    PlanProgress done = progress(Set.of("add-secure-listeners", "move-inter-broker"), Set.of(), Map.of());

    assertThat(SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages, done, 7))
        .isEqualTo(NodeTlsLayout.listenerTarget(TLS_KEEP_PLAINTEXT));
    assertThat(SwitchOn.currentStage(stages, done)).isEmpty();
  }

  @Test
  void aResumedPlanLaunchesEachBrokerWithWhatTheStoredProgressSays() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);
    // what a new leader reads from ZooKeeper: the first stage complete, the second under way
    PlanProgress stored = progress(Set.of("add-secure-listeners"), Set.of(),
        Map.of("move-inter-broker-0", "COMPLETE", "move-inter-broker-1", "IN_PROGRESS"));
    List<ListenerTarget> brokers = List.of(0, 1, 2).stream()
        .map(id -> SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages, stored, id)).toList();

    assertThat(brokers).extracting(ListenerTarget::interBrokerSecure).containsExactly(true, true, false);
    assertThat(SwitchOn.currentStage(stages, stored)).contains(stages.get(1));
    assertThat(SwitchOn.settled(brokers)).isEmpty();
    // every broker has both listeners: the scheduler is on INTERNAL, clients see both
    assertThat(SwitchOn.schedulerListener(brokers)).isEqualTo(Listener.INTERNAL);
    assertThat(SwitchOn.clientListeners(brokers)).containsExactly(Listener.CLIENT, Listener.PLAINTEXT);
  }

  @Test
  void removePlaintextStartsOnlyAfterThePreviousStagesAndTheOperatorsContinue() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);
    ListenerPlan.Stage remove = stages.get(2);
    Set<String> before = Set.of("add-secure-listeners", "move-inter-broker");

    assertThat(SwitchOn.mayStart(stages.get(0), stages, PlanProgress.NONE)).isTrue();
    assertThat(SwitchOn.mayStart(stages.get(1), stages, PlanProgress.NONE)).isFalse();
    assertThat(SwitchOn.mayStart(remove, stages, progress(Set.of("add-secure-listeners"), Set.of("remove-plaintext"),
        Map.of()))).isFalse();
    assertThat(SwitchOn.mayStart(remove, stages, progress(before, Set.of(), Map.of()))).isFalse();
    assertThat(SwitchOn.mayStart(remove, stages, progress(before, Set.of("remove-plaintext"), Map.of()))).isTrue();
  }

  @Test
  void theSchedulerAndClientsUseOnlyAListenerEveryBrokerHas() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);
    ListenerTarget added = stages.get(0).target();
    ListenerTarget secureOnly = stages.get(2).target();

    assertThat(SwitchOn.schedulerListener(List.of(ListenerTarget.PLAINTEXT, added))).isEqualTo(Listener.PLAINTEXT);
    assertThat(SwitchOn.clientListeners(List.of(ListenerTarget.PLAINTEXT, added)))
        .containsExactly(Listener.PLAINTEXT);
    assertThat(SwitchOn.clientListeners(List.of(added, added))).containsExactly(Listener.CLIENT, Listener.PLAINTEXT);
    assertThat(SwitchOn.schedulerListener(List.of(secureOnly, stages.get(1).target()))).isEqualTo(Listener.INTERNAL);
    assertThat(SwitchOn.clientListeners(List.of(secureOnly, stages.get(1).target()))).containsExactly(Listener.CLIENT);
    assertThat(SwitchOn.settled(List.of(secureOnly, secureOnly))).contains(secureOnly);
    assertThatThrownBy(() -> SwitchOn.schedulerListener(List.of(ListenerTarget.PLAINTEXT, secureOnly)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void eachListenerKeepsItsPortAtEveryStageAndPlaintextKeepsTheRecordedOne() {
    List<ListenerPlan.Stage> stages = stages(PLAIN, TLS_ONLY);

    assertThat(SwitchOn.ports(ListenerTarget.PLAINTEXT, 9092)).isEqualTo(Map.of(Listener.PLAINTEXT, 9092));
    assertThat(SwitchOn.ports(stages.get(0).target(), 9092))
        .isEqualTo(Map.of(Listener.PLAINTEXT, 9092, Listener.CLIENT, 9093, Listener.INTERNAL, 9094));
    assertThat(SwitchOn.ports(stages.get(2).target(), 9092))
        .isEqualTo(Map.of(Listener.CLIENT, 9093, Listener.INTERNAL, 9094));
    assertThat(stages).extracting(s -> ListenerConfig.properties(s.target(), NodeKind.BROKER, KafkaMode.ZOOKEEPER,
        "h", SwitchOn.ports(s.target(), 9092), "kafka0").get("advertised.listeners")).containsExactly(
        "PLAINTEXT://h:9092,CLIENT://h:9093,INTERNAL://h:9094",
        "PLAINTEXT://h:9092,CLIENT://h:9093,INTERNAL://h:9094",
        "CLIENT://h:9093,INTERNAL://h:9094");
    assertThat(stages).extracting(s -> ListenerConfig.properties(s.target(), NodeKind.BROKER, KafkaMode.ZOOKEEPER,
        "h", SwitchOn.ports(s.target(), 9092), "kafka0").get("inter.broker.listener.name"))
        .containsExactly("PLAINTEXT", "INTERNAL", "INTERNAL");
  }

  @Test
  void aBrokerWithAReservationReservesTheTwoPortsAfterItsOwn() {
    assertThat(SwitchOn.portsToReserve(9092, List.of(9092))).containsExactly(9093, 9094);
    assertThat(SwitchOn.portsToReserve(9092, List.of(9092, 9093, 9094))).isEmpty();
    assertThat(SwitchOn.portsToReserve(9092, List.of(9094))).containsExactly(9092, 9093);
  }

  @Test
  void theStagesOfAStoredSwitchAreTheSameAfterARestart() throws Exception {
    ObjectMapper json = Jackson.newObjectMapper();
    // the plan keeps the two security targets (as stored JSON); a new leader plans from them again
    SecurityTarget from = json.readValue(json.writeValueAsString(PLAIN), SecurityTarget.class);
    SecurityTarget to = json.readValue(json.writeValueAsString(TLS_ONLY), SecurityTarget.class);
    PlanProgress progress = json.readValue(json.writeValueAsString(progress(Set.of("add-secure-listeners"),
        Set.of(), Map.of("move-inter-broker-1", "IN_PROGRESS"))), PlanProgress.class);

    assertThat(stages(from, to)).isEqualTo(stages(PLAIN, TLS_ONLY));
    assertThat(SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages(from, to), progress, 1))
        .isEqualTo(stages(PLAIN, TLS_ONLY).get(1).target());
    assertThat(SwitchOn.brokerTarget(ListenerTarget.PLAINTEXT, stages(from, to), progress, 0))
        .isEqualTo(stages(PLAIN, TLS_ONLY).get(0).target());
  }

  @Test
  void whatARunningClusterMayChangeFollowsWhereItsTlsCameFrom() {
    SecurityTarget switched = security(true, "NONE", true, false).withSwitched(true);
    SecurityTarget authorizer = new SecurityTarget(true, "NONE", true, List.of(), true, 365, 30, 1825,
        false, true);

    // a plaintext cluster: switched on with PLAINTEXT kept; the pv one refused for its ports
    assertThat(SwitchOn.refusal(PLAIN, switched, KafkaMode.ZOOKEEPER, false, java.util.Optional.empty()))
        .isEmpty();
    assertThat(SwitchOn.refusal(PLAIN, switched, KafkaMode.ZOOKEEPER, true, java.util.Optional.empty()))
        .hasValueSatisfying(r -> assertThat(r).contains("BROKER_PV"));
    // a switched cluster: a new stage is planned, removing PLAINTEXT too (its stage waits for the
    // operator), but not during a switch
    assertThat(SwitchOn.refusal(switched, authorizer, KafkaMode.ZOOKEEPER, false, java.util.Optional.empty()))
        .isEmpty();
    assertThat(SwitchOn.refusal(switched, authorizer, KafkaMode.ZOOKEEPER, false,
        java.util.Optional.of("under way"))).hasValue("under way");
    SecurityTarget withoutPlaintext = security(true, "NONE", false, false).withSwitched(true);
    assertThat(SwitchOn.refusal(switched, withoutPlaintext, KafkaMode.ZOOKEEPER, false,
        java.util.Optional.empty())).isEmpty();
    assertThat(SwitchOn.stages(switched, withoutPlaintext)).extracting(ListenerPlan.Stage::name)
        .containsExactly("remove-plaintext");
    assertThat(SwitchOn.stages(switched, withoutPlaintext).get(0).waitsForOperator()).isTrue();
    assertThat(SwitchOn.refusal(switched, withoutPlaintext, KafkaMode.ZOOKEEPER, false,
        java.util.Optional.of("under way"))).hasValue("under way");
    // a cluster installed with TLS keeps its layout: any change refused as before
    SecurityTarget installed = security(true, "NONE", true, false);
    assertThat(SwitchOn.refusal(installed, authorizer.withSwitched(false), KafkaMode.ZOOKEEPER, false,
        java.util.Optional.empty())).isEqualTo(SecurityTarget.refusal(installed, authorizer));
    assertThat(SwitchOn.refusal(switched, switched.withSwitched(false), KafkaMode.ZOOKEEPER, false,
        java.util.Optional.empty())).isEmpty();
  }
}
