package io.kafkamesos.it.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 17: {@code dcos kafka plan show --watch} through a real roll. The scheduler runs as a
 * Marathon app on mesos-local; an environment change (a new broker heap) makes Marathon replace it
 * and the new scheduler restarts the three brokers one at a time. The watch runs as a user runs it,
 * {@code bin/dcos} in a pipe through the {@code /service/<name>} proxy, and must follow the scheduler
 * across its replacement and print one line per change until the plan is COMPLETE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanWatchIT {
  private static final String NAME = "kafkawatch";
  private static final Pattern STEP = Pattern.compile("(restart-\\d) (PENDING|IN_PROGRESS|COMPLETE|ERROR)(: .*)?");
  private static final Pattern PLAN = Pattern.compile("plan: target (\\S+) (\\S+), (\\d+)/(\\d+) steps complete.*");

  private LocalCluster cluster;
  private MarathonScheduler scheduler;
  private Path cliDir;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(3);
    cliDir = Files.createTempDirectory("plan-watch-cli-");
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(), NAME,
        Map.of("BROKER_COUNT", "3", "BROKER_HEAP_MB", "256", "PLAN_STEP_TIMEOUT_SECONDS", "600"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    String bootstrap = bootstrap();
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("request.timeout.ms", "30000");
    try (AdminClient admin = AdminClient.create(props)) {
      // replicated on every broker, so that each restart waits for its partitions to catch up
      KafkaAdmin.create(admin, new NewTopic("watched", 3, (short) 3));
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (cliDir != null) {
        LocalCluster.deleteRecursively(cliDir);
      }
    }
  }

  @Test
  void planShowWatchFollowsARollingRestartUntilCompleteOneLinePerChange() {
    DcosCli cli = DcosCli.throughDcos(cluster.mesos().masterUrl(), cliDir).framework(NAME);
    assertThat(plan().path("target").path("id").asText()).isEqualTo("1");

    scheduler.restartWith(Map.of("BROKER_HEAP_MB", "240"));
    DcosCli.Run watch = cli.startKafka("plan", "show", "--watch", "--interval=1s", "--timeout=15m")
        .await(Duration.ofMinutes(16));

    assertThat(watch.exit()).as(watch.toString()).isZero();
    List<String> lines = watch.lines();
    System.out.println("[plan show --watch]\n" + String.join("\n", lines));
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i)).as("line %s repeats line %s", i + 1, i).isNotEqualTo(lines.get(i - 1));
    }
    assertThat(lines).contains("target 2: BROKER_HEAP_MB: 256 -> 240");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("plan: target 2 COMPLETE, 3/3 steps complete");

    // the steps as the watch saw them: each went IN_PROGRESS, then COMPLETE, one broker at a time
    Map<String, List<String>> seen = new HashMap<>();
    Map<String, String> now = new HashMap<>();
    List<Integer> completeCounts = new ArrayList<>();
    for (String line : lines) {
      Matcher step = STEP.matcher(line);
      if (step.matches()) {
        seen.computeIfAbsent(step.group(1), s -> new ArrayList<>()).add(step.group(2));
        now.put(step.group(1), step.group(2));
      }
      Matcher plan = PLAN.matcher(line);
      if (plan.matches() && plan.group(1).equals("2")) {
        // a plan line ends what one poll saw: within it, the steps that changed come in the
        // plan's order (one step's end may be printed after the next one's start)
        assertThat(now.values().stream().filter("IN_PROGRESS"::equals).count())
            .as("steps in progress at once, at: %s", line).isLessThanOrEqualTo(1);
        completeCounts.add(Integer.parseInt(plan.group(3)));
      }
    }
    assertThat(seen).containsOnlyKeys("restart-0", "restart-1", "restart-2");
    seen.forEach((step, states) -> {
      assertThat(states).as(step).contains("IN_PROGRESS").endsWith("COMPLETE");
      assertThat(states.indexOf("IN_PROGRESS")).as(step).isLessThan(states.lastIndexOf("COMPLETE"));
      assertThat(states).as(step).doesNotContain("ERROR");
    });
    assertThat(completeCounts).as("complete steps, line by line").isSorted().endsWith(3);
    assertThat(completeCounts.size()).as("plan lines of target 2").isGreaterThanOrEqualTo(3);

    JsonNode done = plan();
    assertThat(done.path("status").asText()).isEqualTo("COMPLETE");
    assertThat(done.path("target").path("id").asText()).isEqualTo("2");
  }

  private JsonNode plan() {
    Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/plan");
    assertThat(answer.status()).isEqualTo(200);
    return answer.body();
  }

  private String bootstrap() {
    JsonNode connection = Poll.until("3 brokers in /v1/connection", LocalCluster.BROKERS_UP, () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
      return answer.status() == 200 && answer.body().path("brokers").size() == 3
          ? Optional.of(answer.body()) : Optional.empty();
    });
    List<String> brokers = new ArrayList<>();
    connection.path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }
}
