package io.kafkamesos.it.leader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, health checks Marathon can live with: a scheduler whose configuration is refused (pv
 * turned off on a running pv cluster) reports it on {@code /healthcheck} (500), and Marathon, which
 * runs the package's own health check ({@code /liveness}), leaves it running. As a control, the same
 * app checked on {@code /healthcheck}, as the package did before, gets its scheduler killed and
 * replaced by Marathon, again and again.
 *
 * <p>The health checks run on a shorter timing than the package's (20 s grace, every 2 s, the
 * package's 3 failures in a row) so that Marathon would act within a minute. mesos-local's Marathon
 * runs them over loopback; once it runs them from the agent's address as Marathon does, this test
 * also shows that the admin port answers from there.
 */
class MarathonHealthCheckIT {

  private static final String NAME = "hc0";
  private static final MarathonScheduler.HealthTiming QUICK =
      new MarathonScheduler.HealthTiming(Duration.ofSeconds(20), Duration.ofSeconds(2));
  /**
   * Longer than the grace period plus three failed checks (26 s from the task's start; the watch
   * starts later than that start): Marathon would have acted by then.
   */
  private static final Duration WATCH = Duration.ofSeconds(40);

  private LocalCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(1);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aRefusedConfigurationDoesNotGetTheSchedulerRestarted() throws Exception {
    MarathonScheduler scheduler = MarathonScheduler.installWithHealthTiming(cluster.mesos().masterUrl(),
        cluster.mesos().zkConnect(), NAME, Map.of("BROKER_COUNT", "1", "BROKER_PV", "true"), QUICK);
    JsonNode check = scheduler.app().path("healthChecks").get(0);
    assertThat(check.path("path").asText()).as("the package's health check").isEqualTo("/liveness");
    assertThat(check.path("portIndex").asInt()).isEqualTo(1);
    scheduler.awaitApi(Duration.ofMinutes(2));
    Poll.untilTrue("broker 0 running", LocalCluster.BROKERS_UP,
        () -> cluster.tasks(NAME).containsValue("TASK_RUNNING"));
    String broker = cluster.tasks(NAME).keySet().iterator().next();

    scheduler.restartWith(Map.of("BROKER_PV", "false"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    JsonNode plan = Json.get(scheduler.apiUrl() + "/v1/plan").body();
    assertThat(plan.path("refusal").asText()).as("plan: " + plan).contains("BROKER_PV");
    String task = scheduler.taskId().orElseThrow();
    Poll.untilTrue("the plan health check in error", Duration.ofMinutes(1), () -> {
      Json.Answer health = Json.get(scheduler.adminUrl() + "/healthcheck");
      return health.status() == 500 && health.body().path("plan").path("message").asText()
          .startsWith("configuration refused");
    });
    assertThat(scheduler.liveness().status()).isEqualTo(200);

    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() < end) {
      assertThat(scheduler.taskId()).as("the scheduler's task, " + scheduler.log()).contains(task);
      Thread.sleep(2_000);
    }
    JsonNode app = scheduler.app();
    assertThat(app.path("tasksHealthy").asInt()).as("Marathon's verdict: " + app).isEqualTo(1);
    assertThat(app.path("tasksUnhealthy").asInt()).isZero();
    assertThat(app.path("lastTaskFailure").path("taskId").asText("")).isNotEqualTo(task);
    assertThat(cluster.tasks(NAME)).as("the broker runs on").containsEntry(broker, "TASK_RUNNING");

    // the control: checked on /healthcheck, Marathon kills the scheduler of a refused configuration
    scheduler.update(a -> ((ObjectNode) a.path("healthChecks").get(0)).put("path", "/healthcheck"));
    Poll.untilTrue("Marathon to kill the scheduler for failing /healthcheck", Duration.ofMinutes(2),
        () -> scheduler.app().path("lastTaskFailure").path("message").asText("").startsWith("unhealthy"));
    assertThat(scheduler.app().path("lastTaskFailure").path("taskId").asText()).isEqualTo(task);
  }

  /**
   * {@code dcos package install} on a cluster without DC/OS names: {@code ZK_CONNECT=master.mesos:2181}
   * does not resolve. The scheduler stays up (Marathon's check passes), says why on its API and
   * {@code /healthcheck}, and carries on once the app is given a ZooKeeper that answers.
   */
  @Test
  void aZooKeeperThatDoesNotResolveKeepsTheSchedulerUpSayingWhy() throws Exception {
    Assumptions.assumeFalse(resolves("master.mesos"), "master.mesos resolves on this machine");
    MarathonScheduler scheduler = MarathonScheduler.installWithHealthTiming(cluster.mesos().masterUrl(),
        "master.mesos:2181", NAME, Map.of("BROKER_COUNT", "1"), QUICK);
    Json.Answer refused = Poll.until("the API to say why", Duration.ofMinutes(2), () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/brokers");
      return answer.status() == 503 && answer.body().path("message").asText().contains("cannot resolve")
          ? java.util.Optional.of(answer) : java.util.Optional.empty();
    });
    assertThat(refused.body().path("message").asText())
        .isEqualTo("the scheduler of hc0 cannot reach ZooKeeper (cannot resolve master.mesos); it keeps "
            + "trying, and stands by or leads once ZooKeeper answers");
    assertThat(scheduler.liveness().status()).isEqualTo(200);
    Json.Answer health = Json.get(scheduler.adminUrl() + "/healthcheck");
    assertThat(health.status()).isEqualTo(500);
    assertThat(health.body().path("zookeeper").path("message").asText())
        .isEqualTo("state ZooKeeper master.mesos:2181 is not connected (cannot resolve master.mesos)");
    String task = scheduler.taskId().orElseThrow();

    long end = System.nanoTime() + WATCH.toNanos();
    while (System.nanoTime() < end) {
      assertThat(scheduler.taskId()).as("the scheduler's task, " + scheduler.log()).contains(task);
      Thread.sleep(2_000);
    }
    assertThat(scheduler.app().path("tasksHealthy").asInt()).isEqualTo(1);
    assertThat(cluster.framework(NAME)).as("no subscription without ZooKeeper").isEmpty();

    scheduler.restartWith(Map.of("ZK_CONNECT", cluster.mesos().zkConnect()));
    scheduler.awaitApi(Duration.ofMinutes(2));
    Poll.untilTrue("broker 0 running", LocalCluster.BROKERS_UP,
        () -> cluster.tasks(NAME).containsValue("TASK_RUNNING"));
  }

  private static boolean resolves(String host) {
    try {
      java.net.InetAddress.getByName(host);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
