package io.kafkamesos.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.MarathonScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6 end to end: a three-broker cluster with persistent volumes on three mesos-local agents;
 * the scheduler runs as a Marathon app, and each change is an edit of the app's environment, which
 * Marathon deploys by replacing the scheduler. The steps share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingConfigIT {
  private static final String NAME = "kafkaroll";
  private static final String TOPIC = "rolled";
  private static final Duration PLAN_DONE = Duration.ofMinutes(10);

  private LocalCluster cluster;
  private MarathonScheduler scheduler;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(3); // other runs on this machine use 31000-32000
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(),
        NAME, Map.of("BROKER_COUNT", "3",
        "BROKER_PV", "true", "BROKER_HEAP_MB", "256", "PLAN_STEP_TIMEOUT_SECONDS", "600"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    awaitBrokers(3);
    try (AdminClient admin = admin(bootstrap(3))) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")));
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aChangedHeapRollsOneBrokerAtATimeWithoutLosingAnAcknowledgedRecord() throws Exception {
    assertThat(plan().path("target").path("id").asText()).isEqualTo("1");
    Map<Integer, String> tasksBefore = brokerTasks();
    try (AckedProducer producer = AckedProducer.start(bootstrap(3), TOPIC);
        DownWatch watch = DownWatch.start(scheduler.apiUrl())) {
      Poll.untilTrue("some records acknowledged before the change", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 100);

      scheduler.restartWith(Map.of("BROKER_HEAP_MB", "240"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode done = awaitPlan("2", "COMPLETE");

      assertThat(done.path("target").path("changes")).extracting(JsonNode::asText)
          .containsExactly("BROKER_HEAP_MB: 256 -> 240");
      assertThat(done.path("phases").get(1).path("steps")).hasSize(3)
          .allSatisfy(s -> assertThat(s.path("status").asText()).isEqualTo("COMPLETE"));
      awaitBrokers(3);
      long sentAfterRoll = producer.acknowledged() + 200;
      Poll.untilTrue("the producer to keep going after the roll", Duration.ofMinutes(2),
          () -> producer.acknowledged() > sentAfterRoll);
      producer.stopAndAssertNothingLost(bootstrap(3));
      assertThat(watch.fewestRegistered()).as("brokers registered at the worst moment of the roll")
          .isGreaterThanOrEqualTo(2);
      Map<Integer, String> tasksAfter = brokerTasks();
      for (int id = 0; id < 3; id++) {
        assertThat(tasksAfter.get(id)).as("broker %s restarted", id).isNotEqualTo(tasksBefore.get(id));
      }
      // each broker shows why it last started: the roll, or a relaunch after a failed start
      assertThat(done.path("brokers")).allSatisfy(b -> {
        assertThat(b.path("target").asText()).isEqualTo("2");
        assertThat(b.path("lastRestartReason").asText()).isNotBlank();
      });
      assertThat(done.path("brokers")).anySatisfy(b -> assertThat(b.path("lastRestartReason").asText())
          .isEqualTo("target 2: BROKER_HEAP_MB: 256 -> 240"));
    }
  }

  @Test
  @Order(2)
  void moreBrokersAreAddedWithoutRestartingTheOthers() throws Exception {
    Map<Integer, String> before = brokerTasks();
    scheduler.restartWith(Map.of("BROKER_COUNT", "4"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    JsonNode done = awaitPlan("3", "COMPLETE");
    assertThat(done.path("phases").get(0).path("steps").get(0).path("id").asText()).isEqualTo("launch-3");
    assertThat(done.path("phases").get(1).path("steps")).isEmpty();
    awaitBrokers(4);
    Map<Integer, String> after = brokerTasks();
    for (int id = 0; id < 3; id++) {
      assertThat(after.get(id)).as("broker %s untouched", id).isEqualTo(before.get(id));
    }
  }

  @Test
  @Order(3)
  void turningPersistentVolumesOffIsRefusedAndTouchesNoBroker() throws Exception {
    Map<Integer, String> before = brokerTasks();
    scheduler.restartWith(Map.of("BROKER_PV", "false"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    JsonNode plan = Poll.until("the refusal in /v1/plan", Duration.ofMinutes(1), () -> {
      JsonNode p = plan();
      return p.path("refusal").isTextual() ? Optional.of(p) : Optional.empty();
    });
    assertThat(plan.path("refusal").asText()).startsWith("BROKER_PV cannot be turned off");
    assertThat(plan.path("target").path("id").asText()).isEqualTo("3");

    JsonNode health = Poll.until("the plan health check", Duration.ofMinutes(1), () -> {
      Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
      return answer.body() != null && answer.body().has("plan") ? Optional.of(answer) : Optional.empty();
    }).body();
    assertThat(health.path("plan").path("healthy").asBoolean()).isFalse();
    assertThat(health.path("plan").path("message").asText())
        .contains("configuration refused").contains("BROKER_PV cannot be turned off");
    awaitBrokers(4);
    assertThat(brokerTasks()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void anInterruptedPlanStopsAfterTheCurrentStepAndContinues() throws Exception {
    scheduler.restartWith(Map.of("BROKER_PV", "true", "BROKER_HEAP_MB", "256"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    Json.Answer interrupted = Json.put(scheduler.apiUrl() + "/v1/plan/interrupt");
    assertThat(interrupted.status()).isEqualTo(200);
    assertThat(interrupted.body().path("interrupted").asBoolean()).isTrue();

    JsonNode stopped = awaitPlan("4", "INTERRUPTED");
    long complete = completeRestarts(stopped);
    assertThat(complete).isLessThanOrEqualTo(1);
    // it stays interrupted: nothing else starts while we watch the plan for a while
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Poll.untilTrue("20 s of an interrupted plan", Duration.ofMinutes(1), () -> {
      JsonNode p = plan();
      assertThat(p.path("status").asText()).isEqualTo("INTERRUPTED");
      assertThat(completeRestarts(p)).isEqualTo(complete);
      return System.nanoTime() > deadline;
    });

    Json.Answer bad = Json.put(scheduler.apiUrl() + "/v1/plan/restart?step=restart-0");
    assertThat(bad.status()).isIn(400, 404);
    assertThat(bad.body().path("message").asText()).isNotBlank();

    assertThat(Json.put(scheduler.apiUrl() + "/v1/plan/continue").status()).isEqualTo(200);
    JsonNode done = awaitPlan("4", "COMPLETE");
    assertThat(completeRestarts(done)).isEqualTo(4);
    awaitBrokers(4);
  }

  @Test
  @Order(5)
  void aDynamicBrokerConfigIsAppliedWithoutARestart() throws Exception {
    Map<Integer, String> before = brokerTasks();
    scheduler.restartWith(Map.of("KAFKA_OVERRIDE_LOG_RETENTION_MS", "3600000"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    JsonNode done = awaitPlan("5", "COMPLETE");
    assertThat(done.path("target").path("changes")).extracting(JsonNode::asText)
        .containsExactly("KAFKA_OVERRIDE_LOG_RETENTION_MS: (unset) -> 3600000 (applied at run time)");
    assertThat(done.path("phases").get(1).path("steps")).isEmpty();

    String bootstrap = bootstrap(4);
    Poll.untilTrue("log.retention.ms=3600000 on every broker", Duration.ofMinutes(2), () -> {
      try (AdminClient admin = admin(bootstrap)) {
        for (int id = 0; id < 4; id++) {
          var resource = new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.BROKER, Integer.toString(id));
          var entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
              .get(resource).get("log.retention.ms");
          if (entry == null || !"3600000".equals(entry.value())) {
            return false;
          }
        }
        return true;
      }
    });
    assertThat(brokerTasks()).isEqualTo(before);
  }

  private static long completeRestarts(JsonNode plan) {
    List<JsonNode> steps = new ArrayList<>();
    plan.path("phases").get(1).path("steps").forEach(steps::add);
    return steps.stream().filter(s -> s.path("status").asText().equals("COMPLETE")).count();
  }

  private JsonNode plan() {
    Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/plan");
    assertThat(answer.status()).isEqualTo(200);
    return answer.body();
  }

  private JsonNode awaitPlan(String target, String status) {
    return Poll.until("plan of target " + target + " " + status + " (log: " + scheduler.log() + ")",
        PLAN_DONE, () -> {
          Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/plan");
          if (answer.status() != 200) {
            return Optional.empty();
          }
          JsonNode p = answer.body();
          assertThat(p.path("status").asText()).as("plan: %s", p).isNotEqualTo("ERROR");
          return target.equals(p.path("target").path("id").asText())
              && status.equals(p.path("status").asText()) ? Optional.of(p) : Optional.empty();
        });
  }

  private void awaitBrokers(int count) {
    bootstrap(count);
  }

  private String bootstrap(int count) {
    JsonNode connection = Poll.until(count + " brokers in /v1/connection", LocalCluster.BROKERS_UP, () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
      return answer.status() == 200 && answer.body().path("brokers").size() == count
          ? Optional.of(answer.body()) : Optional.empty();
    });
    List<String> brokers = new ArrayList<>();
    connection.path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
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

  static AdminClient admin(String bootstrap) {
    java.util.Properties props = new java.util.Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    return AdminClient.create(props);
  }
}
