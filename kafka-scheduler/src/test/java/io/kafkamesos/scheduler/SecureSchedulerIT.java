package io.kafkamesos.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.commons.security.Pem;
import io.kafkamesos.scheduler.security.SecuritySettings;
import io.kafkamesos.scheduler.security.SecuritySettingsParser;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application with {@code TLS_ENABLED} on a real ZooKeeper (no Mesos): the leader makes the
 * cluster CA at its first start, keeps the key where only its identity reads it, serves the
 * certificate at {@code GET /v1/tls/ca}; the next scheduler finds the same CA; a change of the
 * security options of the running cluster is refused and the cluster keeps its target.
 */
class SecureSchedulerIT {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "kafka0-scheduler:" + UUID.randomUUID();
  private static TestingServer zookeeper;
  private static SchedulerSettings settings;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zookeeper = new TestingServer(true);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    settings = Fixtures.settings("ZK_CONNECT", zookeeper.getConnectString(),
        "MESOS_MASTER", "http://127.0.0.1:" + closedPort, "BROKER_COUNT", "1");
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  private static SecuritySettings security(String... more) {
    Map<String, String> env = new HashMap<>(Map.of("TLS_ENABLED", "TRUE", "ZK_SECRET", SECRET));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return SecuritySettingsParser.parse(env, Instant.now());
  }

  private static DropwizardTestSupport<SchedulerConfiguration> start(SecuritySettings security) throws Exception {
    DropwizardTestSupport<SchedulerConfiguration> app = new DropwizardTestSupport<>(
        KafkaSchedulerApplication.class, "../config/scheduler.yml",
        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
        ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1"),
        ConfigOverride.config("server.adminConnectors[0].port", "0")) {
      @Override
      public Application<SchedulerConfiguration> newApplication() {
        return new KafkaSchedulerApplication(settings, security);
      }
    };
    app.before();
    KafkaSchedulerApplicationIT.awaitPhase("http://127.0.0.1:" + app.getAdminPort(), "LEADING");
    return app;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET /v1/tls/ca} once it answers 200 (the leader makes the CA as it starts). */
  private static HttpResponse<String> awaitCa(String api) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> answer = get(api + "/v1/tls/ca");
    while (answer.statusCode() != 200 && System.nanoTime() < end) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      Thread.sleep(200);
      answer = get(api + "/v1/tls/ca");
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer;
  }

  @Test
  void theLeaderMakesTheCaOnceAndEverySchedulerAfterItServesTheSameOne() throws Exception {
    String first;
    DropwizardTestSupport<SchedulerConfiguration> app = start(security());
    try {
      String api = "http://127.0.0.1:" + app.getLocalPort();
      HttpResponse<String> ca = awaitCa(api);
      assertThat(ca.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
      first = ca.body();
      List<X509Certificate> certificates = Pem.parseCertificates(first);
      assertThat(certificates).hasSize(1);
      assertThat(certificates.get(0).getSubjectX500Principal().getName())
          .isEqualTo("CN=kafka0 cluster CA,O=kafka-mesos");
      assertThat(certificates.get(0).getBasicConstraints()).as("a CA").isEqualTo(0);
      JsonNode health = JSON.readTree(get("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck").body());
      assertThat(health.path("cluster-ca").path("healthy").asBoolean()).isTrue();
      assertThat(health.path("cluster-ca").path("message").asText()).startsWith("the cluster CA (generated) is valid until");

      try (CuratorFramework anyone = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
          new RetryOneTime(100))) {
        anyone.start();
        // the certificate is for everyone; the key for the scheduler's identity only
        assertThat(new String(anyone.getData().forPath("/kafka0/scheduler/tls/ca-certificate"),
            StandardCharsets.UTF_8)).isEqualTo(first);
        assertThatThrownBy(() -> anyone.getData().forPath("/kafka0/scheduler/secrets/ca-key"))
            .isInstanceOf(KeeperException.NoAuthException.class);
        JsonNode target = JSON.readTree(anyone.getData().forPath("/kafka0/scheduler/target"));
        assertThat(target.path("configuration").path("security").path("tls").asBoolean()).isTrue();
        assertThat(target.toString()).doesNotContain(SECRET.substring(SECRET.indexOf(':') + 1));
      }
    } finally {
      app.after();
    }

    // the next scheduler (Marathon's restart, a standby taking over) with a changed option: refused,
    // and it keeps the cluster's target and its CA
    app = start(security("AUTHENTICATION", "MTLS"));
    try {
      String api = "http://127.0.0.1:" + app.getLocalPort();
      assertThat(awaitCa(api).body()).isEqualTo(first);
      JsonNode plan = JSON.readTree(get(api + "/v1/plan").body());
      assertThat(plan.path("refusal").asText()).isEqualTo("changing the security options of a running"
          + " cluster is not supported yet (AUTHENTICATION: NONE -> MTLS); it keeps the options it was"
          + " installed with");
      assertThat(plan.path("target").path("id").asText()).isEqualTo("1");
    } finally {
      app.after();
    }
  }
}
