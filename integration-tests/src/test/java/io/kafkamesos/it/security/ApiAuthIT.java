package io.kafkamesos.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15: the maintenance API with {@code API_AUTH} on, on mesos-local, the scheduler installed
 * as the package's Marathon app with token hashes in its environment. Requests without a token or
 * with a wrong one get 401 (JSON) and change nothing: no topic is created, no broker restarts; a
 * read-only token gets 403 for a change; {@code GET /v1/tls/ca} stays open. {@code bin/dcos}
 * through the {@code /service} proxy works once {@code dcos config set core.dcos_acs_token} holds
 * the token (or {@code DCOS_ACS_TOKEN} does), users and ACLs included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthIT {
  private static final String NAME = "kafkaauth";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final String token = newToken();
  private final String readOnly = newToken();
  private LocalCluster cluster;
  private MarathonScheduler scheduler;
  private Path cliDir;
  private String service;

  /** What the API answered. */
  private record Answer(int status, JsonNode body, HttpResponse<String> response) {
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String token) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  @BeforeAll
  void install() throws Exception {
    cluster = LocalCluster.start(1);
    cliDir = Files.createTempDirectory("api-auth-cli-");
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(), NAME,
        Map.of("BROKER_COUNT", "1", "API_AUTH", "TRUE",
            "API_TOKEN_HASHES", hash(token) + "," + hash(readOnly) + ":read"));
    service = cluster.mesos().masterUrl() + "/service/" + NAME;
    Poll.untilTrue("broker 0 registered, as the API tells a caller with the token", LocalCluster.BROKERS_UP,
        () -> {
          Answer brokers = call("GET", "/v1/brokers", "token=" + token);
          return brokers.status() == 200 && brokers.body().path("brokers").size() == 1;
        });
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", "api-auth-logs"));
        cluster.close();
      }
    } finally {
      if (cliDir != null) {
        LocalCluster.deleteRecursively(cliDir);
      }
    }
  }

  private Answer call(String method, String pathAndQuery, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service + pathAndQuery))
        .timeout(Duration.ofSeconds(120)).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode json = null;
      try {
        json = body.isBlank() ? null : JSON.readTree(body);
      } catch (IOException notJson) {
        // the status page, a PEM: kept as text in the response
      }
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String brokerTask() {
    return Poll.until("the running task of broker 0", Duration.ofMinutes(2), () -> cluster.tasks(NAME).entrySet()
        .stream().filter(e -> e.getKey().startsWith("broker-0__") && e.getValue().equals("TASK_RUNNING"))
        .map(Map.Entry::getKey).findFirst());
  }

  private Set<String> topics() throws Exception {
    try (AdminClient admin = KafkaAdmin.admin(bootstrap())) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private String bootstrap() {
    Answer connection = call("GET", "/v1/connection", "token=" + token);
    assertThat(connection.status()).isEqualTo(200);
    java.util.List<String> brokers = new java.util.ArrayList<>();
    connection.body().path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }

  @Test
  void callsWithoutOrWithAWrongTokenAre401AndChangeNothing() throws Exception {
    String task = brokerTask();
    for (String authorization : new String[] {null, "token=not-the-token", "Bearer not-the-token",
        "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))}) {
      Answer create = call("POST", "/v1/topics?name=guarded&partitions=1&replication=1", authorization);
      assertThat(create.status()).as("POST /v1/topics with %s", authorization).isEqualTo(401);
      assertThat(create.body().path("code").asInt()).isEqualTo(401);
      assertThat(create.body().path("message").asText()).isNotBlank();
      assertThat(create.response().headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"" + NAME + "\"");
      assertThat(call("PUT", "/v1/brokers/0", authorization).status()).isEqualTo(401);
      assertThat(call("PUT", "/v1/brokers", authorization).status()).isEqualTo(401);
      assertThat(call("POST", "/v1/users/mallory", authorization).status()).isEqualTo(401);
      assertThat(call("DELETE", "/v1/acls?principal=User:alice", authorization).status()).isEqualTo(401);
      assertThat(call("GET", "/v1/brokers", authorization).status()).isEqualTo(401);
      assertThat(call("GET", "/", authorization).status()).as("the status page").isEqualTo(401);
    }
    // a read-only token reads, and may not change anything
    assertThat(call("GET", "/v1/topics", "token=" + readOnly).status()).isEqualTo(200);
    Answer forbidden = call("POST", "/v1/topics?name=guarded&partitions=1&replication=1", "token=" + readOnly);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body().path("code").asInt()).isEqualTo(403);
    assertThat(call("PUT", "/v1/brokers/0", "Bearer " + readOnly).status()).isEqualTo(403);

    // nothing happened: no topic, the same broker task, still running, for a while
    assertThat(topics()).doesNotContain("guarded");
    // a restart, had one been asked, would have stopped the task within this
    Poll.holds("broker task " + task + " running on", Duration.ofSeconds(5),
        () -> task.equals(brokerTask()));
    assertThat(brokerTask()).isEqualTo(task);
    assertThat(cluster.tasks(NAME)).hasSize(1);
    assertThat(call("GET", "/v1/plan", "token=" + token).body().path("status").asText()).isEqualTo("COMPLETE");
  }

  @Test
  void theCaCertificateStaysOpen() {
    Answer ca = call("GET", "/v1/tls/ca", null);
    // this cluster runs without TLS: no CA, said in JSON, and not a 401
    assertThat(ca.status()).isEqualTo(404);
    assertThat(ca.body().path("message").asText()).startsWith("TLS is off for this cluster");
  }

  @Test
  void theCliWorksWithTheTokenOfItsConfig() throws Exception {
    String task = brokerTask();
    DcosCli cli = DcosCli.throughDcos(cluster.mesos().masterUrl(), cliDir).framework(NAME);

    DcosCli.Run refused = cli.kafka("topic", "list");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 401").contains("dcos config set core.dcos_acs_token <token>");

    assertThat(cli.run("config", "set", "core.dcos_acs_token", token).exit()).isZero();
    DcosCli.Run created = cli.kafka("topic", "create", "with-token", "--partitions", "1", "--replication", "1");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.json().path("exit_code").asInt()).isZero();
    assertThat(topics()).contains("with-token");
    DcosCli.Run brokers = cli.kafka("broker", "list");
    assertThat(brokers.exit()).as(brokers.toString()).isZero();
    assertThat(brokers.json().path("brokers").get(0).asText()).isEqualTo("0");
    DcosCli.Run status = cli.kafka("plan", "show");
    assertThat(status.exit()).as(status.toString()).isZero();

    // users: a generated password, answered once, never listed
    DcosCli.Run user = cli.kafka("user", "create", "alice");
    assertThat(user.exit()).as(user.toString()).isZero();
    assertThat(user.json().path("password").asText()).matches("[A-Za-z0-9]{32}");
    DcosCli.Run users = cli.kafka("user", "list");
    assertThat(users.json()).isEqualTo(JSON.readTree("{\"users\":[{\"name\":\"alice\",\"mechanisms\":"
        + "[{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]}]}"));
    assertThat(cli.kafka("user", "delete", "alice").exit()).isZero();
    // these brokers run without an authorizer: the ACL commands say so
    DcosCli.Run acls = cli.kafka("acl", "list");
    assertThat(acls.exit()).isEqualTo(1);
    assertThat(acls.err()).contains("authorization is off: set AUTHORIZATION_ENABLED").contains("HTTP 503");

    // a read-only token from the environment wins over the config: it may read, not change
    DcosCli reader = cli.withEnv("DCOS_ACS_TOKEN", readOnly);
    assertThat(reader.kafka("topic", "list").exit()).isZero();
    DcosCli.Run delete = reader.kafka("topic", "delete", "with-token");
    assertThat(delete.exit()).isEqualTo(1);
    assertThat(delete.err()).contains("HTTP 403").contains("may only read");
    assertThat(topics()).contains("with-token");
    assertThat(brokerTask()).isEqualTo(task);
    assertThat(scheduler.app().path("tasksRunning").asInt(0)).as("the scheduler never restarted").isEqualTo(1);
  }
}
