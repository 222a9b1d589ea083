package io.kafkamesos.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole application in-process, from {@code config/scheduler.yml}, on a real ZooKeeper, with a
 * master address where nothing listens: the wiring, the API and the admin port, without Mesos.
 */
class KafkaSchedulerApplicationIT {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestingServer zookeeper;
  private static DropwizardTestSupport<SchedulerConfiguration> app;
  private static String api;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    zookeeper = new TestingServer(true);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SchedulerSettings settings = Fixtures.settings("ZK_CONNECT", zookeeper.getConnectString(),
        "MESOS_MASTER", "http://127.0.0.1:" + closedPort, "BROKER_COUNT", "2");
    app = new DropwizardTestSupport<>(KafkaSchedulerApplication.class, "../config/scheduler.yml",
        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
        ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
        ConfigOverride.config("server.adminConnectors[0].port", "0")) {
      @Override
      public Application<SchedulerConfiguration> newApplication() {
        return new KafkaSchedulerApplication(settings);
      }
    };
    app.before();
    api = "http://127.0.0.1:" + app.getLocalPort();
    admin = "http://127.0.0.1:" + app.getAdminPort();
    awaitPhase(admin, "LEADING");
  }

  /** Waits until the scheduler at {@code adminUrl} says (on /liveness) that it is in {@code phase}. */
  static JsonNode awaitPhase(String adminUrl, String phase) throws Exception {
    long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    JsonNode live = null;
    while (System.nanoTime() < end) {
      live = JSON.readTree(get(adminUrl + "/liveness").body());
      if (phase.equals(live.path("phase").asText())) {
        return live;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the scheduler at " + adminUrl + " is not " + phase + " within 60 s: " + live);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.after();
    }
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheBrokerApiFromZooKeeper() throws Exception {
    // no broker is registered yet: none is up
    assertThat(JSON.readTree(get(api + "/v1/brokers").body()))
        .isEqualTo(JSON.readTree("{\"brokers\":[]}"));

    String registration = "{\"endpoints\":[\"PLAINTEXT://h1:31000\"],\"jmx_port\":-1,\"host\":\"h1\","
        + "\"timestamp\":\"1\",\"port\":31000,\"version\":4}";
    try (CuratorFramework kafka = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
        new RetryOneTime(100))) {
      kafka.start();
      kafka.create().creatingParentsIfNeeded()
          .forPath("/kafka0/brokers/ids/1", registration.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(JSON.readTree(get(api + "/v1/brokers").body()))
        .isEqualTo(JSON.readTree("{\"brokers\":[\"1\"]}"));
    HttpResponse<String> describe = get(api + "/v1/brokers/1");
    assertThat(describe.statusCode()).isEqualTo(200);
    assertThat(describe.body()).isEqualTo(registration);
    assertThat(JSON.readTree(get(api + "/v1/connection").body())).isEqualTo(JSON.readTree(
        "{\"brokers\":[\"h1:31000\"],\"zookeeper\":\"" + zookeeper.getConnectString() + "/kafka0\"}"));
    assertThat(get(api + "/v1/brokers/5").statusCode()).isEqualTo(404);
  }

  @Test
  void healthChecksSayWhatIsMissing() throws Exception {
    JsonNode health = JSON.readTree(get(admin + "/healthcheck").body());
    assertThat(health.get("leadership").get("healthy").asBoolean()).isTrue();
    assertThat(health.get("leadership").get("message").asText()).startsWith("this scheduler leads kafka0");
    assertThat(health.get("mesos").get("healthy").asBoolean()).isFalse();
    assertThat(health.get("mesos").get("message").asText()).startsWith("not subscribed to the Mesos master");
    assertThat(health.get("zookeeper").get("healthy").asBoolean()).isTrue();
    assertThat(health.get("brokers").get("healthy").asBoolean()).isFalse();
    assertThat(health.get("brokers").get("message").asText()).contains("broker 0 waits for an offer");

    // Dropwizard's JSON moved to /metrics.json; /metrics is Prometheus' text format
    JsonNode metrics = JSON.readTree(get(admin + "/metrics.json").body());
    assertThat(metrics.get("gauges").get("kafka.scheduler.brokers.running").get("value").asInt()).isZero();
    assertThat(metrics.get("counters").has("kafka.scheduler.offers.received")).isTrue();
    HttpResponse<String> prometheus = get(admin + "/metrics");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(prometheus.body().lines()).contains("kafka_scheduler_brokers_running 0.0",
        "# TYPE kafka_scheduler_offers_received gauge");
  }

  @Test
  void livenessSaysItLeadsWhileTheClusterIsUnhealthy() throws Exception {
    HttpResponse<String> live = get(admin + "/liveness");
    assertThat(live.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(live.body());
    assertThat(body.path("live").asBoolean()).isTrue();
    assertThat(body.path("phase").asText()).isEqualTo("LEADING");
    assertThat(body.path("leader").path("api").asText()).isEqualTo(api);
    assertThat(get(admin + "/healthcheck").statusCode()).as("the cluster is not healthy: no Mesos")
        .isEqualTo(500);
  }
}
