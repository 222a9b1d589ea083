package io.kafkamesos.it.api;

import static io.kafkamesos.it.api.Seed.assertCliOk;
import static io.kafkamesos.it.api.Seed.assertCliRefused;
import static io.kafkamesos.it.api.Seed.assertRefused;
import static io.kafkamesos.it.api.Seed.assertSuccess;
import static io.kafkamesos.it.api.Seed.ok;
import static io.kafkamesos.it.api.Seed.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's "Connection Information" and "Broker Operations" examples, with curl-like HTTP calls and
 * with {@code dcos kafka}, on the shared live cluster; the restarts come last and wait until the
 * cluster is whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ApiClusterExtension.class)
class BrokerApiIT {
  /** One partition on one broker: unavailable while that broker restarts. */
  private static final String SOLO = "solo";
  /** Three replicas: under-replicated while any broker restarts. */
  private static final String SPREAD = "spread";

  private ApiCluster cluster;

  @BeforeAll
  void useCluster(ApiCluster cluster) {
    this.cluster = cluster;
  }

  @AfterAll
  void deleteTopics() {
    if (cluster != null) {
      new TopicState(cluster).delete(SOLO, SPREAD);
    }
  }

  @Test
  @Order(1)
  void connectionListsEveryBrokerAndTheChrootedZooKeeper() {
    JsonNode connection = ok(Json.get(cluster.url("/v1/connection")));

    assertThat(Seed.fieldNames(connection)).containsExactly("brokers", "zookeeper");
    assertThat(texts(connection.path("brokers"))).hasSize(3).allMatch(b -> b.matches("[^:]+:\\d+"));
    assertThat(connection.path("zookeeper").asText())
        .isEqualTo(cluster.local().mesos().zkConnect() + "/" + ApiCluster.NAME);
    DcosCli.Run cli = cluster.cli().kafka("connection");
    assertCliOk(cli);
    assertThat(cli.json()).isEqualTo(connection);
  }

  @Test
  @Order(2)
  void brokerListNamesTheBrokerIds() {
    JsonNode list = ok(Json.get(cluster.url("/v1/brokers")));

    assertThat(Seed.fieldNames(list)).containsExactly("brokers");
    assertThat(texts(list.path("brokers"))).containsExactly("0", "1", "2");
    assertThat(list.path("brokers").get(0).isTextual()).as("ids are strings, as in the seed").isTrue();
    DcosCli.Run cli = cluster.cli().kafka("broker", "list");
    assertCliOk(cli);
    assertThat(cli.json()).isEqualTo(list);
  }

  @Test
  @Order(3)
  void brokerDescribeIsTheRegistrationKafkaWrote() {
    List<String> connected = texts(cluster.connection().path("brokers"));
    for (int id = 0; id < ApiCluster.BROKERS; id++) {
      JsonNode broker = ok(Json.get(cluster.url("/v1/brokers/" + id)));

      assertThat(Seed.fieldNames(broker)).contains("endpoints", "host", "jmx_port", "port", "timestamp", "version");
      String host = broker.path("host").asText();
      int port = broker.path("port").asInt();
      assertThat(texts(broker.path("endpoints"))).containsExactly("PLAINTEXT://" + host + ":" + port);
      assertThat(connected).contains(host + ":" + port);
      // The seed shows -1 (no JMX). Our executor runs each broker with a JMX agent on a loopback
      // port, which it reads for health and metrics, and Kafka registers that port.
      assertThat(broker.path("jmx_port").isInt()).isTrue();
      assertThat(broker.path("jmx_port").asInt()).isBetween(1024, 65535);
      assertThat(broker.path("timestamp").isTextual()).isTrue();
      assertThat(broker.path("timestamp").asText()).matches("\\d{13}");
      assertThat(broker.path("version").asInt()).isGreaterThanOrEqualTo(2);
    }
    DcosCli.Run cli = cluster.cli().kafka("broker", "describe", "0");
    assertCliOk(cli);
    assertThat(cli.json()).isEqualTo(ok(Json.get(cluster.url("/v1/brokers/0"))));
  }

  @Test
  @Order(4)
  void anUnknownBrokerIsA404AndRestartsNothing() {
    Map<String, String> tasks = cluster.local().tasks(ApiCluster.NAME);

    assertRefused(Json.get(cluster.url("/v1/brokers/7")), 404, "7");
    assertRefused(Json.put(cluster.url("/v1/brokers/7")), 404, "7");
    assertRefused(Json.get(cluster.url("/v1/brokers/seven")), 400, "seven");
    assertCliRefused(cluster.cli().kafka("broker", "describe", "7"), "7", "404");
    assertCliRefused(cluster.cli().kafka("broker", "restart", "7"), "7", "404");
    // a script whose id variable is empty: never the restart of every broker
    assertRefused(Json.put(cluster.url("/v1/brokers/")), 400, "PUT /v1/brokers/", "ends with '/'");
    assertRefused(Json.get(cluster.url("/v1/brokers/")), 400, "ends with '/'");
    assertRefused(Json.delete(cluster.url("/v1/brokers/")), 400, "ends with '/'");
    assertRefused(Json.put(cluster.url("/v1/brokers//replace")), 400, "empty segment");
    assertThat(cluster.local().tasks(ApiCluster.NAME)).isEqualTo(tasks);
  }

  /** A cluster without TLS has no certificates to show: a JSON 404 that says so, not an empty list. */
  @Test
  @Order(3)
  void certificatesOfAClusterWithoutTlsAreA404() {
    assertRefused(Json.get(cluster.url("/v1/tls/certificates")), 404, "TLS is off");
  }

  @Test
  @Order(3) // before the kill of Order(4): read-only, on the cluster as it started
  void prometheusHasTheSchedulersAndEachBrokersMetricsByLabel() {
    PrometheusText parser = PrometheusText.findOrInstall(cluster.local().workDir());
    String metrics = cluster.scheduler().adminUrl() + "/metrics";
    List<PrometheusText.Sample> samples = Poll.until("every broker's metrics on " + metrics,
        LocalCluster.BROKERS_UP, () -> {
          List<PrometheusText.Sample> now = parser.parse(Json.text(metrics));
          // every metric read below, of every broker: a broker that just started reports its
          // gauges as its executor reads them, not all in its first report, and the controller's
          // election shows a moment later
          boolean all = java.util.stream.IntStream.range(0, ApiCluster.BROKERS).allMatch(id ->
              java.util.stream.Stream.of("kafka_broker_partition_count", "kafka_broker_under_replicated_partitions",
                  "kafka_broker_bytes_in_per_sec", "kafka_broker_active_controller_count").allMatch(metric ->
                  PrometheusText.value(now, metric, Map.of("broker", "" + id)).isPresent()))
              && java.util.stream.IntStream.range(0, ApiCluster.BROKERS).mapToDouble(id -> PrometheusText.value(now,
                  "kafka_broker_active_controller_count", Map.of("broker", "" + id)).orElse(0.0)).sum() == 1.0;
          return all ? Optional.of(now) : Optional.empty();
        });
    assertThat(PrometheusText.value(samples, "kafka_scheduler_brokers_running", Map.of())).contains(3.0);
    assertThat(PrometheusText.value(samples, "kafka_cluster_brokers_registered", Map.of())).contains(3.0);
    double controllers = 0;
    for (int id = 0; id < ApiCluster.BROKERS; id++) {
      Map<String, String> broker = Map.of("broker", Integer.toString(id));
      assertThat(PrometheusText.value(samples, "kafka_broker_under_replicated_partitions", broker))
          .as("broker %s", id).contains(0.0);
      assertThat(PrometheusText.value(samples, "kafka_broker_bytes_in_per_sec", broker)).isPresent();
      controllers += PrometheusText.value(samples, "kafka_broker_active_controller_count", broker).orElseThrow();
    }
    assertThat(controllers).as("one active controller over the cluster").isEqualTo(1.0);
  }

  @Test
  @Order(4)
  void aKilledBrokerDropsOutOfTheListWithinSecondsAndComesBackOnceRegistered() {
    int id = 2;
    String task = cluster.runningTask(id).orElseThrow();
    ProcessHandle broker = cluster.local().brokerProcess(task.replace("broker-" + id + "__",
        "broker-" + id + "__executor__")).orElseThrow(() -> new AssertionError("no JVM of broker " + id));
    long killed = System.nanoTime();
    broker.destroyForcibly();

    // Its ZooKeeper session ends within Kafka's zookeeper.session.timeout.ms (6 s for 2.4). The
    // relaunched broker may register again a moment later (on 2 busy cores the old session's end
    // and the new broker's start can meet), so the list is judged as it was when the id left it.
    List<String> without = Poll.until("broker " + id + " out of GET /v1/brokers", Duration.ofSeconds(60),
        () -> Optional.of(texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers")))
            .filter(brokers -> !brokers.contains("" + id)));
    Duration gone = Duration.ofNanos(System.nanoTime() - killed);
    assertThat(gone).as("time until broker %s left the list", id).isLessThan(Duration.ofSeconds(45));
    assertThat(without).containsExactly("0", "1");
    DcosCli.Run cli = cluster.cli().kafka("broker", "list");
    assertCliOk(cli);
    assertThat(texts(cli.json().path("brokers"))).as("the CLI's list, while broker %s is away or back", id)
        .startsWith("0", "1").isSubsetOf("0", "1", "2");

    Poll.untilTrue("broker " + id + " listed again", LocalCluster.BROKERS_UP,
        () -> texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers")).contains("" + id));
    assertThat(texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers"))).containsExactly("0", "1", "2");
    cluster.awaitHealthy();
  }

  @Test
  @Order(5)
  void restartingOneBrokerAnswersItsNewTaskAndItComesBack() {
    assertSuccess(ok(Json.post(cluster.url("/v1/topics?name=" + SOLO + "&partitions=1&replication=1"))),
        "Created topic \"" + SOLO + "\".\n");
    assertSuccess(ok(Json.post(cluster.url("/v1/topics?name=" + SPREAD + "&partitions=3&replication=3"))),
        "Created topic \"" + SPREAD + "\".\n");
    cluster.awaitHealthy();
    int leader = Poll.until("a leader of " + SOLO, LocalCluster.BROKERS_UP, () -> Optional.of(
        ok(Json.get(cluster.url("/v1/topics/" + SOLO))).path("partitions").get(0).path("0").path("leader").asInt())
        .filter(l -> l >= 0));

    JsonNode first = restartAndAwait(leader, () -> ok(Json.put(cluster.url("/v1/brokers/" + leader))), true);
    assertThat(first).hasSize(1);

    int other = (leader + 1) % ApiCluster.BROKERS;
    JsonNode second = restartAndAwait(other, () -> {
      DcosCli.Run cli = cluster.cli().kafka("broker", "restart", Integer.toString(other));
      assertCliOk(cli);
      return cli.json();
    }, false);
    assertThat(second).hasSize(1);
  }

  @Test
  @Order(6)
  void restartingAllBrokersAnswersTheirNewTasksAndTheyAllComeBack() {
    Map<String, String> before = cluster.local().tasks(ApiCluster.NAME);

    Json.Answer answer = Json.put(cluster.url("/v1/brokers"));

    List<String> taskIds = texts(ok(answer));
    assertThat(taskIds).hasSize(3);
    List<String> brokers = new ArrayList<>();
    for (String taskId : taskIds) {
      brokers.add(taskId.substring("broker-".length(), taskId.indexOf("__")));
      assertThat(taskId).matches(String.format(Seed.TASK_ID, Integer.parseInt(brokers.get(brokers.size() - 1))));
      assertThat(before).doesNotContainKey(taskId);
    }
    assertThat(brokers).containsExactlyInAnyOrder("0", "1", "2");
    try {
      Poll.untilTrue("every broker running as its new task " + taskIds, LocalCluster.BROKERS_UP,
          () -> taskIds.stream().allMatch(t -> "TASK_RUNNING".equals(cluster.local().tasks(ApiCluster.NAME).get(t))));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n  tasks: " + cluster.local().taskHistory(ApiCluster.NAME)
          + "\n  plan: " + Json.get(cluster.url("/v1/plan")).body(), e);
    }
    cluster.awaitHealthy();
    assertThat(texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers"))).containsExactly("0", "1", "2");
  }

  /**
   * Issue 12: just after a broker restart, DELETE of an existing topic answered 404 ("This server
   * does not host this topic-partition", Kafka's metadata behind). While the controller restarts and
   * right after it is back, topic operations answer 200, or 503 with a reason, and never 404.
   */
  @Test
  @Order(7)
  void topicOperationsAroundAControllerRestartAreNeverA404() {
    String topic = "around-restart";
    assertSuccess(ok(Json.post(cluster.url("/v1/topics?name=" + topic + "&partitions=2&replication=3"))),
        "Created topic \"" + topic + "\".\n");
    cluster.awaitHealthy();
    int controller = ok(Json.get(cluster.url("/v1/status"))).path("controller").asInt();
    assertThat(controller).isBetween(0, ApiCluster.BROKERS - 1);
    String before = cluster.runningTask(controller).orElseThrow();
    List<Integer> statuses = new ArrayList<>();
    List<String> refusals = new ArrayList<>();

    ok(Json.put(cluster.url("/v1/brokers/" + controller)));
    long deadline = System.nanoTime() + LocalCluster.BROKERS_UP.toNanos();
    int round = 0;
    while (!cluster.runningTask(controller).filter(t -> !t.equals(before)).isPresent()
        || !texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers")).contains("" + controller)) {
      assertThat(System.nanoTime()).as("broker %s back", controller).isLessThan(deadline);
      round++;
      record(statuses, refusals, "describe", Json.get(cluster.url("/v1/topics/" + topic)));
      record(statuses, refusals, "offsets", Json.get(cluster.url("/v1/topics/" + topic + "/offsets")));
      record(statuses, refusals, "config", Json.put(cluster.url("/v1/topics/" + topic
          + "?operation=config&key=retention.ms&value=" + (86_400_000 + round))));
    }
    // at once after it registered again, when the brokers' metadata is the stalest
    record(statuses, refusals, "partitions", Json.put(cluster.url("/v1/topics/" + topic
        + "?operation=partitions&partitions=3")));
    record(statuses, refusals, "config", Json.put(cluster.url("/v1/topics/" + topic
        + "?operation=deleteConfig&key=retention.ms")));
    record(statuses, refusals, "delete", Json.delete(cluster.url("/v1/topics/" + topic)));

    assertThat(statuses).as("every answer during and after the restart; 503s: %s", refusals)
        .doesNotContain(404).allMatch(status -> status == 200 || status == 503);
    assertThat(statuses).as("most operations succeed").filteredOn(status -> status == 200)
        .hasSizeGreaterThan(statuses.size() / 2);
    // a 503 is worth another try: the delete goes through in the end
    Poll.untilTrue(topic + " deleted", Duration.ofMinutes(2), () -> {
      Json.Answer answer = Json.delete(cluster.url("/v1/topics/" + topic));
      assertThat(answer.status()).isIn(200, 404, 503);
      return !texts(ok(Json.get(cluster.url("/v1/topics")))).contains(topic);
    });
    cluster.awaitHealthy();
  }

  private static void record(List<Integer> statuses, List<String> refusals, String what, Json.Answer answer) {
    statuses.add(answer.status());
    if (answer.status() != 200) {
      assertThat(answer.body()).as("%s answered %s without a body", what, answer.status()).isNotNull();
      assertThat(answer.body().path("message").asText()).as(what).isNotBlank();
      refusals.add(what + " " + answer.status() + ": " + answer.body().path("message").asText());
    }
  }

  /**
   * Restarts broker {@code id} with {@code restart}, checks the answer (the one new task id) and
   * waits for the broker to run as that task and register again; on the way it must show in the
   * under-replicated list, and, if it leads {@link #SOLO}, in the unavailable list.
   */
  private JsonNode restartAndAwait(int id, Supplier<JsonNode> restart, boolean leadsSolo) {
    String before = cluster.runningTask(id).orElseThrow();
    String registeredAt = ok(Json.get(cluster.url("/v1/brokers/" + id))).path("timestamp").asText();

    JsonNode answer = restart.get();

    assertThat(answer.isArray()).as("a list of task ids: %s", answer).isTrue();
    String taskId = answer.get(0).asText();
    assertThat(taskId).matches(String.format(Seed.TASK_ID, id)).isNotEqualTo(before);
    Poll.untilTrue(SPREAD + " under-replicated while broker " + id + " restarts", LocalCluster.BROKERS_UP,
        () -> healthList("under_replicated_partitions").contains("\tTopic: " + SPREAD + "\tPartition: "));
    if (leadsSolo) {
      Poll.untilTrue(SOLO + " unavailable while its only broker restarts", LocalCluster.BROKERS_UP,
          () -> healthList("unavailable_partitions").contains("\tTopic: " + SOLO + "\tPartition: 0\tLeader: "));
    }
    Poll.untilTrue("broker " + id + " running as " + taskId, LocalCluster.BROKERS_UP,
        () -> cluster.runningTask(id).filter(taskId::equals).isPresent());
    Poll.untilTrue("broker " + id + " registered again", LocalCluster.BROKERS_UP, () -> {
      Json.Answer registration = Json.get(cluster.url("/v1/brokers/" + id));
      return registration.status() == 200 && !registration.body().path("timestamp").asText().equals(registeredAt);
    });
    cluster.awaitHealthy();
    assertSuccess(ok(Json.get(cluster.url("/v1/topics/unavailable_partitions"))), "");
    return answer;
  }

  private String healthList(String which) {
    return ok(Json.get(cluster.url("/v1/topics/" + which))).path("stdout").asText();
  }
}
