package io.kafkamesos.it.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.PlanPoll;
import io.kafkamesos.it.Poll;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 14's online migration, end to end: a ZooKeeper-mode cluster of Kafka 3.9.1 (three brokers
 * on persistent volumes, installed as a Marathon app) is given {@code KAFKA_METADATA_MODE=KRAFT}
 * under an idempotent {@code acks=all} producer into a topic with replication 3 and
 * {@code min.insync.replicas=2}. Its plan provisions three controllers with the cluster's id, rolls
 * the brokers into migration mode, waits for Kafka to report the metadata migrated, rolls them again
 * as KRaft brokers, waits for the operator at {@code finalize} and then rolls the controllers out of
 * migration mode. Afterwards: every acknowledged record is read back, the topic and its config are
 * kept, the brokers' {@code server.properties} have no {@code zookeeper.connect}, and
 * {@code /v1/connection} lists the controllers instead of ZooKeeper. Prints its duration.
 *
 * <p>Before it, on the same cluster: a migration interrupted during its {@code kraft-brokers} roll
 * (the metadata migrated, one broker running as a KRaft broker, the others in migration mode) is
 * reverted by putting {@code KAFKA_METADATA_MODE=ZOOKEEPER} back: the KRaft broker goes back to
 * dual-write first, then the controllers go and the brokers leave migration mode; the full
 * migration then starts from that plain ZooKeeper-mode cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KraftMigrationIT {

  private static final String NAME = "kafkamig";
  private static final String TOPIC = "migrated";
  private static final Duration PLAN = Duration.ofMinutes(20);

  private final long started = System.nanoTime();
  private LocalCluster cluster;
  private MarathonScheduler scheduler;
  private Path work;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(3);
    work = Files.createTempDirectory("migration-it-");
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(),
        NAME, Map.ofEntries(Map.entry("BROKER_COUNT", "3"), Map.entry("BROKER_PV", "true"),
            Map.entry("KAFKA_VERSION", "3.9.1"), Map.entry("KAFKA_METADATA_MODE", "ZOOKEEPER"),
            Map.entry("BROKER_HEAP_MB", "256"), Map.entry("PLAN_STEP_TIMEOUT_SECONDS", "600")));
    scheduler.awaitApi(Duration.ofMinutes(2));
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2", "retention.ms", "86400000")));
    }
    assertThat(Json.get(scheduler.apiUrl() + "/v1/connection").body().path("zookeeper").asText())
        .endsWith("/" + NAME);
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", "migration-it-logs"));
        cluster.close();
      }
    } finally {
      if (work != null) {
        LocalCluster.deleteRecursively(work);
      }
      System.out.printf("[KraftMigrationIT] migration of 3 brokers of Kafka 3.9.1 to KRaft: %.1f s"
          + " in all%n", (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  @Order(1)
  void aMigrationWithAKraftBrokerIsRevertedToZooKeeperModeKeepingEveryAcknowledgedRecord()
      throws Exception {
    try (AckedProducer producer = AckedProducer.start(bootstrap(), TOPIC, 200)) {
      Poll.untilTrue("records acknowledged before the migration", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 200);
      long start = System.nanoTime();
      scheduler.restartWith(Map.of("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3",
          "CONTROLLER_HEAP_MB", "128", "CONTROLLER_MEM", "384", "CONTROLLER_CPUS", "0.3"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      // interrupted while its first broker becomes a KRaft broker: that step ends, the roll holds
      awaitPlan("2", "at the first step of kraft-brokers", p -> steps(p, 4, "IN_PROGRESS") == 1);
      assertThat(Json.put(scheduler.apiUrl() + "/v1/plan/interrupt").status()).isEqualTo(200);
      JsonNode held = awaitPlan("2", "interrupted after one step of kraft-brokers", p ->
          steps(p, 4, "COMPLETE") >= 1 && steps(p, 4, "IN_PROGRESS") == 0
              && "INTERRUPTED".equals(p.path("status").asText()));
      long kraftBrokers = steps(held, 4, "COMPLETE");
      assertThat(steps(held, 4, "PENDING")).as(held.toString()).isEqualTo(3 - kraftBrokers)
          .isPositive();
      assertThat(brokerProperties().values().stream().filter(f -> {
        try {
          return "broker".equals(properties(f).getProperty("process.roles"));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count()).as("brokers that run as KRaft brokers").isEqualTo(kraftBrokers);
      // the cluster is in dual-write: Kafka's active controller migrated the metadata
      Poll.untilTrue("Kafka's /migration to say the metadata is migrated", Duration.ofMinutes(3),
          () -> zk(z -> z.exists("/migration", false) == null ? -1L : new ObjectMapper().readTree(
              z.getData("/migration", false, null)).path("kraft_metadata_offset").asLong(-1)) > 0);
      assertThat(controllerInZooKeeper()).as("a KRaft controller holds /controller").isGreaterThanOrEqualTo(3000);

      scheduler.restartWith(Map.of("KAFKA_METADATA_MODE", "ZOOKEEPER"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode done = awaitPlan("3", "COMPLETE", p -> "COMPLETE".equals(p.path("status").asText()));
      assertThat(done.path("phases")).extracting(p -> p.path("name").asText())
          .containsExactly("launch", "dual-write-brokers", "remove-controllers",
              "zookeeper-controller", "zookeeper-brokers");
      assertThat(done.path("phases").get(1).path("steps")).as("the KRaft brokers roll back")
          .hasSize((int) kraftBrokers);
      assertThat(done.path("phases").get(4).path("steps")).hasSize(3);
      System.out.printf("[KraftMigrationIT] revert to ZooKeeper mode from kraft-brokers (migration"
          + " to its first KRaft broker, then the revert): %.1f s%n",
          (System.nanoTime() - start) / 1e9);

      // a plain ZooKeeper-mode cluster again: brokers registered in ZooKeeper, one of them the
      // controller, no migration state, no controller task, no migration settings
      assertThat(zk(z -> z.getChildren("/brokers/ids", false)).stream().map(Integer::parseInt)
          .sorted().toList()).containsExactly(0, 1, 2);
      assertThat(controllerInZooKeeper()).isBetween(0, 2);
      boolean migrationLeft = zk(z -> z.exists("/migration", false) != null);
      assertThat(migrationLeft).as("Kafka's /migration").isFalse();
      assertThat(cluster.tasks(NAME)).as("no controller task").allSatisfy((task, state) ->
          assertThat(task.startsWith("controller-") && state.equals("TASK_RUNNING")).as(task).isFalse());
      for (Map.Entry<Integer, Path> e : brokerProperties().entrySet()) {
        Properties p = properties(e.getValue());
        assertThat(p.getProperty("zookeeper.connect")).as("broker %s: %s", e.getKey(), p)
            .endsWith("/" + NAME);
        assertThat(p.getProperty("zookeeper.metadata.migration.enable")).as("broker %s", e.getKey())
            .isNull();
        assertThat(p.getProperty("controller.quorum.voters")).as("broker %s", e.getKey()).isNull();
        assertThat(p.getProperty("process.roles")).as("broker %s", e.getKey()).isNull();
      }
      JsonNode connection = Json.get(scheduler.apiUrl() + "/v1/connection").body();
      assertThat(connection.path("zookeeper").asText()).as(connection.toString()).endsWith("/" + NAME);
      assertThat(connection.has("controllers")).as(connection.toString()).isFalse();
      assertThat(Json.get(scheduler.apiUrl() + "/v1/controllers").status()).isEqualTo(404);

      awaitInSync();
      long after = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the revert", Duration.ofMinutes(2),
          () -> producer.acknowledged() > after + 200);
      producer.stop();
      assertThat(producer.errors()).as("send errors").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap());
    }
    assertTopicKept();
  }

  @Test
  @Order(2)
  void aZooKeeperClusterMigratesToKraftOnlineKeepingEveryAcknowledgedRecord() throws Exception {
    Map<Integer, Path> zkMode = brokerProperties();
    for (Map.Entry<Integer, Path> e : zkMode.entrySet()) {
      assertThat(properties(e.getValue()).getProperty("zookeeper.connect")).as("broker %s", e.getKey())
          .endsWith("/" + NAME);
    }
    try (AckedProducer producer = AckedProducer.start(bootstrap(), TOPIC, 200)) {
      Poll.untilTrue("records acknowledged before the migration", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 200);

      long migrationStart = System.nanoTime();
      String target = Integer.toString(Json.get(scheduler.apiUrl() + "/v1/plan").body()
          .path("target").path("id").asInt() + 1);
      scheduler.restartWith(Map.of("KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3",
          "CONTROLLER_HEAP_MB", "128", "CONTROLLER_MEM", "384", "CONTROLLER_CPUS", "0.3"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode gate = awaitPlan(target, "at the finalize gate", KraftMigrationIT::atFinalize);
      assertThat(gate.path("phases")).extracting(p -> p.path("name").asText())
          .containsExactly("launch", "controllers", "dual-write", "metadata-migrated",
              "kraft-brokers", "finalize", "kraft-controllers");
      for (int phase : new int[] {1, 2, 3, 4}) {
        assertThat(gate.path("phases").get(phase).path("status").asText())
            .as("phase %s", gate.path("phases").get(phase).path("name")).isEqualTo("COMPLETE");
      }
      assertThat(gate.path("phases").get(2).path("steps")).hasSize(3);
      assertThat(gate.path("phases").get(4).path("steps")).hasSize(3);
      assertThat(gate.path("message").asText()).contains("plan continue");

      // the brokers run as KRaft brokers already: no ZooKeeper in what they were started with
      Map<Integer, Path> kraftBrokers = brokerProperties();
      for (Map.Entry<Integer, Path> e : kraftBrokers.entrySet()) {
        Properties p = properties(e.getValue());
        assertThat(p.getProperty("zookeeper.connect")).as("broker %s: %s", e.getKey(), p).isNull();
        assertThat(p.getProperty("zookeeper.metadata.migration.enable")).as("broker %s", e.getKey())
            .isNull();
        assertThat(p.getProperty("process.roles")).as("broker %s", e.getKey()).isEqualTo("broker");
        assertThat(p.getProperty("node.id")).as("broker %s", e.getKey())
            .isEqualTo(Integer.toString(e.getKey()));
      }
      JsonNode quorum = Json.get(scheduler.apiUrl() + "/v1/controllers").body();
      assertThat(quorum.path("clusterId").asText()).as(quorum.toString()).isEqualTo(zkClusterId());

      DcosCli.Run resume = DcosCli.throughDcos(cluster.mesos().masterUrl(), work.resolve("cli"))
          .framework(NAME).kafka("plan", "continue");
      assertThat(resume.exit()).as(resume.toString()).isZero();
      JsonNode done = awaitPlan(target, "COMPLETE", p -> "COMPLETE".equals(p.path("status").asText()));
      assertThat(done.path("phases").get(6).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      System.out.printf("[KraftMigrationIT] migration plan (with the operator's finalize): %.1f s%n",
          (System.nanoTime() - migrationStart) / 1e9);

      JsonNode connection = Json.get(scheduler.apiUrl() + "/v1/connection").body();
      assertThat(connection.has("zookeeper")).as(connection.toString()).isFalse();
      assertThat(connection.path("controllers")).as(connection.toString()).hasSize(3);
      awaitInSync();
      long after = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the migration", Duration.ofMinutes(2),
          () -> producer.acknowledged() > after + 200);
      producer.stop();
      assertThat(producer.errors()).as("send errors").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap());
    }
    assertTopicKept();
    // the controllers are out of migration mode too
    Map<Integer, Path> controllers = nodeProperties("controller-");
    assertThat(controllers.keySet()).containsExactly(3000, 3001, 3002);
    for (Map.Entry<Integer, Path> e : controllers.entrySet()) {
      Properties p = properties(e.getValue());
      assertThat(p.getProperty("zookeeper.connect")).as("controller %s: %s", e.getKey(), p).isNull();
      assertThat(p.getProperty("zookeeper.metadata.migration.enable")).as("controller %s", e.getKey())
          .isNull();
      assertThat(p.getProperty("process.roles")).isEqualTo("controller");
    }
  }

  /**
   * Issue 14, after the migration: the migrated KRaft cluster of Kafka 3.9.1 is given
   * {@code KAFKA_VERSION=4.4.0} under an idempotent {@code acks=all} producer. Its plan rolls the
   * controllers, then the brokers onto 4.4.0 with {@code metadata.version} kept at 3.9's, waits
   * for the operator at {@code finalize}, then raises {@code metadata.version} with the admin
   * client and waits until the brokers and the controllers report it.
   */
  @Test
  @Order(3)
  void theMigratedClusterUpgradesToKafka440AndRaisesItsMetadataVersionAfterTheOperatorsGate()
      throws Exception {
    JsonNode migrated = Json.get(scheduler.apiUrl() + "/v1/plan").body();
    Assumptions.assumeTrue("COMPLETE".equals(migrated.path("status").asText())
        && migrated.path("phases").findValuesAsText("name").contains("kraft-controllers"),
        "the migration to KRaft completed");
    // the targets before: the revert's (when it ran first), then the migration's
    String upgradeTarget = String.valueOf(migrated.path("target").path("id").asInt() + 1);
    short before;
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      before = finalizedMetadata(admin);
    }
    try (AckedProducer producer = AckedProducer.start(bootstrap(), TOPIC, 200)) {
      Poll.untilTrue("records acknowledged before the upgrade", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 200);
      long upgradeStart = System.nanoTime();
      scheduler.restartWith(Map.of("KAFKA_VERSION", "4.4.0"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode gate = awaitPlan(upgradeTarget, "at the upgrade's finalize gate", p ->
          "WAITING".equals(p.path("status").asText()) && p.path("phases").size() == 5
              && "WAITING".equals(p.path("phases").get(3).path("status").asText()));
      assertThat(gate.path("phases")).extracting(p -> p.path("name").asText())
          .containsExactly("launch", "controllers", "upgrade", "finalize", "raise-metadata");
      assertThat(gate.path("phases").get(1).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      assertThat(gate.path("phases").get(2).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      JsonNode upgrade = gate.path("upgrade");
      assertThat(upgrade.path("from").asText()).as(upgrade.toString()).isEqualTo("3.9.1");
      assertThat(upgrade.path("to").asText()).isEqualTo("4.4.0");
      assertThat(upgrade.path("fromMetadataVersion").asText()).isEqualTo("3.9-IV0");
      assertThat(upgrade.path("toMetadataVersion").asText()).isEqualTo("4.4-IV2");
      assertThat(upgrade.path("raised").asBoolean(true)).isFalse();
      assertThat(upgrade.path("metadataRaised").asBoolean(true)).isFalse();
      assertThat(gate.path("message").asText()).contains("plan continue");
      assertEveryNodeRuns("kafka_2.13-4.4.0");
      try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
        assertThat(finalizedMetadata(admin)).as("metadata.version kept at the gate").isEqualTo(before);
      }

      DcosCli.Run resume = DcosCli.throughDcos(cluster.mesos().masterUrl(), work.resolve("cli"))
          .framework(NAME).kafka("plan", "continue");
      assertThat(resume.exit()).as(resume.toString()).isZero();
      JsonNode done = awaitPlan(upgradeTarget, "COMPLETE", p -> "COMPLETE".equals(p.path("status").asText()));
      assertThat(done.path("upgrade").path("raised").asBoolean()).as(done.toString()).isTrue();
      assertThat(done.path("upgrade").path("metadataRaised").asBoolean()).isTrue();
      System.out.printf("[KraftMigrationIT] upgrade of the KRaft cluster to Kafka 4.4.0 (with the"
          + " operator's finalize): %.1f s%n", (System.nanoTime() - upgradeStart) / 1e9);

      awaitInSync();
      long after = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the upgrade", Duration.ofMinutes(2),
          () -> producer.acknowledged() > after + 200);
      producer.stop();
      assertThat(producer.errors()).as("send errors").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap());
    }
    assertTopicKept();
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      org.apache.kafka.clients.admin.FeatureMetadata features = admin.describeFeatures()
          .featureMetadata().get(30, TimeUnit.SECONDS);
      short raised = features.finalizedFeatures().get("metadata.version").maxVersionLevel();
      assertThat(raised).as("metadata.version raised").isGreaterThan(before)
          .isEqualTo(features.supportedFeatures().get("metadata.version").maxVersion());
    }
    JsonNode connection = Json.get(scheduler.apiUrl() + "/v1/connection").body();
    Properties controllersClient = new Properties();
    List<String> controllerAddresses = new java.util.ArrayList<>();
    connection.path("controllers").forEach(c -> controllerAddresses.add(c.asText()));
    controllersClient.put("bootstrap.controllers", String.join(",", controllerAddresses));
    try (AdminClient admin = AdminClient.create(controllersClient)) {
      assertThat(finalizedMetadata(admin)).as("the controllers' metadata.version").isGreaterThan(before);
    }
    assertThat(connection.has("zookeeper")).as(connection.toString()).isFalse();
    for (Map.Entry<Integer, Path> e : brokerProperties().entrySet()) {
      Properties p = properties(e.getValue());
      assertThat(p.getProperty("zookeeper.connect")).as("broker %s: %s", e.getKey(), p).isNull();
      assertThat(p.getProperty("process.roles")).as("broker %s", e.getKey()).isEqualTo("broker");
    }
    assertEveryNodeRuns("kafka_2.13-4.4.0");
  }

  private static short finalizedMetadata(AdminClient admin) throws Exception {
    org.apache.kafka.clients.admin.FinalizedVersionRange range = admin.describeFeatures()
        .featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures().get("metadata.version");
    assertThat(range).as("a finalized metadata.version").isNotNull();
    return range.maxVersionLevel();
  }

  /** Every broker's and controller's JVM runs from the distribution {@code topFolder}. */
  private void assertEveryNodeRuns(String topFolder) {
    for (String prefix : new String[] {"broker-", "controller-"}) {
      Poll.untilTrue("3 " + prefix + " JVMs of " + topFolder, Duration.ofMinutes(2), () -> {
        int[] on = {0};
        cluster.tasks(NAME).forEach((task, state) -> {
          if (state.equals("TASK_RUNNING") && task.startsWith(prefix)) {
            String executor = io.kafkamesos.commons.node.NodeTaskId.parse(task).orElseThrow().executorId();
            cluster.brokerProcess(executor).flatMap(p -> p.info().arguments()).ifPresent(args -> {
              if (java.util.Arrays.stream(args).anyMatch(a -> a.contains(topFolder))) {
                on[0]++;
              }
            });
          }
        });
        return on[0] == 3;
      });
    }
  }

  /** The topic and its configs as created before the migration. */
  private void assertTopicKept() throws Exception {
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
      assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
      assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
      assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(TOPIC).partitions()).hasSize(3);
    }
  }

  private static boolean atFinalize(JsonNode p) {
    JsonNode phases = p.path("phases");
    return "WAITING".equals(p.path("status").asText()) && phases.size() == 7
        && "WAITING".equals(phases.get(5).path("status").asText());
  }

  private static long steps(JsonNode plan, int phase, String status) {
    long n = 0;
    for (JsonNode step : plan.path("phases").path(phase).path("steps")) {
      n += status.equals(step.path("status").asText()) ? 1 : 0;
    }
    return n;
  }

  /** The broker id Kafka's {@code /controller} names in the cluster's chroot, -1 without one. */
  private int controllerInZooKeeper() throws Exception {
    return zk(z -> z.exists("/controller", false) == null ? -1 : new ObjectMapper().readTree(
        z.getData("/controller", false, null)).path("brokerid").asInt(-1));
  }

  private interface ZkRead<T> {
    T read(org.apache.zookeeper.ZooKeeper zk) throws Exception;
  }

  /** {@code read} on a ZooKeeper session of the cluster's chroot. */
  private <T> T zk(ZkRead<T> read) throws Exception {
    java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
    org.apache.zookeeper.ZooKeeper zk = new org.apache.zookeeper.ZooKeeper(
        cluster.mesos().zkConnect() + "/" + NAME, 30_000, event -> {
          if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
            connected.countDown();
          }
        });
    try {
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to ZooKeeper").isTrue();
      return read.read(zk);
    } finally {
      zk.close();
    }
  }

  /** The id Kafka gave the cluster in ZooKeeper ({@code /cluster/id} of its chroot). */
  private String zkClusterId() throws Exception {
    return zk(z -> new ObjectMapper().readTree(z.getData("/cluster/id", false, null)).path("id")
        .asText());
  }

  /** Each running broker's {@code server.properties}, from its JVM's command line. */
  private Map<Integer, Path> brokerProperties() {
    return nodeProperties("broker-");
  }

  /** The {@code server.properties} of the 3 running nodes whose tasks start with {@code prefix}. */
  private Map<Integer, Path> nodeProperties(String prefix) {
    Map<Integer, Path> files = new TreeMap<>();
    Poll.untilTrue("3 JVMs of " + prefix + " tasks running", Duration.ofMinutes(2), () -> {
      files.clear();
      cluster.tasks(NAME).forEach((task, state) -> {
        if (state.equals("TASK_RUNNING") && task.startsWith(prefix)) {
          int id = Integer.parseInt(task.substring(prefix.length(), task.indexOf("__")));
          String executor = io.kafkamesos.commons.node.NodeTaskId.parse(task).orElseThrow().executorId();
          cluster.brokerProcess(executor).flatMap(p -> p.info().arguments()).ifPresent(args -> {
            for (String arg : args) {
              if (arg.endsWith("server.properties")) {
                files.put(id, Path.of(arg));
              }
            }
          });
        }
      });
      return files.size() == 3;
    });
    return files;
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    return p;
  }

  private JsonNode awaitPlan(String target, String what, Predicate<JsonNode> done) {
    return PlanPoll.await(scheduler.apiUrl(), target, what + " (" + scheduler.log() + ")", PLAN, done);
  }

  private void awaitInSync() {
    KafkaAdmin.awaitInSync(scheduler.apiUrl(), TOPIC, 3);
  }

  private String bootstrap() {
    return KafkaAdmin.awaitBootstrap(scheduler.apiUrl(), 3);
  }
}
