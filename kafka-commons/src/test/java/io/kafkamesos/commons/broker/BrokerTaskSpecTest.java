package io.kafkamesos.commons.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  private static final List<Voter> VOTERS = List.of(new Voter(3000, "127.0.0.2", 31000),
      new Voter(3001, "127.0.0.3", 31000), new Voter(3002, "127.0.0.4", 31001));

  @Test
  void aControllerOfADynamicQuorumCarriesItsClusterIdQuorumAndInitialControllers() {
    KraftSpec kraft = new KraftSpec("6DGRBsXoRCSbmxWzAdWw5g", QuorumMode.DYNAMIC, VOTERS,
        KraftSpec.Format.INITIAL, "3000@127.0.0.2:31000:yq58JYrzTZOUa1etyvYw4A,3001@...", 0);
    BrokerTaskSpec spec = new BrokerTaskSpec(3000, "kafka0", "", "127.0.0.2", 31000, 128, "kafka-data",
        "", Map.of(), "4.4.0", NodeKind.CONTROLLER, kraft);
    String text = new String(spec.encode(), StandardCharsets.UTF_8);

    assertThat(text).contains("node.kind=controller", "metadata.mode=kraft", "kraft.quorum=dynamic",
        "kraft.format=initial").doesNotContain("zookeeper.connect");
    assertThat(BrokerTaskSpec.decode(spec.encode())).isEqualTo(spec);
    assertThat(spec.describe()).isEqualTo("controller 3000");
    assertThat(kraft.bootstrapServers()).isEqualTo("127.0.0.2:31000,127.0.0.3:31000,127.0.0.4:31001");
  }

  @Test
  void aBrokerOfAStaticQuorumListsTheVoters() {
    KraftSpec kraft = new KraftSpec("id", QuorumMode.STATIC, VOTERS, KraftSpec.Format.PLAIN, "", 0);
    BrokerTaskSpec spec = new BrokerTaskSpec(1, "kafka0", "", "h", 9092, 256, "d", "", Map.of(),
        "3.9.1", NodeKind.BROKER, kraft);

    assertThat(BrokerTaskSpec.decode(spec.encode())).isEqualTo(spec);
    assertThat(kraft.votersProperty())
        .isEqualTo("3000@127.0.0.2:31000,3001@127.0.0.3:31000,3002@127.0.0.4:31001");
  }

  @Test
  void aZooKeeperBrokerStaysWhatItWas() {
    BrokerTaskSpec spec = new BrokerTaskSpec(0, "kafka0", "zk:2181/kafka0", "h", 1, 256, "d", "",
        Map.of(), "3.9.1");
    String text = new String(spec.encode(), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("node.kind", "metadata.mode", "kraft.");
    assertThat(spec.kind()).isEqualTo(NodeKind.BROKER);
    assertThat(spec.isKraft()).isFalse();
  }

  @Test
  void refusesNodesThatCannotBe() {
    assertThatThrownBy(() -> new BrokerTaskSpec(3000, "kafka0", "zk", "h", 1, 256, "d", "", Map.of(),
        "3.9.1", NodeKind.CONTROLLER, null)).hasMessageContaining("KRaft mode only");
    assertThatThrownBy(() -> new KraftSpec("id", QuorumMode.STATIC, VOTERS, KraftSpec.Format.INITIAL,
        "3000@h:1:d", 0)).hasMessageContaining("static quorum");
    KraftSpec noPort = new KraftSpec("id", QuorumMode.DYNAMIC, VOTERS, KraftSpec.Format.PLAIN, "", 0);
    assertThatThrownBy(() -> new BrokerTaskSpec(0, "kafka0", "", "h", 1, 256, "d", "", Map.of(),
        "4.4.0", NodeKind.COMBINED, noPort)).hasMessageContaining("controller listener");
  }

  @Test
  void namesAnUnknownKindOrFormat() {
    KraftSpec kraft = new KraftSpec("id", QuorumMode.DYNAMIC, VOTERS, KraftSpec.Format.JOIN, "", 0);
    BrokerTaskSpec spec = new BrokerTaskSpec(3001, "kafka0", "", "h", 1, 256, "d", "", Map.of(),
        "4.4.0", NodeKind.CONTROLLER, kraft);
    String text = new String(spec.encode(), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BrokerTaskSpec.decode(text.replace("node.kind=controller",
        "node.kind=zookeeper").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'node.kind'");
    assertThatThrownBy(() -> BrokerTaskSpec.decode(text.replace("kraft.format=join",
        "kraft.format=later").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'kraft.format'");
  }
}
