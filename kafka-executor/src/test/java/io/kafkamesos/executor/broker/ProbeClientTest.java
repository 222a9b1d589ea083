package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProbeClientTest {

  /** What a TLS broker's overrides hold: the scheduler's listener properties, the executor's stores. */
  private static final Map<String, String> TLS_BROKER = Map.ofEntries(
      Map.entry("listeners", "CLIENT://agent-1:31000,INTERNAL://agent-1:31001"),
      Map.entry("advertised.listeners", "CLIENT://agent-1:31000,INTERNAL://agent-1:31001"),
      Map.entry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL"),
      Map.entry("inter.broker.listener.name", "INTERNAL"),
      Map.entry("controller.listener.names", "CONTROLLER"),
      Map.entry("ssl.endpoint.identification.algorithm", "https"),
      Map.entry("listener.name.client.ssl.client.auth", "none"),
      Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
      Map.entry("ssl.keystore.type", "PKCS12"),
      Map.entry("ssl.keystore.location", "/sandbox/tls/node.keystore.p12"),
      Map.entry("ssl.keystore.password", "ks-secret"),
      Map.entry("ssl.key.password", "ks-secret"),
      Map.entry("ssl.truststore.type", "PKCS12"),
      Map.entry("ssl.truststore.location", "/sandbox/tls/node.truststore.p12"),
      Map.entry("ssl.truststore.password", "ts-secret"),
      Map.entry("num.partitions", "6"));

  @Test
  void aTlsBrokerIsProbedOnItsInternalListenerWithItsOwnKeyStores() {
    ProbeClient client = ProbeClient.of(TLS_BROKER, "agent-1", 31000);

    assertThat(client.bootstrap()).isEqualTo("agent-1:31001");
    assertThat(client.security()).containsOnly(
        Map.entry("security.protocol", "SSL"),
        Map.entry("ssl.keystore.type", "PKCS12"),
        Map.entry("ssl.keystore.location", "/sandbox/tls/node.keystore.p12"),
        Map.entry("ssl.keystore.password", "ks-secret"),
        Map.entry("ssl.key.password", "ks-secret"),
        Map.entry("ssl.truststore.type", "PKCS12"),
        Map.entry("ssl.truststore.location", "/sandbox/tls/node.truststore.p12"),
        Map.entry("ssl.truststore.password", "ts-secret"),
        Map.entry("ssl.endpoint.identification.algorithm", "https"));
    assertThat(client.toString()).doesNotContain("secret");
  }

  @Test
  void aPlaintextBrokerIsProbedOnItsPortWithoutSecurity() {
    ProbeClient client = ProbeClient.of(Map.of("num.partitions", "6"), "agent-1", 31000);

    assertThat(client.bootstrap()).isEqualTo("agent-1:31000");
    assertThat(client.security()).isEmpty();
  }

  @Test
  void aTlsControllersPropertiesKeepItsAdvertisedQuorumListenerOnSsl() {
    // the scheduler's ListenerConfig gives a controller no advertised.listeners: the executor's
    // own CONTROLLER one stays, which a dynamic quorum records the voter by
    Map<String, String> overrides = new TreeMap<>(Map.of(
        "listeners", "CONTROLLER://agent-1:31000",
        "listener.security.protocol.map", "CONTROLLER:SSL",
        "controller.listener.names", "CONTROLLER",
        "listener.name.controller.ssl.client.auth", "required",
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users", "User:CN=kafka0-node,O=kafka-mesos;User:CN=kafka0-scheduler,O=kafka-mesos"));
    BrokerTaskSpec controller = new BrokerTaskSpec(3000, "kafka0", "", "agent-1", 31000, 256,
        "kafka-data", "", overrides, "4.4.0", NodeKind.CONTROLLER,
        new KraftSpec("cid", QuorumMode.DYNAMIC, List.of(new Voter(3000, "agent-1", 31000)),
            KraftSpec.Format.INITIAL, "3000@agent-1:31000:dir", 0));

    Map<String, String> p = ServerProperties.of(controller, Path.of("/volume"));

    assertThat(p).containsEntry("process.roles", "controller")
        .containsEntry("listeners", "CONTROLLER://agent-1:31000")
        .containsEntry("advertised.listeners", "CONTROLLER://agent-1:31000")
        .containsEntry("listener.security.protocol.map", "CONTROLLER:SSL")
        .containsEntry("listener.name.controller.ssl.client.auth", "required")
        .containsEntry("controller.quorum.bootstrap.servers", "agent-1:31000")
        .doesNotContainKey("inter.broker.listener.name");
    // a controller is probed over JMX, never with a Kafka client: nothing to connect to here
    assertThat(ProbeClient.of(controller.overrides(), "agent-1", 31000).security()).isEmpty();
  }
}
