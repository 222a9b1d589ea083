package io.kafkamesos.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.commons.kafka.KafkaDistributions;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.PlanPoll;
import io.kafkamesos.it.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13's upgrade as a plan, end to end on one three-broker cluster with persistent volumes,
 * installed on Kafka 2.4.1 as a Marathon app; each change is an edit of the app's environment. Under
 * an idempotent {@code acks=all} producer into a topic with replication 3 and
 * {@code min.insync.replicas=2}: a {@code KAFKA_VERSION} whose archive is broken stops the plan at its
 * first broker while the other two serve, and 2.4.1 put back rolls that broker back; then the
 * upgrade to 3.9.1 rolls the brokers pinned to protocol 2.4, waits at {@code finalize} (through a
 * scheduler failover) until {@code dcos kafka plan continue}, and raises the protocol; after which
 * 2.4.1 is refused. What each broker runs is read from Kafka itself (its admin client's
 * {@code describeConfigs}) as well as from the scheduler. The steps share the cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradePlanIT {

  private static final String NAME = "kafkaup";
  private static final String TOPIC = "upgraded";
  private static final String IBP = "inter.broker.protocol.version";
  private static final String LMF = "log.message.format.version";
  /** A broker config Kafka has from 3.4 on: a broker that lists it runs 3.x software, not 2.4. */
  private static final String KAFKA_3_ONLY = "zookeeper.metadata.migration.enable";
  private static final Duration ROLL = Duration.ofMinutes(15);

  private LocalCluster cluster;
  private MarathonScheduler scheduler;
  private Path work;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(3);
    work = Files.createTempDirectory("upgrade-it-");
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(),
        NAME, Map.of("BROKER_COUNT", "3", "BROKER_PV", "true", "KAFKA_VERSION", "2.4.1",
            "PLAN_STEP_TIMEOUT_SECONDS", "600"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")));
    }
    assertKafka("2.4.1", "2.4");
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", "upgrade-it-logs"));
        cluster.close();
      }
    } finally {
      if (work != null) {
        LocalCluster.deleteRecursively(work);
      }
    }
  }

  @Test
  @Order(1)
  void aBrokerThatCannotStartOnTheNewVersionStopsThePlanThereAndTheOldVersionRollsItBack()
      throws Exception {
    Path broken = work.resolve("kafka_2.13-3.9.1.tgz");
    Files.writeString(broken, "not a Kafka archive\n", StandardCharsets.UTF_8);
    Map<Integer, String> before = brokerTasks();
    try (AckedProducer producer = AckedProducer.start(bootstrap(), TOPIC, 200);
        DownWatch watch = DownWatch.start(scheduler.apiUrl())) {
      Poll.untilTrue("records acknowledged before the change", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 200);

      scheduler.restartWith(Map.of("KAFKA_VERSION", "3.9.1", "KAFKA_DIST_URI_3_9_1", broken.toUri().toString()));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode failed = awaitPlan("2", "ERROR", p -> "ERROR".equals(p.path("status").asText()));
      assertThat(failed.path("errors")).hasSize(1);
      String error = failed.path("errors").get(0).asText();
      assertThat(error).contains("failed to start on Kafka 3.9.1").contains("Failed to fetch");
      int failedBroker = stepsIn(failed, "ERROR").get(0).path("broker").asInt();
      assertThat(error).startsWith("upgrade-" + failedBroker + ": broker " + failedBroker);

      long acked = producer.acknowledged();
      Poll.untilTrue("the producer to keep getting acks from the other two brokers", Duration.ofMinutes(2),
          () -> producer.acknowledged() > acked + 500);
      for (int id = 0; id < 3; id++) {
        if (id != failedBroker) {
          assertThat(brokerTasks().get(id)).as("broker %s keeps its task", id).isEqualTo(before.get(id));
        }
      }
      JsonNode health = planHealth();
      assertThat(health.path("healthy").asBoolean()).isFalse();
      assertThat(health.path("message").asText()).contains("failed to start on Kafka 3.9.1");

      // the error is stored with the plan: a scheduler that takes over finds it
      killScheduler();
      JsonNode resumed = awaitPlan("2", "ERROR after a failover", p -> "ERROR".equals(p.path("status").asText()));
      assertThat(resumed.path("errors").get(0).asText()).isEqualTo(error);

      scheduler.restartWith(Map.of("KAFKA_VERSION", "2.4.1"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode back = awaitPlan("3", "COMPLETE", p -> "COMPLETE".equals(p.path("status").asText()));
      assertThat(back.path("phases")).extracting(p -> p.path("name").asText()).containsExactly("launch", "rollback");
      assertThat(back.path("phases").get(1).path("steps")).singleElement()
          .satisfies(s -> assertThat(s.path("broker").asInt()).isEqualTo(failedBroker));
      bootstrap();
      assertKafka("2.4.1", "2.4");
      for (int id = 0; id < 3; id++) {
        if (id != failedBroker) {
          assertThat(brokerTasks().get(id)).as("broker %s never restarted", id).isEqualTo(before.get(id));
        }
      }
      awaitInSync();
      long after = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the rollback", Duration.ofMinutes(2),
          () -> producer.acknowledged() > after + 200);
      producer.stopAndAssertNothingLost(bootstrap());
      assertThat(watch.fewestRegistered()).as("brokers registered at the worst moment").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  @Order(2)
  void theUpgradeRollsPinnedWaitsForTheOperatorThroughAFailoverThenRaisesTheProtocol() throws Exception {
    String good = KafkaDistributions.archive("3.9.1").toUri().toString();
    try (AckedProducer producer = AckedProducer.start(bootstrap(), TOPIC, 200);
        DownWatch watch = DownWatch.start(scheduler.apiUrl())) {
      Poll.untilTrue("records acknowledged before the upgrade", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 200);

      scheduler.restartWith(Map.of("KAFKA_VERSION", "3.9.1", "KAFKA_DIST_URI_3_9_1", good));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode gate = awaitPlan("4", "at the finalize gate", UpgradePlanIT::atGate);
      assertThat(gate.path("phases")).extracting(p -> p.path("name").asText())
          .containsExactly("launch", "upgrade", "finalize", "raise-protocol");
      assertThat(gate.path("phases").get(1).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      assertThat(gate.path("upgrade").path("pinnedProtocol").asText()).isEqualTo("2.4");
      assertThat(gate.path("upgrade").path("raised").asBoolean()).isFalse();
      assertThat(gate.path("message").asText()).contains("dcos kafka plan continue");
      for (int id = 0; id < 3; id++) {
        JsonNode spec = gate.path("brokers").path(Integer.toString(id)).path("spec");
        assertThat(spec.path("kafkaVersion").asText()).as("broker %s", id).isEqualTo("3.9.1");
        assertThat(spec.path("pins").path(IBP).asText()).as("broker %s", id).isEqualTo("2.4");
        assertThat(spec.path("pins").path(LMF).asText()).as("broker %s", id).isEqualTo("2.4");
      }
      assertKafka("3.9.1", "2.4");
      JsonNode health = planHealth();
      assertThat(health.path("healthy").asBoolean()).as("a gate is no fault").isTrue();
      assertThat(health.path("severity").asText()).isEqualTo("warning");
      assertThat(health.path("message").asText()).contains("waits for the operator");

      // the gate holds, and still holds after a scheduler failover
      Map<Integer, String> atGate = brokerTasks();
      Poll.holds("the plan waiting at the finalize gate", Duration.ofSeconds(20),
          () -> "WAITING".equals(plan().path("status").asText()));
      killScheduler();
      awaitPlan("4", "at the finalize gate after a failover", UpgradePlanIT::atGate);
      Poll.holds("the plan at the finalize gate after the failover", Duration.ofSeconds(10),
          () -> atGate(plan()));
      assertThat(brokerTasks()).as("no broker restarted while the gate waits").isEqualTo(atGate);

      DcosCli.Run resume = DcosCli.throughDcos(cluster.mesos().masterUrl(), work.resolve("cli"))
          .framework(NAME).kafka("plan", "continue");
      assertThat(resume.exit()).as(resume.toString()).isZero();
      JsonNode done = awaitPlan("4", "COMPLETE", p -> "COMPLETE".equals(p.path("status").asText()));
      assertThat(done.path("phases").get(3).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      assertThat(done.path("upgrade").path("raised").asBoolean()).isTrue();
      for (int id = 0; id < 3; id++) {
        JsonNode spec = done.path("brokers").path(Integer.toString(id)).path("spec");
        assertThat(spec.path("interBrokerProtocol").asText()).as("broker %s", id).isEqualTo("3.9");
        assertThat(spec.path("pins").size()).as("broker %s", id).isZero();
      }
      bootstrap();
      assertKafka("3.9.1", "3.9");
      awaitInSync();
      long after = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the upgrade", Duration.ofMinutes(2),
          () -> producer.acknowledged() > after + 200);
      producer.stopAndAssertNothingLost(bootstrap());
      assertThat(watch.fewestRegistered()).as("brokers registered at the worst moment").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  @Order(3)
  void onceTheProtocolIsRaisedTheOldVersionIsRefusedAndTheClusterUntouched() throws Exception {
    Map<Integer, String> before = brokerTasks();
    scheduler.restartWith(Map.of("KAFKA_VERSION", "2.4.1"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    JsonNode refused = awaitPlan("4", "the refusal", p -> p.path("refusal").isTextual());
    assertThat(refused.path("refusal").asText()).startsWith("KAFKA_VERSION cannot change from 3.9.1 to 2.4.1")
        .contains("speak inter.broker.protocol.version 3.9");
    JsonNode health = planHealth();
    assertThat(health.path("healthy").asBoolean()).isFalse();
    assertThat(health.path("message").asText()).contains("configuration refused")
        .contains("KAFKA_VERSION cannot change from 3.9.1 to 2.4.1");
    Poll.holds("no broker restarted for the refused downgrade", Duration.ofSeconds(10),
        () -> brokerTasks().equals(before));
    assertThat(brokerTasks()).isEqualTo(before);
    assertKafka("3.9.1", "3.9");
  }

  private static boolean atGate(JsonNode p) {
    JsonNode phases = p.path("phases");
    return "WAITING".equals(p.path("status").asText()) && phases.size() == 4
        && "WAITING".equals(phases.get(2).path("status").asText());
  }

  private String brokerVersions() {
    return Json.get(scheduler.apiUrl() + "/v1/version").body().path("brokers").toString();
  }

  /**
   * Every broker runs {@code version}'s software and speaks {@code protocol}, as Kafka reports it
   * ({@code describeConfigs} of each broker) and as the scheduler does ({@code /v1/version}).
   */
  private void assertKafka(String version, String protocol) throws Exception {
    String expected = "{\"0\":\"" + version + "\",\"1\":\"" + version + "\",\"2\":\"" + version + "\"}";
    // a broker's running version reaches the scheduler with its task's RUNNING update, which may
    // come a moment after Kafka already counts the broker in
    Poll.untilTrue("every broker reported running " + version, Duration.ofMinutes(2),
        () -> expected.equals(brokerVersions()));
    assertThat(brokerVersions()).isEqualTo(expected);
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      for (int id = 0; id < 3; id++) {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
        Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
        ConfigEntry ibp = config.get(IBP);
        assertThat(ibp.value()).as("broker %s %s", id, IBP).startsWith(protocol);
        assertThat(config.get(KAFKA_3_ONLY) != null).as("broker %s runs Kafka 3 software", id)
            .isEqualTo(version.startsWith("3."));
        if (version.startsWith("3.") && protocol.equals("3.9")) {
          assertThat(config.get(LMF).source()).as("broker %s %s is no longer set", id, LMF)
              .isNotEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        }
      }
    }
  }

  private JsonNode planHealth() {
    return Poll.until("the plan health check", Duration.ofMinutes(1), () -> {
      Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
      return answer.body() != null && answer.body().has("plan") ? Optional.of(answer.body().path("plan"))
          : Optional.empty();
    });
  }

  /** {@code kill -9} of the scheduler's JVM; Marathon starts another, which takes over. */
  private void killScheduler() {
    String before = scheduler.taskId().orElseThrow();
    scheduler.process().orElseThrow().destroyForcibly();
    Poll.untilTrue("Marathon to start another scheduler", Duration.ofMinutes(2),
        () -> scheduler.taskId().map(id -> !id.equals(before)).orElse(false));
    scheduler.awaitApi(Duration.ofMinutes(2));
  }

  private static List<JsonNode> stepsIn(JsonNode plan, String status) {
    List<JsonNode> steps = new ArrayList<>();
    plan.path("phases").forEach(p -> p.path("steps").forEach(s -> {
      if (status.equals(s.path("status").asText())) {
        steps.add(s);
      }
    }));
    return steps;
  }

  private JsonNode plan() {
    Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/plan");
    assertThat(answer.status()).isEqualTo(200);
    return answer.body();
  }

  private JsonNode awaitPlan(String target, String what, Predicate<JsonNode> done) {
    return PlanPoll.await(scheduler.apiUrl(), target, what + " (" + scheduler.log() + ")", ROLL, done);
  }

  private void awaitInSync() {
    KafkaAdmin.awaitInSync(scheduler.apiUrl(), TOPIC, 3);
  }

  private String bootstrap() {
    return KafkaAdmin.awaitBootstrap(scheduler.apiUrl(), 3);
  }

  /** Broker id → its running task, as the master sees it. */
  private Map<Integer, String> brokerTasks() {
    Map<Integer, String> tasks = new TreeMap<>();
    cluster.tasks(NAME).forEach((task, state) -> {
      if (state.equals("TASK_RUNNING")) {
        tasks.put(Integer.parseInt(task.substring("broker-".length(), task.indexOf("__"))), task);
      }
    });
    return tasks;
  }
}
