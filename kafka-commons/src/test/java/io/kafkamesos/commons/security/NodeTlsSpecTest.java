package io.kafkamesos.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTlsSpecTest {

  private final BrokerTaskSpec spec = new BrokerTaskSpec(2, "kafka0", "zk:2181/kafka0", "agent-1",
      31000, 512, "kafka-data", "", Map.of("num.partitions", "3"), "3.9.1");

  @Test
  void travelsBesideTheBrokerSpecWhichIgnoresIt() {
    NodeTlsSpec tls = new NodeTlsSpec("s3cret", Map.of("listeners", "CLIENT://agent-1:31000",
        "listener.name.client.scram-sha-512.sasl.jaas.config", "a b=c;"));
    byte[] data = tls.appendTo(spec.encode());

    assertThat(BrokerTaskSpec.decode(data)).isEqualTo(spec);
    assertThat(NodeTlsSpec.decode(data)).contains(tls);
  }

  @Test
  void aNodeWithoutTlsHasNone() {
    assertThat(NodeTlsSpec.decode(spec.encode())).isEmpty();
  }

  @Test
  void printsNoSecret() {
    assertThat(new NodeTlsSpec("s3cret", Map.of("listeners", "x")).toString())
        .doesNotContain("s3cret").contains("listeners");
  }

  @Test
  void needsASecret() {
    assertThatThrownBy(() -> new NodeTlsSpec(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
