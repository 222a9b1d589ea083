package io.kafkamesos.it.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import io.kafkamesos.local.http.AuthenticationFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, authentication to Mesos as in DC/OS strict mode: two masters with {@code --credentials}
 * and {@code --authenticate_http_frameworks}, agents with {@code --authenticate_http_executors}. The
 * scheduler runs as the package installs it, under Marathon with its health check (on a short timing,
 * so that Marathon would act within the test), with {@code MESOS_MASTER=zk://...}.
 *
 * <p>With a wrong {@code FRAMEWORK_SECRET_FILE} it is refused: its {@code mesos} health check says
 * "authentication failed for principal ..." without the secret, the master sees its SUBSCRIBEs come
 * back with a growing, jittered backoff (counted over a minute), and {@code /liveness} stays 200, so
 * Marathon leaves it running. Given the right file (an update of the Marathon app's environment) it
 * subscribes and its brokers run, each executor on a token of its own: the agent refuses a call
 * without a token (401) and one made with another executor's (403).
 */
class MesosAuthenticationIT {

  private static final String NAME = "kauth";
  private static final String PRINCIPAL = "kauth-principal";
  private static final String SECRET = "right-s3cret";
  private static final String WRONG = "wrong-s3cret";
  private static final int BROKERS = 2;
  /** How long the refused scheduler's retries are counted (the issue: over a minute). */
  private static final Duration WATCH = Duration.ofSeconds(60);
  /** Marathon would kill a scheduler whose /liveness fails 3 times in a row, 20 s after its start. */
  private static final MarathonScheduler.HealthTiming QUICK =
      new MarathonScheduler.HealthTiming(Duration.ofSeconds(20), Duration.ofSeconds(2));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path secrets;
  private LocalCluster cluster;

  @BeforeEach
  void start() throws Exception {
    Path credentials = secrets.resolve("credentials.json");
    Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"" + PRINCIPAL + "\", \"secret\": \""
        + SECRET + "\"}]}");
    cluster = LocalCluster.start(BROKERS, config -> config.withMasters(2)
        .withCredentials(credentials.toString()).withFrameworkAuthentication(true)
        .withExecutorAuthentication(true));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      cluster.keepAppLogs(Path.of("target", "it-logs", getClass().getSimpleName()));
    } finally {
      cluster.close();
    }
  }

  @Test
  void aWrongSecretIsRefusedAndNamedTheRightOneRunsBrokersOnTheirOwnTokens() throws Exception {
    Path wrong = Files.writeString(secrets.resolve("wrong-secret"), WRONG + "\n");
    Path right = Files.writeString(secrets.resolve("right-secret"), SECRET + "\n");
    MarathonScheduler scheduler = MarathonScheduler.installWithHealthTiming(cluster.mesos().masterUrl(),
        cluster.mesos().zkConnect(), NAME, Map.of("MESOS_MASTER", cluster.mesos().zkMasterUrl(),
            "FRAMEWORK_PRINCIPAL", PRINCIPAL, "FRAMEWORK_SECRET_FILE", wrong.toString(),
            "BROKER_COUNT", Integer.toString(BROKERS), "PLACEMENT_STRATEGY", "NODE"), QUICK);

    // refused, and named on the health check
    String leader = cluster.mesos().masterUrl();
    String refusal = Poll.until("the mesos health check to name the refusal", Duration.ofMinutes(2), () -> {
      String message = mesosCheck(scheduler);
      return message.contains("authentication failed") ? Optional.of(message) : Optional.empty();
    });
    assertThat(refusal).startsWith("not subscribed to the Mesos master: authentication failed for principal "
        + PRINCIPAL + " at " + leader + " (HTTP 401");
    String task = scheduler.taskId().orElseThrow();
    Instant first = Poll.until("the master's first refusal of " + PRINCIPAL, Duration.ofSeconds(30),
        () -> refusals().stream().findFirst());

    // a minute of refusals: Marathon keeps the scheduler, which retries with backoff, never a storm
    Instant end = first.plus(WATCH);
    while (Instant.now().isBefore(end)) {
      assertThat(scheduler.liveness().status()).as("/liveness of the refused scheduler").isEqualTo(200);
      assertThat(scheduler.taskId()).as("the scheduler's Marathon task, " + scheduler.log()).contains(task);
      Json.Answer health = Json.get(scheduler.adminUrl() + "/healthcheck");
      assertThat(health.status()).isEqualTo(500);
      assertThat(health.body().toString()).doesNotContain(WRONG).doesNotContain(SECRET);
      Thread.sleep(2_000);
    }
    List<Instant> minute = refusals().stream().filter(t -> !t.isAfter(end)).toList();
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < minute.size(); i++) {
      gaps.add(Duration.between(minute.get(i - 1), minute.get(i)).toMillis());
    }
    System.out.println("[authentication] the master refused " + PRINCIPAL + " " + minute.size()
        + " times in " + WATCH.toSeconds() + " s; gaps between attempts (ms): " + gaps);
    // Backoff.standard: 0.5 s doubling to 30 s, up to half of each taken off at random: 7 to 9 in a minute
    assertThat(minute).as("SUBSCRIBEs refused in a minute").hasSizeBetween(4, 12);
    assertThat(gaps).as("no two attempts back to back").allMatch(gap -> gap >= 200);
    assertThat(gaps.get(gaps.size() - 1)).as("the backoff grows").isGreaterThan(4 * gaps.get(0));
    assertThat(jittered(gaps)).as("the gaps are jittered, not exact doublings: " + gaps).isTrue();
    assertThat(scheduler.app().path("tasksHealthy").asInt()).as("Marathon's verdict").isEqualTo(1);
    assertThat(cluster.framework(NAME)).as("no subscription").isEmpty();

    // fixed: the app's environment names the right secret file
    scheduler.restartWith(Map.of("FRAMEWORK_SECRET_FILE", right.toString()));
    JsonNode framework = Poll.until("the framework subscribed", Duration.ofMinutes(2),
        () -> cluster.framework(NAME).filter(f -> f.path("connected").asBoolean()));
    Instant subscribed = Instant.now();
    assertThat(framework.path("principal").asText()).isEqualTo(PRINCIPAL);
    Poll.untilTrue(BROKERS + " broker tasks running", LocalCluster.BROKERS_UP, () -> {
      Map<String, String> tasks = cluster.tasks(NAME);
      return tasks.size() == BROKERS && tasks.values().stream().allMatch("TASK_RUNNING"::equals);
    });
    scheduler.awaitApi(Duration.ofMinutes(1));
    for (int id = 0; id < BROKERS; id++) {
      int broker = id;
      Poll.untilTrue("broker " + id + " registered", LocalCluster.BROKERS_UP,
          () -> Json.get(scheduler.apiUrl() + "/v1/brokers/" + broker).status() == 200);
    }
    Poll.untilTrue("the mesos health check healthy", Duration.ofSeconds(30),
        () -> mesosCheck(scheduler).startsWith("subscribed as framework " + framework.path("id").asText()));
    assertThat(refusals()).as("every call of the running scheduler authenticated")
        .noneMatch(t -> t.isAfter(subscribed));

    executorsUseTheirOwnTokens(framework.path("id").asText());
    assertThat(schedulerOutput()).as("the scheduler's stdout and stderr").isNotEmpty()
        .noneMatch(text -> text.contains(WRONG) || text.contains(SECRET));
  }

  /**
   * Each broker's executor holds a token of its own (its claims name it) that its broker JVM does
   * not inherit; the agent answers a call without a token 401, and one with another executor's 403.
   */
  private void executorsUseTheirOwnTokens(String frameworkId) throws Exception {
    Map<String, String> tokens = new HashMap<>();
    Map<String, String> agents = new HashMap<>();
    for (JsonNode task : cluster.framework(NAME).orElseThrow().path("tasks")) {
      String executor = task.path("executor_id").asText();
      agents.put(executor, agentUrl(task.path("slave_id").asText()));
      ProcessHandle broker = cluster.brokerProcess(executor).orElseThrow();
      assertThat(environment(broker.pid())).as("broker JVM of " + executor)
          .doesNotContainKey("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
      Map<String, String> env = environment(broker.parent().orElseThrow().pid());
      assertThat(env).as("the executor of " + executor).containsEntry("MESOS_EXECUTOR_ID", executor);
      String token = env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
      assertThat(token).as("the token of " + executor).isNotBlank();
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      assertThat(claims.path("eid").asText()).isEqualTo(executor);
      assertThat(claims.path("fid").asText()).isEqualTo(frameworkId);
      tokens.put(executor, token);
    }
    assertThat(tokens).hasSize(BROKERS);
    assertThat(tokens.values()).doesNotHaveDuplicates();
    List<String> executors = List.copyOf(tokens.keySet());
    for (int i = 0; i < executors.size(); i++) {
      String executor = executors.get(i);
      String others = tokens.get(executors.get((i + 1) % executors.size()));
      HttpResponse<String> none = message(agents.get(executor), frameworkId, executor, null);
      assertThat(none.statusCode()).as("an executor call without a token: " + none.body()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          challenge -> assertThat(challenge).contains("mesos-agent-executor"));
      HttpResponse<String> foreign = message(agents.get(executor), frameworkId, executor, others);
      assertThat(foreign.statusCode()).as("a call as " + executor + " with another executor's token: "
          + foreign.body()).isEqualTo(403);
    }
  }

  /** A MESSAGE call to the agent's executor API as {@code executor}, with {@code token} if not null. */
  private static HttpResponse<String> message(String agent, String frameworkId, String executor, String token)
      throws IOException, InterruptedException {
    String body = "{\"type\":\"MESSAGE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},"
        + "\"executor_id\":{\"value\":\"" + executor + "\"},\"message\":{\"data\":\"aGVsbG8=\"}}";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agent + "/api/v1/executor"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code http://host:port} of the agent, from its {@code pid} in the master's /state. */
  private String agentUrl(String agentId) {
    for (JsonNode agent : cluster.state().path("slaves")) {
      if (agentId.equals(agent.path("id").asText())) {
        return "http://" + agent.path("pid").asText().replaceFirst("^[^@]*@", "");
      }
    }
    throw new AssertionError("no agent " + agentId + " in /state");
  }

  /** A process's environment, from {@code /proc/<pid>/environ}. */
  private static Map<String, String> environment(long pid) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String entry : Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8)
        .split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  /**
   * Whether the gaps show jitter: without it every gap would be one of the backoff's exact delays
   * (0.5 s doubling, 30 s at most) plus the attempt's own few milliseconds. A jittered gap of 2 s or
   * more lands within 2% of an exact delay about one time in twelve; for all of the three to five
   * such gaps of a minute to do so is a chance of well under one in a thousand.
   */
  private static boolean jittered(List<Long> gaps) {
    for (long gap : gaps) {
      if (gap < 2_000) {
        continue;
      }
      boolean exact = false;
      for (long delay = 500; delay <= 32_000; delay *= 2) {
        exact |= Math.abs(gap - Math.min(delay, 30_000)) <= 0.02 * delay;
      }
      if (!exact) {
        return true;
      }
    }
    return false;
  }

  /** When the masters refused a request of the scheduler's principal, oldest first. */
  private List<Instant> refusals() {
    return cluster.mesos().frameworkAuthenticationFailures().stream()
        .filter(f -> f.principal().equals(Optional.of(PRINCIPAL)))
        .map(AuthenticationFailures.Failure::at).toList();
  }

  private static String mesosCheck(MarathonScheduler scheduler) {
    return Json.get(scheduler.adminUrl() + "/healthcheck").body().path("mesos").path("message").asText();
  }

  /** The stdout and stderr of every scheduler task Marathon ran. */
  private List<String> schedulerOutput() throws IOException {
    try (Stream<Path> files = Files.walk(cluster.workDir().resolve("marathon"))) {
      List<String> out = new ArrayList<>();
      for (Path file : files.filter(f -> f.endsWith("stdout") || f.endsWith("stderr")).toList()) {
        out.add(Files.readString(file));
      }
      return out;
    }
  }
}
