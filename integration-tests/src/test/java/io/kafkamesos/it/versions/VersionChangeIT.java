package io.kafkamesos.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster's Kafka version changes as the catalogue allows, through the scheduler's environment as
 * an operator changes it in Marathon: 2.4.1 → 3.9.1 only with the protocol pinned, then the
 * protocol raised, after which going back is refused. (The upgrade as a plan of its own, under a
 * producer, is the next step of the upgrade work.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VersionChangeIT {

  private static final Duration ROLL = Duration.ofMinutes(10);

  private LocalCluster cluster;
  private SchedulerProcess scheduler;

  @BeforeAll
  void start() throws Exception {
    cluster = LocalCluster.start(2);
    scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "upgraded", "BROKER_COUNT", "2",
        "KAFKA_VERSION", "2.4.1", "KAFKA_OVERRIDE_OFFSETS_TOPIC_REPLICATION_FACTOR", "2"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    awaitVersions("2.4.1", LocalCluster.BROKERS_UP);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void anUpgradeThatWouldRaiseTheProtocolAtOnceIsRefused() throws Exception {
    scheduler.restartWith(Map.of("KAFKA_VERSION", "3.9.1"));
    scheduler.awaitApi(Duration.ofMinutes(2));

    assertThat(refusal()).startsWith("KAFKA_VERSION cannot change from 2.4.1 to 3.9.1")
        .contains("KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION=2.4");
    assertThat(version().path("kafka_version").asText()).isEqualTo("2.4.1");
  }

  @Test
  @Order(2)
  void withTheProtocolPinnedTheBrokersRollOnto391() throws Exception {
    scheduler.restartWith(Map.of("KAFKA_VERSION", "3.9.1",
        "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4"));
    scheduler.awaitApi(Duration.ofMinutes(2));

    awaitVersions("3.9.1", ROLL);
    assertThat(version().path("kafka_version").asText()).isEqualTo("3.9.1");
  }

  @Test
  @Order(3)
  void onceTheProtocolIsRaisedGoingBackIsRefused() throws Exception {
    scheduler.restartWith(Map.of("KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "3.9"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    Poll.untilTrue("the roll that raises the protocol", ROLL, () -> {
      JsonNode plan = Json.get(scheduler.apiUrl() + "/v1/plan").body();
      return plan != null && plan.path("refusal").isNull()
          && plan.path("target").path("changes").toString().contains("INTER_BROKER_PROTOCOL_VERSION: 2.4 -> 3.9")
          && "COMPLETE".equals(plan.path("status").asText());
    });

    scheduler.restartWith(Map.of("KAFKA_VERSION", "2.4.1"));
    scheduler.awaitApi(Duration.ofMinutes(2));

    assertThat(refusal()).startsWith("KAFKA_VERSION cannot change from 3.9.1 to 2.4.1")
        .contains("speak inter.broker.protocol.version 3.9");
    assertThat(version().path("brokers").toString()).isEqualTo("{\"0\":\"3.9.1\",\"1\":\"3.9.1\"}");
  }

  private String refusal() {
    JsonNode plan = Poll.until("the refusal in /v1/plan", Duration.ofMinutes(1), () -> {
      JsonNode p = Json.get(scheduler.apiUrl() + "/v1/plan").body();
      return p != null && p.path("refusal").isTextual() ? Optional.of(p) : Optional.empty();
    });
    return plan.path("refusal").asText();
  }

  private JsonNode version() {
    return Json.get(scheduler.apiUrl() + "/v1/version").body();
  }

  private void awaitVersions(String version, Duration timeout) {
    Poll.untilTrue("both brokers running Kafka " + version + " (log: " + scheduler.log() + ")",
        timeout, () -> {
          JsonNode v = version();
          return v != null && ("{\"0\":\"" + version + "\",\"1\":\"" + version + "\"}")
              .equals(v.path("brokers").toString());
        });
  }
}
