package io.kafkamesos.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NODE placement: never two brokers of one cluster on one host, and a broker with no host waits. */
class NodePlacementIT {
  private LocalCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(3);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aFourthBrokerWaitsForAFourthHostInsteadOfSharingOne() {
    SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "node0",
        "BROKER_COUNT", "4", "PLACEMENT_STRATEGY", "NODE"));
    scheduler.awaitApi(Duration.ofMinutes(2));

    JsonNode connection = Poll.until("3 brokers up", LocalCluster.BROKERS_UP, () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
      return answer.status() == 200 && answer.body().path("brokers").size() == 3
          ? Optional.of(answer.body()) : Optional.empty();
    });

    Set<String> hosts = new HashSet<>();
    connection.path("brokers").forEach(b -> hosts.add(b.asText().split(":")[0]));
    assertThat(hosts).as("one host per broker").hasSize(3);

    String health = Poll.until("the health check to say why broker 3 waits", Duration.ofMinutes(2),
        () -> {
          Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
          String text = String.valueOf(answer.body());
          return answer.status() != 200 && text.contains("NODE") ? Optional.of(text) : Optional.empty();
        });
    assertThat(health).contains("3");
    assertThat(scheduler.logText()).contains("NODE");
    Map<String, String> tasks = Poll.until("the 3 broker tasks RUNNING", LocalCluster.BROKERS_UP, () -> {
      Map<String, String> now = cluster.tasks("node0");
      return now.size() == 3 && now.values().stream().allMatch("TASK_RUNNING"::equals)
          ? Optional.of(now) : Optional.empty();
    });
    assertThat(tasks.keySet()).noneMatch(id -> id.startsWith("broker-3__"));
  }
}
