package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a ZooKeeper-mode broker's health is probed: a port it listens on. */
class ListenedPortTest {

  private static BrokerTaskSpec spec(int port, Map<String, String> overrides) {
    return new BrokerTaskSpec(1, "kafka0", "zk:2181/kafka0", "agent-1", port, 256, "/data", "/kafka",
        overrides);
  }

  @Test
  void aPlaintextBrokerIsProbedOnItsRecordedPort() {
    assertThat(ProcessBrokerRunner.listenedPort(spec(31000, Map.of()))).isEqualTo(31000);
  }

  @Test
  void aBrokerWithAListenerOnItsRecordedPortIsProbedThere() {
    // a switched broker keeps PLAINTEXT on its recorded port; a TLS broker has CLIENT there
    assertThat(ProcessBrokerRunner.listenedPort(spec(31000, Map.of("listeners",
        "CLIENT://0.0.0.0:31001,PLAINTEXT://0.0.0.0:31000,INTERNAL://0.0.0.0:31002")))).isEqualTo(31000);
  }

  @Test
  void aSwitchedBrokerWithoutPlaintextIsProbedOnItsFirstListener() {
    assertThat(ProcessBrokerRunner.listenedPort(spec(31000, Map.of("listeners",
        "CLIENT://0.0.0.0:31001,INTERNAL://0.0.0.0:31002")))).isEqualTo(31001);
  }
}
