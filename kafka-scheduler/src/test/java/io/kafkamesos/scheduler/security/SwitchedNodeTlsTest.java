package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.commons.security.NodeTlsSpec;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwitchedNodeTlsTest {

  private final TaskSecretBook secrets = new TaskSecretBook(new SecureRandom());
  private final List<ListenerPlan.Stage> stages = ((ListenerPlan.Stages) ListenerPlan.plan(
      ListenerTarget.PLAINTEXT, new ListenerTarget(false, true, Authentication.SCRAM_SHA_512, true, false,
          List.of()), KafkaMode.ZOOKEEPER)).stages();
  /** broker 0 rolled in the first stage, broker 1 in the second, broker 2 not yet */
  private final Map<Integer, ListenerTarget> at = Map.of(0, stages.get(0).target(), 1, stages.get(1).target(),
      2, ListenerTarget.PLAINTEXT);
  private final SwitchedNodeTls tls = new SwitchedNodeTls("kafka0", at::get, secrets);

  @Test
  void everyBrokerTakesThreePortsWhateverItsStage() {
    assertThat(tls.ports(NodeKind.BROKER)).isEqualTo(3);
    assertThatThrownBy(() -> tls.ports(NodeKind.CONTROLLER)).hasMessageContaining("ZooKeeper-mode brokers only");
  }

  @Test
  void aBrokerStillAtPlaintextStartsWithoutTlsData() {
    NodeTaskId task = NodeTaskId.next(NodeKind.BROKER, 2);

    assertThat(tls.spec(task, "h", 9092)).isEmpty();
    assertThat(secrets.secretHash(task.toString())).isEmpty();
  }

  @Test
  void aRolledBrokerGetsItsStagesListenersAndASecretForItsCertificate() {
    NodeTaskId first = NodeTaskId.next(NodeKind.BROKER, 0);
    NodeTaskId second = NodeTaskId.next(NodeKind.BROKER, 1);

    Optional<NodeTlsSpec> added = tls.spec(first, "h", 9092);
    Optional<NodeTlsSpec> moved = tls.spec(second, "h", 9092);

    assertThat(added).hasValueSatisfying(s -> {
      assertThat(s.properties()).containsEntry("listeners", "PLAINTEXT://h:9092,CLIENT://h:9093,INTERNAL://h:9094")
          .containsEntry("inter.broker.listener.name", "PLAINTEXT")
          .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CLIENT:SASL_SSL,INTERNAL:SSL");
      assertThat(s.taskSecret()).isNotBlank();
    });
    assertThat(moved).hasValueSatisfying(s ->
        assertThat(s.properties()).containsEntry("inter.broker.listener.name", "INTERNAL"));
    assertThat(secrets.secretHash(first.toString())).isPresent();
    assertThat(secrets.secretHash(second.toString())).isPresent();
  }

  @Test
  void afterRemovePlaintextTheFirstPortIsLeftUnused() {
    SwitchedNodeTls done = new SwitchedNodeTls("kafka0", id -> stages.get(2).target(), secrets);

    assertThat(done.spec(NodeTaskId.next(NodeKind.BROKER, 0), "h", 9092)).hasValueSatisfying(s ->
        assertThat(s.properties()).containsEntry("listeners", "CLIENT://h:9093,INTERNAL://h:9094"));
  }
}
