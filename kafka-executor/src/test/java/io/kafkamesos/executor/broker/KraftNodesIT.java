package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.kafka.KafkaDistributions;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real KRaft controllers and brokers of the Kafka distributions, laid out, formatted and supervised
 * as the executor does it, without Mesos: each node in a sandbox of its own with its data on a
 * "volume" linked into it.
 */
class KraftNodesIT {

  private static final Duration WAIT = Duration.ofMinutes(3);

  private final List<Path> dirs = new ArrayList<>();
  private final List<BrokerSupervisor> running = new ArrayList<>();

  /** One node: its sandbox, its volume, what it heard. */
  private final class Node {
    final BrokerTaskSpec spec;
    final Path sandbox;
    final Path volume;
    final CompletableFuture<Void> healthy = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    BrokerSupervisor supervisor;

    Node(BrokerTaskSpec spec, Path volume) throws IOException {
      this.spec = spec;
      this.volume = volume;
      this.sandbox = temp("kraft-sandbox-");
      Path dist = KafkaDistributions.dir(spec.kafkaVersion());
      Files.createSymbolicLink(sandbox.resolve(dist.getFileName()), dist);
      Files.createSymbolicLink(sandbox.resolve("kafka-data"), volume);
    }

    Node start() throws IOException {
      BrokerLaunch launch = BrokerWorkspace.prepare(spec, sandbox, ProcessBrokerRunner.currentJava());
      supervisor = new BrokerSupervisor(launch, ProcessBrokerRunner.probe(spec, launch),
          JmxStartupProbe.kraft(launch, spec.kind().broker()), new BrokerSupervisor.Listener() {
            @Override
            public void healthy() {
              healthy.complete(null);
            }

            @Override
            public void failed(String message) {
              failed.complete(message);
            }
          }, Clock.systemUTC(),
          new BrokerSupervisor.Settings(WAIT, Duration.ofMillis(500), Duration.ofSeconds(30), 20));
      running.add(supervisor);
      supervisor.start();
      return this;
    }

    void awaitHealthy() throws Exception {
      CompletableFuture.anyOf(healthy, failed).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(failed).as("%s failed", spec.describe()).isNotDone();
    }

    String log() throws IOException {
      return Files.readString(sandbox.resolve(BrokerWorkspace.BROKER_LOG));
    }
  }

  @BeforeEach
  void nothing() {
  }

  @AfterEach
  void stopNodesThenCleanUp() throws IOException {
    // brokers first, then the controllers: a broker without controllers waits in its shutdown
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop(Duration.ofSeconds(30));
    }
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aDynamicQuorumOfKafka4FormatsOnceRunsABrokerAndKeepsItsMetadataOnRelaunch() throws Exception {
    String clusterId = Uuid.randomUuid().toString();
    String directoryId = Uuid.randomUuid().toString();
    Voter voter = new Voter(3000, "127.0.0.1", freePort());
    KraftSpec controllerKraft = new KraftSpec(clusterId, QuorumMode.DYNAMIC, List.of(voter),
        KraftSpec.Format.INITIAL, voter.initialEntry(directoryId), 0);
    Path controllerVolume = temp("kraft-volume-");
    Node controller = new Node(spec(3000, NodeKind.CONTROLLER, voter.port(), controllerKraft, "4.4.0"),
        controllerVolume).start();
    controller.awaitHealthy();

    assertThat(Files.readString(controller.sandbox.resolve("server.properties")))
        .contains("process.roles=controller", "node.id=3000",
            "controller.quorum.bootstrap.servers=" + voter.endpoint())
        .doesNotContain("zookeeper.connect", "controller.quorum.voters");
    assertThat(StorageFormat.read(controllerVolume)).hasValueSatisfying(m -> {
      assertThat(m.clusterId()).isEqualTo(clusterId);
      assertThat(m.directoryId()).as("the directory id the scheduler chose").isEqualTo(directoryId);
    });

    KraftSpec brokerKraft = new KraftSpec(clusterId, QuorumMode.DYNAMIC, List.of(voter),
        KraftSpec.Format.PLAIN, "", 0);
    Node broker = new Node(spec(0, NodeKind.BROKER, freePort(), brokerKraft, "4.4.0"),
        temp("kraft-volume-")).start();
    broker.awaitHealthy();
    assertThat(broker.log()).contains("Transitioning from RECOVERY to RUNNING");

    try (Admin admin = admin(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, voter.endpoint())) {
      QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
      assertThat(quorum.leaderId()).isEqualTo(3000);
      assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaDirectoryId)
          .containsExactly(Uuid.fromString(directoryId));
      assertThat(quorum.observers()).extracting(QuorumInfo.ReplicaState::replicaId).contains(0);
    }

    // relaunched in place: the same volume, formatted already, is not formatted again
    controller.supervisor.stop(WAIT);
    String formatLog = Files.readString(controller.sandbox.resolve(StorageFormat.FORMAT_LOG));
    Node again = new Node(controller.spec, controllerVolume).start();
    again.awaitHealthy();
    assertThat(Files.exists(again.sandbox.resolve(StorageFormat.FORMAT_LOG))).isFalse();
    assertThat(formatLog).contains("Formatting dynamic metadata voter directory");
    assertThat(StorageFormat.read(controllerVolume).orElseThrow().directoryId()).isEqualTo(directoryId);
  }

  @Test
  void aStaticQuorumOfKafka391RunsABrokerInKraftMode() throws Exception {
    String clusterId = Uuid.randomUuid().toString();
    Voter voter = new Voter(3000, "127.0.0.1", freePort());
    KraftSpec kraft = new KraftSpec(clusterId, QuorumMode.STATIC, List.of(voter),
        KraftSpec.Format.PLAIN, "", 0);
    Node controller = new Node(spec(3000, NodeKind.CONTROLLER, voter.port(), kraft, "3.9.1"),
        temp("kraft-volume-")).start();
    Node broker = new Node(spec(0, NodeKind.BROKER, freePort(), kraft, "3.9.1"),
        temp("kraft-volume-")).start();
    controller.awaitHealthy();
    broker.awaitHealthy();

    assertThat(Files.readString(broker.sandbox.resolve("server.properties")))
        .startsWith("# Written by kafka-executor for broker 0 of kafka-it (Kafka 3.9.1, KRaft mode,"
            + " static quorum)")
        .contains("process.roles=broker", "controller.quorum.voters=" + voter.voterEntry());
    try (Admin admin = admin(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:"
        + broker.spec.port())) {
      assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
    }
  }

  @Test
  void aVolumeOfAnotherClusterIsNeverFormattedAgain() throws Exception {
    Voter voter = new Voter(3000, "127.0.0.1", freePort());
    Path volume = temp("kraft-volume-");
    Files.writeString(volume.resolve("meta.properties"),
        "node.id=3000\ndirectory.id=x\nversion=1\ncluster.id=someone-elses\n");
    KraftSpec kraft = new KraftSpec("ours", QuorumMode.STATIC, List.of(voter),
        KraftSpec.Format.PLAIN, "", 0);
    Node controller = new Node(spec(3000, NodeKind.CONTROLLER, voter.port(), kraft, "3.9.1"), volume);

    assertThatThrownBy(controller::start).isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to cluster someone-elses");
    assertThat(Files.readString(volume.resolve("meta.properties"))).contains("someone-elses");
  }

  private static BrokerTaskSpec spec(int id, NodeKind kind, int port, KraftSpec kraft,
      String version) {
    // 256 MB as the other ITs' brokers: a broker's log cleaner takes its 128 MB dedupe buffer at
    // start, which a 192 MB heap could not always give (seen: OutOfMemoryError in LogCleaner)
    return new BrokerTaskSpec(id, "kafka-it", "", "127.0.0.1", port, 256, "kafka-data", "",
        Map.of("offsets.topic.replication.factor", "1"), version, kind, kraft);
  }

  private static Admin admin(String bootstrapKey, String bootstrap) {
    Properties props = new Properties();
    props.put(bootstrapKey, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
    return Admin.create(props);
  }

  private Path temp(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    dirs.add(dir);
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
