package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
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
}
