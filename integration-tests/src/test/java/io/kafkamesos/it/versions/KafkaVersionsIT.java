package io.kafkamesos.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issues 13 and 14: clusters on Kafka 2.4.1, 3.9.1 (ZooKeeper mode) and 4.4.0 (KRaft, one
 * controller) side by side on one mesos-local, installed with the package's environment (every
 * version's archive, {@code KAFKA_VERSION} picks). Each runs its version's archive, Kafka's own
 * console clients of each distribution write and read through {@code /v1/connection}, and the seed's
 * endpoints answer the same JSON on all three, but for the differences the README names for KRaft
 * ({@code controllers} in place of {@code zookeeper} in {@code /v1/connection}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaVersionsIT {

  private static final int BROKERS = 2;
  private static final List<String> VERSIONS = List.of("2.4.1", "3.9.1", "4.4.0");
  private static final String KRAFT = "4.4.0";

  private LocalCluster cluster;
  private final Map<String, SchedulerProcess> schedulers = new TreeMap<>();
  private Path workDir;

  @BeforeAll
  void startClusters() throws Exception {
    workDir = Files.createTempDirectory("kafka-versions-it-");
    cluster = LocalCluster.start(3);
    for (String version : VERSIONS) {
      // two brokers each, to spare the machine: Kafka's internal topics get replication 2
      Map<String, String> env = new TreeMap<>(Map.of("FRAMEWORK_NAME", name(version),
          "BROKER_COUNT", Integer.toString(BROKERS), "KAFKA_VERSION", version,
          "KAFKA_OVERRIDE_OFFSETS_TOPIC_REPLICATION_FACTOR", "2",
          "KAFKA_OVERRIDE_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "2"));
      if (version.equals(KRAFT)) {
        // one small controller is enough for the contract
        env.putAll(Map.of("CONTROLLER_COUNT", "1", "CONTROLLER_HEAP_MB", "128",
            "CONTROLLER_MEM", "384", "CONTROLLER_CPUS", "0.3"));
      }
      schedulers.put(version, cluster.startScheduler(env));
    }
    for (SchedulerProcess scheduler : schedulers.values()) {
      scheduler.awaitApi(Duration.ofMinutes(2));
    }
  }

  @AfterAll
  void stopClusters() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (workDir != null) {
        LocalCluster.deleteRecursively(workDir); // the archives and clients' output made here
      }
    }
  }

  private static String name(String version) {
    return "kafka-" + version.replace('.', '-');
  }

  private String api(String version, String path) {
    return schedulers.get(version).apiUrl() + path;
  }

  private String bootstrap(String version) {
    JsonNode connection = Poll.until(BROKERS + " brokers of Kafka " + version + " in /v1/connection",
        LocalCluster.BROKERS_UP, () -> {
          JsonNode c = Json.get(api(version, "/v1/connection")).body();
          return c != null && c.path("brokers").size() == BROKERS ? Optional.of(c) : Optional.empty();
        });
    List<String> brokers = new ArrayList<>();
    connection.path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }

  @Test
  @Order(1)
  void eachClusterRunsTheArchiveOfItsVersion() {
    for (String version : VERSIONS) {
      bootstrap(version);
      JsonNode report = Poll.until("every broker of " + version + " in /v1/version",
          Duration.ofMinutes(1), () -> {
            JsonNode r = Json.get(api(version, "/v1/version")).body();
            return r != null && r.path("brokers").size() == BROKERS ? Optional.of(r) : Optional.empty();
          });
      assertThat(report.path("scheduler").asText()).isEqualTo("0.1.0-SNAPSHOT");
      assertThat(report.path("kafka_version").asText()).isEqualTo(version);
      assertThat(report.path("brokers").toString())
          .isEqualTo("{\"0\":\"" + version + "\",\"1\":\"" + version + "\"}");

      String folder = KafkaVersions.standard().find(version).orElseThrow().topFolder();
      for (String task : cluster.tasks(name(version)).keySet().stream()
          .filter(t -> t.startsWith("broker-")).toList()) {
        ProcessHandle broker = cluster.brokerProcess(task.replaceFirst("__", "__executor__"))
            .orElseThrow(() -> new AssertionError("no broker JVM of task " + task));
        assertThat(broker.info().commandLine().orElseThrow())
            .as("the broker of %s runs the jars of %s", task, folder)
            .contains("/" + folder + "/libs/*");
      }
    }
  }

  @Test
  @Order(2)
  void kafkasOwnConsoleClientsOfEachVersionWriteAndReadThroughConnection() throws Exception {
    for (String version : VERSIONS) {
      String topic = "console-" + version.replace('.', '-');
      assertThat(Json.post(api(version, "/v1/topics?name=" + topic + "&partitions=2&replication=2"))
          .status()).isEqualTo(200);
      List<String> records = IntStream.range(0, 200).mapToObj(i -> "record-" + i).toList();
      ConsoleClients clients = new ConsoleClients(version, workDir);

      clients.produce(bootstrap(version), topic, records);
      List<String> read = clients.consume(bootstrap(version), topic, records.size());

      assertThat(read).as("what Kafka %s's console consumer read", version)
          .containsExactlyInAnyOrderElementsOf(records);
    }
  }

  @Test
  @Order(3)
  void theSeedsEndpointsAnswerTheSameJsonOnBothVersions() {
    Map<String, Map<String, JsonNode>> answers = new TreeMap<>();
    for (String version : VERSIONS) {
      bootstrap(version);
      Map<String, JsonNode> a = new TreeMap<>();
      a.put("POST /v1/topics", Json.post(api(version, "/v1/topics?name=seed&partitions=3&replication=2")).body());
      a.put("GET /v1/connection", Json.get(api(version, "/v1/connection")).body());
      a.put("GET /v1/brokers", Json.get(api(version, "/v1/brokers")).body());
      a.put("GET /v1/brokers/0", Json.get(api(version, "/v1/brokers/0")).body());
      a.put("GET /v1/topics", Json.get(api(version, "/v1/topics")).body());
      a.put("PUT producer-test", Json.put(api(version, "/v1/topics/seed?operation=producer-test&messages=30")).body());
      a.put("GET /v1/topics/seed/offsets", Json.get(api(version, "/v1/topics/seed/offsets")).body());
      a.put("PUT config", Json.put(api(version, "/v1/topics/seed?operation=config&key=cleanup.policy&value=compact")).body());
      a.put("PUT deleteConfig", Json.put(api(version, "/v1/topics/seed?operation=deleteConfig&key=cleanup.policy")).body());
      Json.Answer partitions = Json.put(api(version, "/v1/topics/seed?operation=partitions&partitions=4"));
      assertThat(partitions.status()).as("partitions on %s: %s", version, partitions.body()).isEqualTo(200);
      a.put("PUT partitions", partitions.body());
      // {"partitions":[{"0":{...state...}}, ...]}: the fourth one once its leader is elected
      Poll.untilTrue("partition 3 of seed has a leader on " + version, Duration.ofMinutes(1),
          () -> Json.get(api(version, "/v1/topics/seed")).body().path("partitions").path(3)
              .path("3").has("leader"));
      a.put("GET /v1/topics/seed", Json.get(api(version, "/v1/topics/seed")).body());
      a.put("GET under_replicated", Json.get(api(version, "/v1/topics/under_replicated_partitions")).body());
      a.put("GET unavailable", Json.get(api(version, "/v1/topics/unavailable_partitions")).body());
      a.put("GET /v1/topics/nope", Json.get(api(version, "/v1/topics/nope")).body());
      a.put("DELETE /v1/topics/seed", Json.delete(api(version, "/v1/topics/seed")).body());
      answers.put(version, a);
    }
    Map<String, JsonNode> old = answers.get("2.4.1");
    Map<String, JsonNode> now = answers.get("3.9.1");

    // Kafka 3.x registers a broker with "features" (and registration version 5, not 4); the API
    // hands on Kafka's registration as written, so that field is the one difference
    JsonNode registration = now.get("GET /v1/brokers/0");
    assertThat(registration.path("features").isObject()).isTrue();
    assertThat(registration.path("version").asInt()).isEqualTo(5);
    assertThat(old.get("GET /v1/brokers/0").path("version").asInt()).isEqualTo(4);
    ((ObjectNode) registration).remove("features");

    for (String endpoint : old.keySet()) {
      assertThat(shape(now.get(endpoint))).as(endpoint).isEqualTo(shape(old.get(endpoint)));
    }

    // KRaft: no ZooKeeper, so /v1/connection names the controllers in its place; the rest of the
    // seed's answers have the shapes of ZooKeeper mode's
    Map<String, JsonNode> kraft = answers.get(KRAFT);
    JsonNode connection = kraft.get("GET /v1/connection");
    assertThat(connection.has("zookeeper")).as(connection.toString()).isFalse();
    assertThat(connection.path("controllers").size()).as(connection.toString()).isEqualTo(1);
    assertThat(connection.path("controllers").get(0).asText()).matches("[0-9.]+:[0-9]+");
    ObjectNode asZooKeeperMode = ((ObjectNode) connection.deepCopy());
    asZooKeeperMode.remove("controllers");
    asZooKeeperMode.put("zookeeper", "");
    assertThat(shape(asZooKeeperMode)).isEqualTo(shape(now.get("GET /v1/connection")));
    JsonNode kraftBroker = kraft.get("GET /v1/brokers/0");
    ((ObjectNode) kraftBroker).remove("features");
    // a KRaft broker's protocol map also names the listener it reaches the controllers on
    assertThat(kraftBroker.path("listener_security_protocol_map").path("CONTROLLER").asText())
        .as(kraftBroker.toString()).isEqualTo("PLAINTEXT");
    ((ObjectNode) kraftBroker.path("listener_security_protocol_map")).remove("CONTROLLER");
    for (String endpoint : now.keySet()) {
      if (!endpoint.equals("GET /v1/connection")) {
        assertThat(shape(kraft.get(endpoint))).as("%s on KRaft", endpoint)
            .isEqualTo(shape(now.get(endpoint)));
      }
    }
    // the texts users' scripts read are the same too
    for (String endpoint : List.of("POST /v1/topics", "GET /v1/brokers", "PUT config",
        "PUT deleteConfig", "PUT partitions", "GET under_replicated", "GET unavailable",
        "DELETE /v1/topics/seed", "GET /v1/topics/nope")) {
      assertThat(now.get(endpoint)).as(endpoint).isEqualTo(old.get(endpoint));
    }
    assertThat(now.get("PUT producer-test").path("stdout").asText()).startsWith("30 records sent,");
    assertThat(old.get("PUT producer-test").path("stdout").asText()).startsWith("30 records sent,");
    assertThat(kraft.get("PUT producer-test").path("stdout").asText()).startsWith("30 records sent,");
    for (Map<String, JsonNode> a : answers.values()) {
      long total = 0;
      for (JsonNode partition : a.get("GET /v1/topics/seed/offsets")) {
        total += partition.elements().next().asLong();
      }
      assertThat(total).isEqualTo(30);
      for (JsonNode entry : a.get("GET /v1/topics/seed").path("partitions")) {
        assertThat(entry.elements().next().path("version").asInt()).isEqualTo(1);
      }
    }
  }

  /** The JSON's structure: object keys and value types, arrays by their first element. */
  private static String shape(JsonNode node) {
    if (node == null) {
      return "null";
    }
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.stream().sorted().forEach(k -> out.append(k).append(':').append(shape(node.get(k))).append(','));
      return out.append('}').toString();
    }
    if (node.isArray()) {
      Iterator<JsonNode> first = node.elements();
      return "[" + (first.hasNext() ? shape(first.next()) : "") + "]";
    }
    return node.getNodeType().name();
  }
}
