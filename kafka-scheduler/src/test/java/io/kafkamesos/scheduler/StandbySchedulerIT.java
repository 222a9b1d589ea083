package io.kafkamesos.scheduler;

import static io.kafkamesos.scheduler.KafkaSchedulerApplicationIT.awaitPhase;
import static io.kafkamesos.scheduler.KafkaSchedulerApplicationIT.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two whole schedulers of one framework in-process, on a real ZooKeeper and a master address where
 * nothing listens: the second stands by, its API answers 503 naming the first, and it takes over
 * when the first stops. (The same with real processes on mesos-local: integration-tests'
 * {@code StandbySchedulerIT}.)
 */
class StandbySchedulerIT {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  private TestingServer zookeeper;
  private DropwizardTestSupport<SchedulerConfiguration> first;
  private DropwizardTestSupport<SchedulerConfiguration> second;

  @BeforeEach
  void start() throws Exception {
    zookeeper = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (DropwizardTestSupport<SchedulerConfiguration> app : new DropwizardTestSupport[] {second, first}) {
      if (app != null) {
        app.after();
      }
    }
    zookeeper.close();
  }

  private DropwizardTestSupport<SchedulerConfiguration> scheduler() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SchedulerSettings settings = Fixtures.settings("ZK_CONNECT", zookeeper.getConnectString(),
        "MESOS_MASTER", "http://127.0.0.1:" + closedPort, "BROKER_COUNT", "2");
    DropwizardTestSupport<SchedulerConfiguration> app = new DropwizardTestSupport<>(
        KafkaSchedulerApplication.class, "../config/scheduler.yml",
        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
        ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
        ConfigOverride.config("server.adminConnectors[0].port", "0"),
        ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1")) {
      @Override
      public Application<SchedulerConfiguration> newApplication() {
        return new KafkaSchedulerApplication(settings);
      }
    };
    app.before();
    return app;
  }

  private static String api(DropwizardTestSupport<SchedulerConfiguration> app) {
    return "http://127.0.0.1:" + app.getLocalPort();
  }

  private static String admin(DropwizardTestSupport<SchedulerConfiguration> app) {
    return "http://127.0.0.1:" + app.getAdminPort();
  }

  @Test
  void theSecondStandsByNamingTheLeaderAndTakesOverWhenItStops() throws Exception {
    first = scheduler();
    awaitPhase(admin(first), "LEADING");
    second = scheduler();
    JsonNode live = awaitPhase(admin(second), "STANDING_BY");
    assertThat(live.path("live").asBoolean()).isTrue();
    assertThat(get(admin(second) + "/liveness").statusCode()).isEqualTo(200);

    for (String path : new String[] {"/v1/brokers", "/v1/plan", "/v1/topics", "/"}) {
      HttpResponse<String> answer = get(api(second) + path);
      assertThat(answer.statusCode()).as(path).isEqualTo(503);
      assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.path("phase").asText()).isEqualTo("STANDING_BY");
      assertThat(body.path("leader").path("api").asText()).as(path).isEqualTo(api(first));
      assertThat(body.path("message").asText())
          .startsWith("this scheduler of kafka0 stands by: the scheduler at " + api(first) + " leads");
    }
    JsonNode health = JSON.readTree(get(admin(second) + "/healthcheck").body());
    assertThat(health.path("leadership").path("healthy").asBoolean())
        .as("a standby cannot tell the cluster's health").isFalse();
    assertThat(health.path("leadership").path("message").asText())
        .startsWith("this scheduler of kafka0 stands by: the scheduler at " + api(first) + " leads");
    assertThat(health.has("mesos")).as("a standby does not pretend to know the cluster").isFalse();
    assertThat(get(api(first) + "/v1/brokers").statusCode()).isEqualTo(200);

    String leaderApi = api(first);
    first.after();
    first = null;
    long start = System.nanoTime();
    awaitPhase(admin(second), "LEADING");
    System.out.println("[standby] took over in " + (System.nanoTime() - start) / 1_000_000 + " ms after "
        + leaderApi + " stopped");
    // the new leader serves the cluster it loaded: its status lists brokers 0 and 1 (none of them
    // is registered in Kafka here, so /v1/brokers, which lists registered brokers, is empty)
    HttpResponse<String> status = get(api(second) + "/v1/status");
    assertThat(status.statusCode()).isEqualTo(200);
    List<Integer> ids = new java.util.ArrayList<>();
    JSON.readTree(status.body()).path("brokers").forEach(b -> ids.add(b.path("id").asInt()));
    assertThat(ids).containsExactly(0, 1);
  }
}
