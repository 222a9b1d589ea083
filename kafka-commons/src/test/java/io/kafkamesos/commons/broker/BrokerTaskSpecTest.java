package io.kafkamesos.commons.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerTaskSpecTest {

  @Test
  void survivesTheTripThroughTaskData() {
    BrokerTaskSpec spec = new BrokerTaskSpec(2, "kafka0", "127.0.0.1:2181/kafka0", "127.0.0.3",
        31002, 256, "kafka-data", "kafka", Map.of("num.partitions", "6", "log.retention.hours", "1"));

    assertThat(BrokerTaskSpec.decode(spec.encode())).isEqualTo(spec);
  }

  @Test
  void carriesTheKafkaVersionAndLeavesTheHomeToTheExecutor() {
    BrokerTaskSpec spec = new BrokerTaskSpec(0, "kafka0", "zk:2181/kafka0", "h", 1, 256, "d", "",
        Map.of(), "3.9.1");
    String text = new String(spec.encode(), StandardCharsets.UTF_8);

    assertThat(text).contains("kafka.version=3.9.1").doesNotContain("kafka.home");
    assertThat(BrokerTaskSpec.decode(spec.encode())).isEqualTo(spec);
  }

  @Test
  void aSpecWithoutVersionOrHomeStillDecodes() {
    byte[] data = ("broker.id=1\nframework.name=kafka0\nzookeeper.connect=zk:2181/kafka0\n"
        + "advertised.host=h\nport=9092\nheap.mb=256\ndata.dir=d\n").getBytes(StandardCharsets.UTF_8);
    BrokerTaskSpec spec = BrokerTaskSpec.decode(data);
    assertThat(spec.kafkaVersion()).isEmpty();
    assertThat(spec.kafkaHome()).isEmpty();
  }

  @Test
  void namesTheKeyThatIsMissing() {
    byte[] data = "broker.id=1\nframework.name=kafka0\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BrokerTaskSpec.decode(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zookeeper.connect");
  }

  @Test
  void namesTheKeyThatIsNotANumber() {
    BrokerTaskSpec spec = new BrokerTaskSpec(1, "kafka0", "zk:2181/kafka0", "h", 1, 256, "d", "k",
        Map.of());
    String text = new String(spec.encode(), StandardCharsets.UTF_8).replace("port=1", "port=one");
    assertThatThrownBy(() -> BrokerTaskSpec.decode(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'port'");
  }
}
