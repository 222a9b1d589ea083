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

  private static BrokerTaskSpec spec(String dataDir, String version) {
    return new BrokerTaskSpec(0, "kafka0", "zk:2181/kafka0", "agent-0", 31000, 256, dataDir, "",
        Map.of(), version);
  }

  /** An unpacked archive as Apache lays it out: one top folder with libs/ and config/. */
  private Path distribution(String top, String brokerJar) throws IOException {
    Path home = sandbox.resolve(top);
    Files.createDirectories(home.resolve("libs"));
    Files.createDirectories(home.resolve("config"));
    Files.writeString(home.resolve("libs").resolve(brokerJar), "");
    Files.writeString(home.resolve("libs/zookeeper-3.8.4.jar"), "");
    Files.writeString(home.resolve("config/log4j.properties"), "log4j.rootLogger=INFO\n");
    return home.toAbsolutePath();
  }

  @Test
  void runsTheArchivesSingleTopFolderOnAVolumeLinkedIntoTheSandbox() throws IOException {
    Path home = distribution("kafka_2.13-3.9.1", "kafka_2.13-3.9.1.jar");
    Files.writeString(sandbox.resolve("kafka_2.13-3.9.1.tgz"), "the fetched archive");
    Files.createDirectories(sandbox.resolve("jre/bin"));
    Files.createSymbolicLink(sandbox.resolve("kafka-volume"), volume);

    BrokerLaunch launch = BrokerWorkspace.prepare(spec("kafka-volume", "3.9.1"), sandbox,
        Path.of("java"));

    assertThat(Files.readString(sandbox.resolve("server.properties")))
        .startsWith("# Written by kafka-executor for broker 0 of kafka0 (Kafka 3.9.1, ZooKeeper mode)")
        .contains("log.dirs=" + volume.toRealPath() + "\n");
    assertThat(launch.command()).containsSubsequence("java", "-Xmx256m", "-Xms256m")
        .contains("-cp", home.resolve("libs") + "/*")
        .contains("-Dlog4j.configuration=file:" + home.resolve("config/log4j.properties"))
        .contains("-Dkafka.logs.dir=" + sandbox.resolve("kafka-logs").toAbsolutePath())
        .endsWith("kafka.Kafka", sandbox.resolve("server.properties").toAbsolutePath().toString());
    assertThat(launch.logFile()).isEqualTo(sandbox.resolve("broker.log").toAbsolutePath());
  }

  @Test
  void aZooKeeperModeBrokerOutsideAMigrationDropsTheMetadataLogOfARevertedOne() throws IOException {
    distribution("kafka_2.13-3.9.1", "kafka_2.13-3.9.1.jar");
    Path metadata = Files.createDirectories(sandbox.resolve("data/__cluster_metadata-0"));
    Files.writeString(metadata.resolve("quorum-state"), "{\"leaderEpoch\":4}");
    Path topic = Files.createDirectories(sandbox.resolve("data/orders-0"));
    Files.writeString(topic.resolve("00000000000000000000.log"), "records");

    // in migration mode the broker replicates the metadata log: it stays
    BrokerWorkspace.prepare(new BrokerTaskSpec(0, "kafka0", "zk:2181/kafka0", "agent-0", 31000, 256,
        "data", "", Map.of("zookeeper.metadata.migration.enable", "true"), "3.9.1"), sandbox,
        Path.of("java"));
    assertThat(metadata.resolve("quorum-state")).exists();

    // back in plain ZooKeeper mode (a reverted migration): the old quorum's log goes, the data stays
    BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java"));
    assertThat(metadata).doesNotExist();
    assertThat(topic.resolve("00000000000000000000.log")).hasContent("records");
  }

  @Test
  void takesTheOlderKafkaFolderAndAPlainDataDirectory() throws IOException {
    distribution("kafka", "kafka_2.11-2.4.1.jar");

    BrokerWorkspace.prepare(spec("data", "2.4.1"), sandbox, Path.of("java"));

    assertThat(sandbox.resolve("data")).isDirectory();
  }

  @Test
  void logsToStdoutWhenTheArchiveHasNoLoggingConfiguration() throws IOException {
    Path home = distribution("kafka_2.13-3.9.1", "kafka_2.13-3.9.1.jar");
    Files.delete(home.resolve("config/log4j.properties"));

    BrokerLaunch launch = BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java"));

    Path written = sandbox.resolve("broker-default-log4j.properties").toAbsolutePath();
    assertThat(launch.command()).contains("-Dlog4j.configuration=file:" + written);
    assertThat(Files.readString(written)).contains("ConsoleAppender");
  }

  @Test
  void refusesAnArchiveWithoutTopFolder() throws IOException {
    Files.createDirectories(sandbox.resolve("libs"));

    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the Kafka archive has no top folder");
  }

  @Test
  void refusesTwoDistributions() throws IOException {
    distribution("kafka_2.13-3.9.1", "kafka_2.13-3.9.1.jar");
    distribution("kafka_2.11-2.4.1", "kafka_2.11-2.4.1.jar");

    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java")))
        .hasMessageContaining("more than one Kafka distribution")
        .hasMessageContaining("kafka_2.11-2.4.1/, kafka_2.13-3.9.1/");
  }

  @Test
  void refusesAnArchiveWithoutKafkaJar() throws IOException {
    Files.createDirectories(sandbox.resolve("something/libs"));
    Files.writeString(sandbox.resolve("something/libs/scala-library-2.13.15.jar"), "");

    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java")))
        .hasMessageContaining("no Kafka jar in")
        .hasMessageContaining("not a Kafka distribution");
  }

  @Test
  void saysWhenNothingWasUnpacked() {
    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Kafka distribution in the sandbox");
  }

  @Test
  void refusesAnArchiveOfAnotherVersionThanTheClusterRuns() throws IOException {
    distribution("kafka_2.11-2.4.1", "kafka_2.11-2.4.1.jar");

    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", "3.9.1"), sandbox, Path.of("java")))
        .hasMessageContaining("the Kafka archive holds Kafka 2.4.1")
        .hasMessageContaining("the cluster runs Kafka 3.9.1");
  }

  @Test
  void refusesAVersionThatCannotRunInZooKeeperMode() throws IOException {
    distribution("kafka_2.13-4.4.0", "kafka_2.13-4.4.0.jar");

    assertThatThrownBy(() -> BrokerWorkspace.prepare(spec("data", ""), sandbox, Path.of("java")))
        .hasMessageContaining("Kafka 4.4.0 cannot run in ZooKeeper mode");
  }
}
