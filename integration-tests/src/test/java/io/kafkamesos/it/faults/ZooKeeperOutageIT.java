package io.kafkamesos.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper goes away under a running scheduler: every API call still answers within a bounded
 * time, with what the scheduler knows or a 503 that says why, the health check names ZooKeeper, and
 * once ZooKeeper is back all is well again without the broker having been restarted.
 *
 * <p>The scheduler runs as the package installs it, under Marathon: once its ZooKeeper session ends
 * (15 s without ZooKeeper) it gives up the leadership and exits, and Marathon starts it again; the
 * new process answers while it waits for ZooKeeper. A call that finds nobody listening in between
 * is asked again, within the same bound.
 */
class ZooKeeperOutageIT {

  private static final String NAME = "zkout0";
  /** The scheduler gives up on a request after 30 s; a little more for the round trip. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(35);

  private LocalCluster cluster;
  private MarathonScheduler scheduler;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(1);
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(), NAME,
        Map.of("BROKER_COUNT", "1"));
    scheduler.awaitApi(Duration.ofMinutes(2));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (!cluster.mesos().zooKeeperServing()) {
        cluster.mesos().startZooKeeper(); // brokers must not lose ZooKeeper before they stop
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void theApiAnswersClearlyWithoutZooKeeperAndAllIsWellWhenItReturns() throws Exception {
    Poll.untilTrue("broker 0 registered", LocalCluster.BROKERS_UP,
        () -> Json.get(scheduler.apiUrl() + "/v1/brokers/0").status() == 200);
    String task = Poll.until("broker 0's task running", LocalCluster.BROKERS_UP, this::runningTask);

    cluster.mesos().stopZooKeeper();
    for (String path : List.of("/v1/connection", "/v1/brokers", "/v1/brokers/0", "/v1/topics",
        "/v1/topics/under_replicated_partitions", "/v1/plan", "/v1/reservations")) {
      long start = System.nanoTime();
      Json.Answer answer = Poll.until(path + " answered", ANSWER_WITHIN,
          () -> Optional.of(Json.get(scheduler.apiUrl() + path)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.println("[zookeeper down] GET " + path + " -> " + answer.status() + " in "
          + took.toMillis() + " ms: " + answer.body());
      assertThat(took).as("%s answered in %s ms", path, took.toMillis()).isLessThan(ANSWER_WITHIN);
      if (answer.status() != 200) {
        assertThat(answer.status()).as("%s: %s", path, answer.body()).isEqualTo(503);
        assertThat(answer.body().path("message").asText()).as(path).isNotBlank();
      }
    }
    Poll.untilTrue("the zookeeper health check in error", Duration.ofMinutes(1), () -> {
      Json.Answer health = Json.get(scheduler.adminUrl() + "/healthcheck");
      return health.status() == 500 && !health.body().path("zookeeper").path("healthy").asBoolean(true);
    });

    cluster.mesos().startZooKeeper();
    Poll.untilTrue("healthy again", Duration.ofMinutes(2),
        () -> Json.get(scheduler.adminUrl() + "/healthcheck").status() == 200);
    assertThat(Json.get(scheduler.apiUrl() + "/v1/brokers/0").status()).isEqualTo(200);
    assertThat(runningTask()).as("the broker was not restarted").contains(task);
  }

  private Optional<String> runningTask() {
    return cluster.tasks(NAME).entrySet().stream().filter(e -> e.getValue().equals("TASK_RUNNING"))
        .map(Map.Entry::getKey).findFirst();
  }
}
