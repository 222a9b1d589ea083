package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {

  private static final Map<Listener, Integer> PORTS = Map.of(Listener.PLAINTEXT, 9092, Listener.CLIENT, 9093,
      Listener.INTERNAL, 9094);

  private static ListenerTarget secure(Authentication how, boolean plaintext, boolean authorizer) {
    return new ListenerTarget(plaintext, true, how, true, authorizer, List.of());
  }

  private static List<ListenerPlan.Stage> stages(ListenerTarget from, ListenerTarget to) {
    ListenerPlan.Outcome outcome = ListenerPlan.plan(from, to, KafkaMode.ZOOKEEPER);
    assertThat(outcome).isInstanceOf(ListenerPlan.Stages.class);
    return ((ListenerPlan.Stages) outcome).stages();
  }

  @Test
  void switchingTlsOnAddsMovesAuthorizesThenRemovesPlaintextWhenTheOperatorSays() {
    List<ListenerPlan.Stage> stages = stages(ListenerTarget.PLAINTEXT, secure(Authentication.SCRAM_SHA_512, false, true));

    assertThat(stages).extracting(ListenerPlan.Stage::name).containsExactly(
        "add-secure-listeners", "move-inter-broker", "enable-authorizer", "remove-plaintext");
    assertThat(stages).extracting(ListenerPlan.Stage::waitsForOperator).containsExactly(false, false, false, true);
    // every stage but the last keeps PLAINTEXT, so clients not moved yet keep a listener
    assertThat(stages.subList(0, 3)).allMatch(s -> s.target().plaintext());
    // inter-broker traffic stays on PLAINTEXT while some brokers have no INTERNAL listener yet
    assertThat(stages.get(0).target().interBrokerSecure()).isFalse();
    assertThat(stages.get(1).target().interBrokerSecure()).isTrue();
    // the authorizer only once no broker talks to another as User:ANONYMOUS
    assertThat(stages.get(1).target().authorizer()).isFalse();
    assertThat(stages.get(2).target().authorizer()).isTrue();
    assertThat(stages.get(3).target()).isEqualTo(secure(Authentication.SCRAM_SHA_512, false, true));
  }

  @Test
  void eachStageIsAListenerConfigurationABrokerCanRun() {
    List<ListenerPlan.Stage> stages = stages(ListenerTarget.PLAINTEXT, secure(Authentication.MTLS, false, false));

    assertThat(stages).extracting(s -> ListenerConfig.properties(s.target(), NodeKind.BROKER, KafkaMode.ZOOKEEPER,
        "h", PORTS, "kafka0").get("listeners")).containsExactly(
        "PLAINTEXT://h:9092,CLIENT://h:9093,INTERNAL://h:9094",
        "PLAINTEXT://h:9092,CLIENT://h:9093,INTERNAL://h:9094",
        "CLIENT://h:9093,INTERNAL://h:9094");
  }

  @Test
  void withAllowPlaintextThePlanEndsWithPlaintextKept() {
    assertThat(stages(ListenerTarget.PLAINTEXT, secure(Authentication.NONE, true, false)))
        .extracting(ListenerPlan.Stage::name).containsExactly("add-secure-listeners", "move-inter-broker");
  }

  @Test
  void laterChangesOfASecureCluster() {
    assertThat(stages(secure(Authentication.NONE, true, false), secure(Authentication.NONE, false, false)))
        .extracting(ListenerPlan.Stage::name).containsExactly("remove-plaintext");
    assertThat(stages(secure(Authentication.NONE, false, false), secure(Authentication.NONE, true, false)))
        .extracting(ListenerPlan.Stage::name).containsExactly("add-plaintext");
    assertThat(stages(secure(Authentication.NONE, false, true), secure(Authentication.NONE, false, false)))
        .extracting(ListenerPlan.Stage::name).containsExactly("disable-authorizer");
    assertThat(stages(secure(Authentication.NONE, false, true),
        new ListenerTarget(false, true, Authentication.NONE, true, true, List.of("User:ops"))))
        .extracting(ListenerPlan.Stage::name).containsExactly("update-super-users");
    assertThat(stages(secure(Authentication.NONE, false, false), secure(Authentication.NONE, false, false))).isEmpty();
  }

  @Test
  void anInterruptedSwitchGoesOnFromWhereItStopped() {
    ListenerTarget halfway = new ListenerTarget(true, true, Authentication.NONE, false, false, List.of());

    assertThat(stages(halfway, secure(Authentication.NONE, false, false))).extracting(ListenerPlan.Stage::name)
        .containsExactly("move-inter-broker", "remove-plaintext");
  }

  @Test
  void changesNotOfferedYetAreRefusedWithTheReason() {
    assertThat(ListenerPlan.plan(secure(Authentication.NONE, false, false), ListenerTarget.PLAINTEXT, KafkaMode.ZOOKEEPER))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class, r -> assertThat(r.reason()).contains("turning TLS off"));
    assertThat(ListenerPlan.plan(secure(Authentication.NONE, false, false), secure(Authentication.MTLS, false, false),
        KafkaMode.ZOOKEEPER))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class, r -> assertThat(r.reason()).contains("from NONE to MTLS"));
    assertThat(ListenerPlan.plan(ListenerTarget.PLAINTEXT, secure(Authentication.NONE, false, false), KafkaMode.KRAFT))
        .isInstanceOfSatisfying(ListenerPlan.Refused.class, r -> assertThat(r.reason()).contains("KRaft"));
  }
}
