package io.kafkamesos.scheduler.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.health.Severity;
import io.kafkamesos.scheduler.observability.ClusterState;
import io.kafkamesos.scheduler.observability.ClusterWatch;
import io.kafkamesos.scheduler.observability.EventLog;
import io.kafkamesos.scheduler.observability.SchedulerEvent;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class StatusResourceTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static SchedulerView view() {
    BrokerRecord running = BrokerRecord.pending(0, "broker-0__a", "new broker")
        .launched("broker-0__a", "a", "h0", 31000, null, "c")
        .withStatus(BrokerState.RUNNING, "TASK_RUNNING", NOW.minusSeconds(60).toEpochMilli());
    BrokerRecord failed = BrokerRecord.pending(1, "broker-1__a", "new broker")
        .launched("broker-1__a", "a", "h1", 31001, null, "c")
        .ended(true, "TASK_FAILED: exit 137", "task ended", 1, NOW.minusSeconds(5).toEpochMilli(), false);
    TreeMap<Integer, BrokerRecord> records = new TreeMap<>();
    records.put(0, running);
    records.put(1, failed);
    records.put(3000, BrokerRecord.pending(io.kafkamesos.commons.node.NodeKind.CONTROLLER, 3000,
        "controller-3000__a", "new controller")
        .launched("controller-3000__a", "a", "h0", 31005, null, "c")
        .withStatus(BrokerState.RUNNING, "TASK_RUNNING", NOW.minusSeconds(90).toEpochMilli()));
    return new SchedulerView(3, records, new TreeMap<>(), new TreeMap<>());
  }

  private static final EventLog EVENTS = new EventLog(10);
  private static final HealthCheckRegistry HEALTH = new HealthCheckRegistry();

  static {
    EVENTS.add(new SchedulerEvent(NOW, 1, "failure", "broker 1 failed"));
    HEALTH.register("partitions", new com.codahale.metrics.health.HealthCheck() {
      @Override
      protected Result check() {
        return Severity.WARNING.result("1 partitions under-replicated");
      }
    });
  }

  private static final ClusterWatch CLUSTER = new ClusterWatch(() -> ClusterState.of(Set.of(0), 0,
      List.of(new PartitionStatus("t", 0, List.of(0, 1), 0, List.of(0)),
          new PartitionStatus("t", 1, List.of(1), 1, List.of(1))), NOW), CLOCK, Duration.ofSeconds(3));

  static final ResourceExtension RESOURCE = ResourceExtension.builder()
      .addResource(new StatusResource("kafka0", StatusResourceTest::view, CLUSTER, EVENTS, HEALTH,
          CLOCK))
      .build();

  @Test
  void statusNamesEachBrokerItsStateAndWhy() {
    JsonNode status = RESOURCE.target("/v1/status").request().get(JsonNode.class);

    assertThat(status.path("framework").asText()).isEqualTo("kafka0");
    assertThat(status.path("severity").asText()).isEqualTo("warning");
    assertThat(status.path("controller").asInt()).isZero();
    JsonNode brokers = status.path("brokers");
    assertThat(brokers).hasSize(3);
    assertThat(brokers.get(0).path("state").asText()).isEqualTo("RUNNING");
    assertThat(brokers.get(0).path("host").asText()).isEqualTo("h0");
    assertThat(brokers.get(0).path("since").asText()).isEqualTo("2026-01-01T00:09:00Z");
    assertThat(brokers.get(0).path("registered").asBoolean()).isTrue();
    assertThat(brokers.get(1).path("state").asText()).isEqualTo("FAILED");
    assertThat(brokers.get(1).path("problem").asText()).startsWith("broker 1 failed (TASK_FAILED");
    assertThat(brokers.get(2).path("state").asText()).isEqualTo("NONE");
    assertThat(brokers.get(2).path("problem").asText()).startsWith("broker 2 waits for an offer");
    JsonNode controllers = status.path("controllers");
    assertThat(controllers).as("a KRaft controller is listed apart from the brokers").hasSize(1);
    assertThat(controllers.get(0).path("id").asInt()).isEqualTo(3000);
    assertThat(controllers.get(0).path("state").asText()).isEqualTo("RUNNING");
    assertThat(controllers.get(0).path("registered").asBoolean()).isTrue();
    assertThat(controllers.get(0).path("port").asInt()).isEqualTo(31005);
    assertThat(status.path("partitions").path("total").asInt()).isEqualTo(2);
    assertThat(status.path("partitions").path("underReplicated").get(0).path("partition").asInt())
        .isZero();
    assertThat(status.path("partitions").path("offline").get(0).path("partition").asInt())
        .isEqualTo(1);
    assertThat(status.path("events").get(0).path("message").asText()).isEqualTo("broker 1 failed");
    assertThat(status.path("health").get(0).path("severity").asText()).isEqualTo("warning");
  }

  @Test
  void thePageIsOneSelfContainedHtmlFile() {
    for (String path : List.of("/", "/status")) {
      var response = RESOURCE.target(path).request().get();
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("text/html");
      String html = response.readEntity(String.class);
      // relative to the page, so that it works behind /service/<name>/ too (ObservabilityIT opens
      // it both ways in a browser)
      assertThat(html).contains("<table", "fetch(apiBase() + \"v1/status\"",
              "fetch(apiBase() + \"v1/plan\"")
          .doesNotContain("src=\"http", "href=\"http", "<link", "fetch(\"/");
    }
  }
}
