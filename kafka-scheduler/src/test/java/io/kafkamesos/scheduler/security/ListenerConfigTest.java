package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerConfigTest {

  private static final Map<Listener, Integer> PORTS = Map.of(Listener.PLAINTEXT, 9092, Listener.CLIENT, 9093,
      Listener.INTERNAL, 9094, Listener.CONTROLLER, 9095);
  private static final String NODE = "User:CN=kafka0-node,O=kafka-mesos";
  private static final String SCHEDULER = "User:CN=kafka0-scheduler,O=kafka-mesos";

  private static ListenerTarget secure(Authentication authentication, boolean plaintext, boolean authorizer) {
    return new ListenerTarget(plaintext, true, authentication, true, authorizer, List.of("User:alice"));
  }

  private static Map<String, String> of(ListenerTarget target, NodeKind kind, KafkaMode mode) {
    return ListenerConfig.properties(target, kind, mode, "agent-1.example", PORTS, "kafka0");
  }

  @Test
  void withoutSecurityABrokerHasTodaysPlaintextListener() {
    assertThat(of(ListenerTarget.PLAINTEXT, NodeKind.BROKER, KafkaMode.ZOOKEEPER)).containsExactly(
        Map.entry("listeners", "PLAINTEXT://agent-1.example:9092"),
        Map.entry("advertised.listeners", "PLAINTEXT://agent-1.example:9092"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"));
  }

  @Test
  void scramWithAuthorizationInZooKeeperMode() {
    Map<String, String> p = of(secure(Authentication.SCRAM_SHA_512, false, true), NodeKind.BROKER, KafkaMode.ZOOKEEPER);

    assertThat(p).containsEntry("listeners", "CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094")
        .containsEntry("advertised.listeners", "CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094")
        .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL")
        .containsEntry("inter.broker.listener.name", "INTERNAL")
        .containsEntry("listener.name.internal.ssl.client.auth", "required")
        .containsEntry("listener.name.client.ssl.client.auth", "none")
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
        .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512")
        .containsEntry("listener.name.client.scram-sha-512.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
        .containsEntry("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer")
        .containsEntry("super.users", NODE + ";" + SCHEDULER + ";User:alice")
        .containsEntry("allow.everyone.if.no.acl.found", "false")
        .doesNotContainKeys("controller.listener.names", "sasl.mechanism.inter.broker.protocol", "ssl.client.auth");
  }

  @Test
  void mtlsRequiresClientCertificatesOnTheClientListener() {
    Map<String, String> p = of(secure(Authentication.MTLS, false, false), NodeKind.BROKER, KafkaMode.ZOOKEEPER);

    assertThat(p).containsEntry("listener.security.protocol.map", "CLIENT:SSL,INTERNAL:SSL")
        .containsEntry("listener.name.client.ssl.client.auth", "required")
        .doesNotContainKeys("sasl.enabled.mechanisms", "authorizer.class.name", "super.users");
  }

  @Test
  void aTransitionalPlaintextListenerStandsBesideTheSecureOnes() {
    Map<String, String> p = of(secure(Authentication.NONE, true, false), NodeKind.BROKER, KafkaMode.ZOOKEEPER);

    assertThat(p.get("listeners")).isEqualTo(
        "PLAINTEXT://agent-1.example:9092,CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094");
    assertThat(p.get("listener.security.protocol.map")).isEqualTo("PLAINTEXT:PLAINTEXT,CLIENT:SSL,INTERNAL:SSL");
    assertThat(p.get("inter.broker.listener.name")).isEqualTo("INTERNAL");
  }

  @Test
  void kraftBrokersKnowTheControllerListenerAndUseTheStandardAuthorizer() {
    Map<String, String> p = of(secure(Authentication.SCRAM_SHA_512, false, true), NodeKind.BROKER, KafkaMode.KRAFT);

    assertThat(p).containsEntry("listeners", "CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094")
        .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .doesNotContainKey("listener.name.controller.ssl.client.auth");
  }

  @Test
  void kraftControllersListenOnTheQuorumOnlyWithClientCertificates() {
    Map<String, String> p = of(secure(Authentication.SCRAM_SHA_512, false, true), NodeKind.CONTROLLER, KafkaMode.KRAFT);

    assertThat(p).containsEntry("listeners", "CONTROLLER://agent-1.example:9095")
        .containsEntry("listener.security.protocol.map", "CONTROLLER:SSL")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("listener.name.controller.ssl.client.auth", "required")
        .containsEntry("authorizer.class.name", ListenerConfig.KRAFT_AUTHORIZER)
        .containsEntry("super.users", NODE + ";" + SCHEDULER + ";User:alice")
        .doesNotContainKeys("advertised.listeners", "inter.broker.listener.name", "sasl.enabled.mechanisms",
            "listener.name.client.ssl.client.auth");
  }

  @Test
  void combinedNodesHaveBothButAdvertiseOnlyTheBrokerListeners() {
    Map<String, String> p = of(secure(Authentication.MTLS, false, false), NodeKind.COMBINED, KafkaMode.KRAFT);

    assertThat(p).containsEntry("listeners",
            "CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094,CONTROLLER://agent-1.example:9095")
        .containsEntry("advertised.listeners", "CLIENT://agent-1.example:9093,INTERNAL://agent-1.example:9094")
        .containsEntry("listener.name.controller.ssl.client.auth", "required")
        .containsEntry("listener.name.internal.ssl.client.auth", "required");
  }

  @Test
  void kraftWithoutTlsHasAPlaintextQuorum() {
    Map<String, String> p = of(ListenerTarget.PLAINTEXT, NodeKind.COMBINED, KafkaMode.KRAFT);

    assertThat(p).containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
        .doesNotContainKey("ssl.endpoint.identification.algorithm");
  }

  @Test
  void aMissingPortOrAControllerInZooKeeperModeIsRefused() {
    assertThatThrownBy(() -> ListenerConfig.properties(secure(Authentication.NONE, false, false), NodeKind.BROKER,
        KafkaMode.ZOOKEEPER, "h", Map.of(Listener.CLIENT, 1), "kafka0"))
        .hasMessage("a broker node needs a port for its INTERNAL listener");
    assertThatThrownBy(() -> of(ListenerTarget.PLAINTEXT, NodeKind.CONTROLLER, KafkaMode.ZOOKEEPER))
        .hasMessageContaining("brokers only");
  }

  @Test
  void listenersSayWhichPortsANodeNeeds() {
    assertThat(ListenerConfig.listeners(secure(Authentication.NONE, true, false), NodeKind.COMBINED, KafkaMode.KRAFT))
        .containsExactly(Listener.PLAINTEXT, Listener.CLIENT, Listener.INTERNAL, Listener.CONTROLLER);
    assertThat(ListenerConfig.listeners(ListenerTarget.PLAINTEXT, NodeKind.BROKER, KafkaMode.ZOOKEEPER))
        .containsExactly(Listener.PLAINTEXT);
  }
}
