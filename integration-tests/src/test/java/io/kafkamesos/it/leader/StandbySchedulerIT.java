package io.kafkamesos.it.leader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, one active scheduler: a second scheduler of kafka0, started by hand beside the first (as
 * an orphaned JVM or an operator's mistake would), stands by: its API answers 503 naming the leader,
 * its liveness 200, and the master sees no second subscription. {@code kill -9} of the first makes
 * it take over within seconds, with the same framework id and every broker task left running.
 */
class StandbySchedulerIT {

  private static final String NAME = "kafka0";
  private static final int BROKERS = 2;
  private static final Map<String, String> ENV = Map.of("FRAMEWORK_NAME", NAME,
      "BROKER_COUNT", Integer.toString(BROKERS), "BROKER_PV", "true", "PLACEMENT_STRATEGY", "NODE");
  /** How long the master is watched for re-subscriptions while both schedulers run. */
  private static final Duration WATCH = Duration.ofSeconds(20);
  /** The leader latch's session (15 s) plus the takeover, generously. */
  private static final Duration TAKE_OVER_WITHIN = Duration.ofSeconds(60);

  private LocalCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(BROKERS);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aSecondSchedulerStandsByAndTakesOverWhenTheFirstIsKilled() throws Exception {
    SchedulerProcess first = cluster.startScheduler(ENV);
    first.awaitApi(Duration.ofMinutes(2));
    Map<String, String> tasks = Poll.until(BROKERS + " broker tasks running", LocalCluster.BROKERS_UP, () -> {
      Map<String, String> now = cluster.tasks(NAME);
      return now.size() == BROKERS && now.values().stream().allMatch("TASK_RUNNING"::equals)
          ? Optional.of(now) : Optional.empty();
    });
    String frameworkId = cluster.framework(NAME).orElseThrow().path("id").asText();
    double subscribedAt = subscribedAt();

    SchedulerProcess second = cluster.startScheduler(ENV);
    JsonNode live = second.awaitPhase("STANDING_BY", Duration.ofMinutes(2));
    assertThat(live.path("live").asBoolean()).isTrue();
    assertThat(second.liveness().status()).as("Marathon's health check of a standby").isEqualTo(200);
    Poll.untilTrue("the standby names the leader", Duration.ofSeconds(30), () -> {
      Json.Answer answer = Json.get(second.apiUrl() + "/v1/brokers");
      return answer.status() == 503 && first.apiUrl().equals(answer.body().path("leader").path("api").asText());
    });
    for (String path : List.of("/v1/brokers", "/v1/brokers/0", "/v1/connection", "/v1/plan", "/v1/topics")) {
      Json.Answer answer = Json.get(second.apiUrl() + path);
      assertThat(answer.status()).as(path).isEqualTo(503);
      assertThat(answer.body().path("message").asText()).as(path)
          .startsWith("this scheduler of kafka0 stands by: the scheduler at " + first.apiUrl() + " leads");
      assertThat(answer.body().path("leader").path("admin").asText()).isEqualTo(first.adminUrl());
    }
    JsonNode health = Json.get(second.adminUrl() + "/healthcheck").body();
    assertThat(health.path("leadership").path("message").asText()).contains("stands by");
    assertThat(Json.get(first.apiUrl() + "/v1/brokers").status()).isEqualTo(200);

    // both run for a while: the master sees the first's subscription only, never a re-subscription
    List<Double> subscriptions = new ArrayList<>();
    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() < end) {
      JsonNode framework = cluster.framework(NAME).orElseThrow();
      assertThat(framework.path("connected").asBoolean()).as("the leader stays subscribed").isTrue();
      subscriptions.add(subscribedAt());
      Thread.sleep(200);
    }
    assertThat(new TreeSet<>(subscriptions)).as("subscriptions seen in " + WATCH.toSeconds() + " s")
        .containsExactly(subscribedAt);
    assertThat(frameworksNamed(NAME)).isEqualTo(1);
    assertThat(second.logText()).as("the standby never subscribes").doesNotContain("Subscribing framework");

    first.kill9();
    long killed = System.nanoTime();
    second.awaitPhase("LEADING", TAKE_OVER_WITHIN);
    Poll.untilTrue("the master sees the framework subscribed again", TAKE_OVER_WITHIN, () -> {
      JsonNode framework = cluster.framework(NAME).orElseThrow();
      return framework.path("connected").asBoolean() && subscribedAt() != subscribedAt;
    });
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("[standby] took over " + NAME + " " + tookMs + " ms after kill -9 of the leader");
    assertThat(tookMs).as("take-over time").isLessThan(TAKE_OVER_WITHIN.toMillis());

    assertThat(cluster.framework(NAME).orElseThrow().path("id").asText()).isEqualTo(frameworkId);
    assertThat(frameworksNamed(NAME)).isEqualTo(1);
    second.awaitApi(Duration.ofMinutes(1));
    Poll.untilTrue("the new leader's view of the brokers", Duration.ofMinutes(1),
        () -> Json.get(second.apiUrl() + "/v1/brokers/" + (BROKERS - 1)).status() == 200);
    Thread.sleep(10_000); // a restart the new leader ordered would show by now
    assertThat(cluster.tasks(NAME)).as("every broker task kept, none restarted").isEqualTo(tasks);

    // Marathon would start the killed one again: it stands by behind the new leader
    first.restart();
    first.awaitPhase("STANDING_BY", Duration.ofMinutes(2));
    Poll.untilTrue("the restarted scheduler names the new leader", Duration.ofSeconds(30), () ->
        second.apiUrl().equals(Json.get(first.apiUrl() + "/v1/brokers").body().path("leader").path("api").asText()));
    assertThat(cluster.tasks(NAME)).isEqualTo(tasks);
  }

  /** When the master last took a SUBSCRIBE of the framework ({@code reregistered_time} in /state). */
  private double subscribedAt() {
    JsonNode framework = cluster.framework(NAME).orElseThrow();
    return framework.path("reregistered_time").asDouble(framework.path("registered_time").asDouble());
  }

  private int frameworksNamed(String name) {
    int n = 0;
    for (JsonNode framework : cluster.state().path("frameworks")) {
      n += name.equals(framework.path("name").asText()) ? 1 : 0;
    }
    return n;
  }
}
