package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.kafka.KafkaRegistrations;
import io.kafkamesos.scheduler.security.Authentication;
import io.kafkamesos.scheduler.security.KafkaMode;
import io.kafkamesos.scheduler.security.Listener;
import io.kafkamesos.scheduler.security.ListenerTarget;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import io.kafkamesos.scheduler.security.TaskSecretBook;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class BrokerListenersTest {

  private static NodeTlsLayout layout(Authentication authentication, boolean plaintext) {
    return new NodeTlsLayout("kafka0", new ListenerTarget(plaintext, true, authentication, true, true,
        List.of()), KafkaMode.KRAFT, new TaskSecretBook(new SecureRandom()));
  }

  @Test
  void withoutTlsTheSchedulerUsesTheBrokersOnePlaintextPort() {
    BrokerListeners plain = BrokerListeners.PLAINTEXT;

    assertThat(plain.adminAddress("agent-1", 31000)).isEqualTo("agent-1:31000");
    assertThat(plain.endpoints("agent-1", 31000)).containsExactly("PLAINTEXT://agent-1:31000");
    assertThat(plain.protocolMap()).containsExactly(Map.entry("PLAINTEXT", "PLAINTEXT"),
        Map.entry("CONTROLLER", "PLAINTEXT"));
  }

  @Test
  void withTlsTheSchedulerUsesInternalTheSecondPortAndTheRegistrationListsEveryListener() {
    BrokerListeners tls = BrokerListeners.of(layout(Authentication.SCRAM_SHA_512, false));

    assertThat(tls.admin()).isEqualTo(Listener.INTERNAL);
    assertThat(tls.adminPort(31000)).isEqualTo(31001);
    assertThat(tls.adminAddress("agent-1", 31000)).isEqualTo("agent-1:31001");
    assertThat(tls.firstPort(31001)).isEqualTo(31000);
    assertThat(tls.endpoints("agent-1", 31001))
        .containsExactly("CLIENT://agent-1:31000", "INTERNAL://agent-1:31001");
    assertThat(tls.protocolMap()).containsExactly(Map.entry("CLIENT", "SASL_SSL"),
        Map.entry("INTERNAL", "SSL"), Map.entry("CONTROLLER", "SSL"));
  }

  @Test
  void aTransitionalPlaintextListenerComesThirdAsTheNodesLayoutGivesIt() {
    NodeTlsLayout layout = layout(Authentication.MTLS, true);
    BrokerListeners tls = BrokerListeners.of(layout);

    assertThat(layout.ports(NodeKind.BROKER, 31000)).containsEntry(Listener.PLAINTEXT, 31002);
    assertThat(tls.endpoints("h", 31001))
        .containsExactly("CLIENT://h:31000", "INTERNAL://h:31001", "PLAINTEXT://h:31002");
    assertThat(tls.protocolMap()).containsEntry("CLIENT", "SSL").containsEntry("PLAINTEXT", "PLAINTEXT");
  }

  @Test
  void aTlsRegistrationGivesClientsTheClientListenerAndTheSchedulerInternal() throws Exception {
    ObjectMapper json = new ObjectMapper();
    KraftRegistry registry = new KraftRegistry(new KraftAdmin(List::of, List::of, "t"), json,
        id -> OptionalLong.empty(), BrokerListeners.of(layout(Authentication.SCRAM_SHA_512, false)));

    // the admin client connected through INTERNAL: describeCluster names that listener's port
    String text = registry.registration(new Node(1, "agent-3", 31011));
    JsonNode r = json.readTree(text);

    assertThat(r.path("host").asText()).isEqualTo("agent-3");
    assertThat(r.path("port").asInt()).isEqualTo(31010);
    assertThat(KafkaRegistrations.endpoints(text)).containsExactly(
        new KafkaRegistrations.Endpoint("CLIENT", "SASL_SSL", "agent-3:31010"),
        new KafkaRegistrations.Endpoint("INTERNAL", "SSL", "agent-3:31011"));
    assertThat(KafkaRegistrations.adminAddress(text)).contains("agent-3:31011");
    assertThat(r.path("listener_security_protocol_map").path("CONTROLLER").asText()).isEqualTo("SSL");
  }
}
