package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerWorkspaceTest {

  @TempDir
  Path sandbox;
  @TempDir
  Path volume;

  private static BrokerTaskSpec spec(String dataDir) {
    return new BrokerTaskSpec(0, "kafka0", "zk:2181/kafka0", "agent-0", 31000, 256, dataDir,
        "kafka", Map.of());
  }

  @Test
  void resolvesAVolumeLinkedIntoTheSandbox() throws IOException {
    Files.createDirectories(sandbox.resolve("kafka/libs"));
    Files.createSymbolicLink(sandbox.resolve("kafka-volume"), volume);

    BrokerLaunch launch = BrokerWorkspace.prepare(spec("kafka-volume"), sandbox, Path.of("java"));

    assertThat(Files.readString(sandbox.resolve("server.properties")))
        .contains("log.dirs=" + volume.toRealPath() + "\n");
    assertThat(launch.command()).containsSubsequence("java", "-Xmx256m", "-Xms256m")
        .contains("-cp", sandbox.resolve("kafka/libs").toAbsolutePath() + "/*")
        .contains("-Dlog4j.configuration=file:"
            + sandbox.resolve("kafka/config/log4j.properties").toAbsolutePath())
        .endsWith("kafka.Kafka", sandbox.resolve("server.properties").toAbsolutePath().toString());
    assertThat(launch.logFile()).isEqualTo(sandbox.resolve("broker.log").toAbsolutePath());
  }

  @Test
  void createsAPlainDataDirectoryInTheSandbox() throws IOException {
    Files.createDirectories(sandbox.resolve("kafka/libs"));

    BrokerWorkspace.prepare(spec("data"), sandbox, Path.of("java"));

    assertThat(sandbox.resolve("data")).isDirectory();
  }

  @Test
  void saysWhereTheDistributionIsMissing() {
    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data"), sandbox, Path.of("java")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the Kafka distribution is not at " + sandbox.resolve("kafka"));
  }
}
