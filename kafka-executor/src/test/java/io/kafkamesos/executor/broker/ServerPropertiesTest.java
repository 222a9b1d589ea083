package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.util.List;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {

  private static BrokerTaskSpec spec(Map<String, String> overrides) {
    return new BrokerTaskSpec(2, "kafka0", "zk-1:2181,zk-2:2181/kafka0", "agent-2.example", 31002,
        512, "kafka-volume", "kafka", overrides);
  }

  @Test
  void identifiesTheBrokerAndItsListener() {
    Map<String, String> p = ServerProperties.of(spec(Map.of()), Path.of("/var/lib/volume"));

    assertThat(p).containsExactly(
        Map.entry("broker.id", "2"),
        Map.entry("listeners", "PLAINTEXT://agent-2.example:31002"),
        Map.entry("advertised.listeners", "PLAINTEXT://agent-2.example:31002"),
        Map.entry("log.dirs", "/var/lib/volume"),
        Map.entry("zookeeper.connect", "zk-1:2181,zk-2:2181/kafka0"));
  }

  @Test
  void appliesOverridesLastSoThatTheyWin() {
    Map<String, String> p = ServerProperties.of(
        spec(Map.of("num.partitions", "6", "log.dirs", "/elsewhere")), Path.of("/data"));

    assertThat(p).containsEntry("num.partitions", "6").containsEntry("log.dirs", "/elsewhere");
  }

  @Test
  void rendersAFileThatPropertiesReadsBack() throws IOException {
    BrokerTaskSpec spec = spec(Map.of(
        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL",
        "weird key", " leading space and \\ backslash"));
    String text = ServerProperties.render(spec, Path.of("/data dir"));

    Properties read = new Properties();
    read.load(new StringReader(text));

    assertThat(text).startsWith("# Written by kafka-executor for broker 2 of kafka0\n")
        .contains("listeners=PLAINTEXT://agent-2.example:31002\n");
    assertThat(read).containsEntry("log.dirs", "/data dir")
        .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL")
        .containsEntry("weird key", " leading space and \\ backslash")
        .containsEntry("zookeeper.connect", "zk-1:2181,zk-2:2181/kafka0")
        .hasSize(7);
  }

  private static final List<Voter> VOTERS = List.of(new Voter(3000, "agent-0", 31000),
      new Voter(3001, "agent-1", 31000), new Voter(3002, "agent-2", 31005));

  private static BrokerTaskSpec kraft(NodeKind kind, QuorumMode quorum, int port, int controllerPort) {
    return new BrokerTaskSpec(kind == NodeKind.CONTROLLER ? 3001 : 2, "kafka0", "", "agent-1", port,
        256, "kafka-data", "", Map.of("num.partitions", "6"), "4.4.0", kind,
        new KraftSpec("cid", quorum, VOTERS, KraftSpec.Format.PLAIN, "", controllerPort));
  }

  @Test
  void aControllerListensOnItsControllerListenerAndBootstrapsFromTheQuorum() {
    Map<String, String> p = ServerProperties.of(kraft(NodeKind.CONTROLLER, QuorumMode.DYNAMIC, 31000,
        0), Path.of("/volume"));

    assertThat(p).containsExactly(
        Map.entry("process.roles", "controller"),
        Map.entry("node.id", "3001"),
        Map.entry("listeners", "CONTROLLER://agent-1:31000"),
        Map.entry("advertised.listeners", "CONTROLLER://agent-1:31000"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("controller.quorum.bootstrap.servers", "agent-0:31000,agent-1:31000,agent-2:31005"),
        Map.entry("log.dirs", "/volume"),
        Map.entry("num.partitions", "6"));
  }

  @Test
  void aBrokerOfAStaticQuorumNamesEveryVoterAndItsInterBrokerListener() {
    Map<String, String> p = ServerProperties.of(kraft(NodeKind.BROKER, QuorumMode.STATIC, 31002, 0),
        Path.of("/volume"));

    assertThat(p).containsEntry("process.roles", "broker").containsEntry("node.id", "2")
        .containsEntry("listeners", "PLAINTEXT://agent-1:31002")
        .containsEntry("inter.broker.listener.name", "PLAINTEXT")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("controller.quorum.voters", "3000@agent-0:31000,3001@agent-1:31000,3002@agent-2:31005")
        .doesNotContainKeys("zookeeper.connect", "broker.id", "controller.quorum.bootstrap.servers");
  }

  @Test
  void aCombinedNodeHasBothListeners() {
    Map<String, String> p = ServerProperties.of(kraft(NodeKind.COMBINED, QuorumMode.DYNAMIC, 31002,
        31003), Path.of("/volume"));

    assertThat(p).containsEntry("process.roles", "broker,controller")
        .containsEntry("listeners", "PLAINTEXT://agent-1:31002,CONTROLLER://agent-1:31003");
    assertThat(ServerProperties.render(kraft(NodeKind.COMBINED, QuorumMode.DYNAMIC, 31002, 31003),
        Path.of("/volume"), "4.4.0")).startsWith("# Written by kafka-executor for broker 2 (also a"
        + " controller) of kafka0 (Kafka 4.4.0, KRaft mode, dynamic quorum)\n");
  }
}
