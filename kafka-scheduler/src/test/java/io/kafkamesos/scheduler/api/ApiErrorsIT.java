package io.kafkamesos.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.commons.http.MalformedRequests;
import io.kafkamesos.commons.http.MalformedRequests.Endpoint;
import io.kafkamesos.commons.http.RawHttp;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.KafkaSchedulerApplication;
import io.kafkamesos.scheduler.SchedulerConfiguration;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole application in-process (no Mesos, a real ZooKeeper): every error of both connectors,
 * including those Jetty raises before a resource runs, is JSON with a message, and a trailing slash
 * or an empty segment never selects another operation.
 */
class ApiErrorsIT {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static TestingServer zookeeper;
  private static DropwizardTestSupport<SchedulerConfiguration> app;

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

  @Test
  void everyMalformedRequestToTheApiIsAJsonError() {
    List<String> bad = check(app.getLocalPort(), MalformedRequests.SCHEDULER_API);
    assertThat(bad).as("answers that are not a JSON error").isEmpty();
  }

  @Test
  void everyMalformedRequestToTheAdminPortIsAJsonError() {
    List<String> bad = check(app.getAdminPort(), MalformedRequests.SCHEDULER_ADMIN);
    assertThat(bad).as("answers that are not a JSON error").isEmpty();
  }

  @Test
  void aTrailingSlashIsRefusedAndRestartsNothing() throws Exception {
    RawHttp http = new RawHttp("127.0.0.1", app.getLocalPort(), Duration.ofSeconds(30));
    for (String path : List.of("/v1/brokers/", "/v1/brokers//replace", "/v1/topics/")) {
      RawHttp.Answer answer = http.request("PUT", path);
      assertThat(answer.status()).as(path).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).path("message").asText()).as(path)
          .containsAnyOf("ends with '/'", "empty segment");
    }
    RawHttp.Answer get = http.request("GET", "/v1/topics/");
    assertThat(get.status()).isEqualTo(400);
    assertThat(JSON.readTree(get.body()).path("message").asText()).contains("GET /v1/topics/");
    assertThat(app.getEnvironment().metrics().counter("kafka.scheduler.restarts.requested").getCount())
        .isZero();
  }

  @Test
  void theAdminTasksStillReadTheirFormParameters() {
    RawHttp http = new RawHttp("127.0.0.1", app.getAdminPort(), Duration.ofSeconds(30));
    String body = "logger=io.kafkamesos.scheduler.api&level=INFO";
    RawHttp.Answer answer = http.send(("POST /tasks/log-level HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body()).contains("io.kafkamesos.scheduler.api", "INFO");
  }

  /** Sends every probe and answers the descriptions of those whose answer is not a JSON error. */
  static List<String> check(int port, List<Endpoint> endpoints) {
    RawHttp http = new RawHttp("127.0.0.1", port, Duration.ofSeconds(30));
    assertThat(new MalformedRequests("h").of(endpoints)).hasSizeGreaterThan(endpoints.size() * 20);
    return MalformedRequests.failures(http, "127.0.0.1:" + port, endpoints);
  }
}
