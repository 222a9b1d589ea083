package io.kafkamesos.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NODE placement: never two brokers of one cluster on one host, and a broker with no host waits.
 * The hosts are read from the master's {@code /state} (each broker task's agent), the waiting
 * broker's reason from the scheduler's health check.
 */
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

    Map<String, String> hostOfTask = Poll.until("3 broker tasks RUNNING", LocalCluster.BROKERS_UP,
        () -> {
          Map<String, String> running = runningTaskHosts(cluster.state(), "node0");
          return running.size() == 3 ? Optional.of(running) : Optional.empty();
        });

    assertThat(hostOfTask.keySet()).as("brokers 0, 1, 2 run; broker 3 does not")
        .allMatch(id -> id.matches("broker-[012]__.*"))
        .extracting(id -> id.substring(0, id.indexOf("__"))).doesNotHaveDuplicates();
    assertThat(Set.copyOf(hostOfTask.values())).as("one agent host per broker task, in /state")
        .hasSize(3).containsExactlyInAnyOrderElementsOf(cluster.mesos().agentHostnames());
    JsonNode connection = Json.get(scheduler.apiUrl() + "/v1/connection").body();
    Set<String> advertised = new HashSet<>();
    connection.path("brokers").forEach(b -> advertised.add(b.asText().split(":")[0]));
    assertThat(advertised).as("the brokers advertise the hosts they run on")
        .isEqualTo(Set.copyOf(hostOfTask.values()));

    String health = Poll.until("the health check to say why broker 3 waits", Duration.ofMinutes(2),
        () -> {
          Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
          String text = String.valueOf(answer.body());
          return answer.status() != 200 && text.contains("broker 3 waits")
              ? Optional.of(text) : Optional.empty();
        });
    assertThat(health).contains("broker 3 waits for an offer: NODE placement needs a host"
        + " without a broker");
    assertThat(scheduler.logText()).contains("NODE");
    assertThat(runningTaskHosts(cluster.state(), "node0")).as("still 3, broker 3 never launched")
        .hasSize(3).containsOnlyKeys(hostOfTask.keySet());
    assertThat(cluster.tasks("node0").keySet()).noneMatch(id -> id.startsWith("broker-3__"));
  }

  /** Task id → hostname of its agent, for the framework's TASK_RUNNING tasks in {@code /state}. */
  private static Map<String, String> runningTaskHosts(JsonNode state, String framework) {
    Map<String, String> hostOfAgent = new HashMap<>();
    state.path("slaves").forEach(a -> hostOfAgent.put(a.path("id").asText(),
        a.path("hostname").asText()));
    Map<String, String> hosts = new TreeMap<>();
    for (JsonNode f : state.path("frameworks")) {
      if (!framework.equals(f.path("name").asText())) {
        continue;
      }
      for (JsonNode t : f.path("tasks")) {
        if (t.path("state").asText().equals("TASK_RUNNING")) {
          hosts.put(t.path("id").asText(), hostOfAgent.getOrDefault(t.path("slave_id").asText(),
              "unknown agent " + t.path("slave_id").asText()));
        }
      }
    }
    return hosts;
  }
}
