package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import io.kafkamesos.local.it.Poll;
import io.kafkamesos.local.it.RawSubscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * mesos-local's Marathon, /service proxy and /master/teardown over real HTTP, with real app
 * processes (a Python web server serving its sandbox) on one mesos-local shared by the class. Two
 * agents, so that apps run on an agent's own address (127.0.0.2), not on Marathon's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarathonIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int AGENTS = 2;
  /** The app's web server, on its agent's address as a service on a real cluster listens. */
  private static final String SERVE = "python3 -m http.server $PORT0 --bind $HOST";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Path workDir;
  private Path artifacts;
  private MesosLocal mesos;

  record Answer(int status, JsonNode json, String text) {
  }

  @BeforeAll
  void start() throws Exception {
    workDir = Files.createTempDirectory("marathon-it-");
    artifacts = Files.createTempDirectory("marathon-it-artifacts-");
    Files.writeString(artifacts.resolve("hello.txt"), "hello from the fetcher\n");
    Path tree = Files.createDirectories(artifacts.resolve("tree/pkg"));
    Files.writeString(tree.resolve("inside.txt"), "extracted\n");
    Process tar = new ProcessBuilder("tar", "-C", artifacts.resolve("tree").toString(), "-czf",
        artifacts.resolve("pkg.tgz").toString(), "pkg").inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    mesos = MesosLocal.start(MesosLocalConfig.defaults(workDir).withAgents(AGENTS));
  }

  @AfterEach
  void deleteApps() {
    for (JsonNode app : call("GET", "/v2/apps", null).json().path("apps")) {
      call("DELETE", "/v2/apps" + app.path("id").asText(), null);
    }
  }

  @AfterAll
  void stop() {
    if (mesos != null) {
      mesos.close();
    }
    delete(workDir);
    delete(artifacts);
  }

  private String app(String id, String extra) {
    return app(id, "echo \"$GREETING $HOST\" > env.txt; exec " + SERVE, extra);
  }

  private String app(String id, String cmd, String extra) {
    var app = JSON.createObjectNode().put("id", "/" + id)
        .put("cmd", cmd)
        .put("cpus", 0.1).put("mem", 64).put("instances", 1);
    app.putObject("env").put("GREETING", "hi");
    var fetch = app.putArray("fetch");
    fetch.addObject().put("uri", artifacts.resolve("hello.txt").toUri().toString())
        .put("extract", false);
    fetch.addObject().put("uri", artifacts.resolve("pkg.tgz").toString());
    var ports = app.putArray("portDefinitions");
    ports.addObject().put("port", 0).put("name", "web");
    ports.addObject().put("port", 0);
    try {
      app.setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
          ("{" + (extra.startsWith(",") ? extra.substring(1) : extra) + "}").replace('\'', '"')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return app.toString();
  }

  private static final String HEALTHY = ",'healthChecks':[{'protocol':'HTTP','path':'/',"
      + "'portIndex':0,'gracePeriodSeconds':30,'intervalSeconds':0.5,'timeoutSeconds':2,"
      + "'maxConsecutiveFailures':3}]";

  @Test
  void runsAnAppInItsSandboxWithPortsEnvironmentAndFetchedFiles() throws Exception {
    Answer created = call("POST", "/marathon/v2/apps", app("web", HEALTHY));
    assertThat(created.status()).isEqualTo(201);

    JsonNode app = awaitHealthy("web");
    JsonNode task = app.path("tasks").get(0);
    int port = task.path("ports").get(0).asInt();
    assertThat(task.path("ports")).hasSize(2);
    Path sandbox = Path.of(task.path("sandbox").asText());
    assertThat(sandbox).startsWith(workDir.toAbsolutePath().resolve("marathon").resolve("web"));
    assertThat(sandbox.resolve("hello.txt")).hasContent("hello from the fetcher");
    assertThat(sandbox.resolve("pkg/inside.txt")).hasContent("extracted");
    Poll.until("env.txt", TIMEOUT, () -> Files.exists(sandbox.resolve("env.txt")));
    String host = task.path("host").asText();
    assertThat(host).as("an agent's address, not Marathon's").isEqualTo("127.0.0.2");
    assertThat(task.path("slaveId").asText()).isEqualTo(mesos.agentIds().get(1));
    assertThat(sandbox.resolve("env.txt")).hasContent("hi " + host);
    assertThat(get("http://" + host + ":" + port + "/hello.txt").text())
        .isEqualTo("hello from the fetcher\n");
    JsonNode result = task.path("healthCheckResults").get(0);
    assertThat(result.path("alive").asBoolean()).isTrue();
    assertThat(result.path("consecutiveFailures").asInt()).isZero();
    assertThat(result.path("firstSuccess").asText()).isNotBlank();
    assertThat(result.path("taskId").asText()).isEqualTo(task.path("id").asText());
    assertThat(app.path("tasksUnhealthy").asInt()).isZero();
    assertThat(call("GET", "/v2/apps", null).json().path("apps")).extracting(a -> a.path("id")
        .asText()).containsExactly("/web");
    assertThat(app.path("tasksRunning").asInt()).isEqualTo(1);
  }

  @Test
  void refusesADuplicateIdAndAnInvalidDefinitionNamingTheField() {
    assertThat(call("POST", "/v2/apps", app("dup", "")).status()).isEqualTo(201);

    Answer duplicate = call("POST", "/v2/apps", app("dup", ""));
    Answer invalid = call("POST", "/v2/apps", app("other", ",'instances':2"));

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().path("message").asText()).contains("/dup").contains("exists");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().path("message").asText()).contains("/instances");
    assertThat(invalid.json().path("details").get(0).path("path").asText())
        .isEqualTo("/instances");
    assertThat(call("GET", "/v2/apps/other", null).status()).isEqualTo(404);
  }

  @Test
  void restartsAKilledProcessOnTheSamePorts() {
    call("POST", "/v2/apps", app("crash", ""));
    JsonNode first = awaitTask("crash", Optional.empty());
    ProcessHandle.of(first.path("pid").asLong()).orElseThrow().destroyForcibly();

    JsonNode second = awaitTask("crash", Optional.of(first.path("id").asText()));

    assertThat(second.path("ports")).isEqualTo(first.path("ports"));
    JsonNode app = call("GET", "/v2/apps/crash", null).json().path("app");
    assertThat(app.path("lastTaskFailure").path("taskId").asText())
        .isEqualTo(first.path("id").asText());
    assertThat(app.path("lastTaskFailure").path("message").asText()).contains("exited");
    assertThat(app.path("lastTaskFailure").path("state").asText()).isEqualTo("TASK_FAILED");
  }

  @Test
  void aChangedEnvironmentRedeploysAndStopsTheOldProcess() {
    call("POST", "/v2/apps", app("redeploy", ""));
    JsonNode first = awaitTask("redeploy", Optional.empty());
    ProcessHandle old = ProcessHandle.of(first.path("pid").asLong()).orElseThrow();
    JsonNode definition = call("GET", "/v2/apps/redeploy", null).json().path("app");
    ((com.fasterxml.jackson.databind.node.ObjectNode) definition.path("env"))
        .put("GREETING", "bye");

    Answer put = call("PUT", "/marathon/v2/apps/redeploy", definition.toString());

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().path("deploymentId").asText()).isNotBlank();
    JsonNode second = awaitTask("redeploy", Optional.of(first.path("id").asText()));
    assertThat(old.isAlive()).isFalse();
    Path env = Path.of(second.path("sandbox").asText()).resolve("env.txt");
    Poll.until("the new env.txt", TIMEOUT, () -> Files.exists(env));
    assertThat(env).hasContent("bye " + second.path("host").asText());
  }

  @Test
  void replacesATaskThatFailsItsHealthChecks() {
    call("POST", "/v2/apps", app("sick", ",'healthChecks':[{'protocol':'HTTP','path':'/none',"
        + "'portIndex':0,'gracePeriodSeconds':3,'intervalSeconds':0.3,'timeoutSeconds':1,"
        + "'maxConsecutiveFailures':2}]"));
    JsonNode first = awaitTask("sick", Optional.empty());

    awaitTask("sick", Optional.of(first.path("id").asText()));

    JsonNode app = call("GET", "/v2/apps/sick", null).json().path("app");
    assertThat(app.path("lastTaskFailure").path("taskId").asText())
        .isEqualTo(first.path("id").asText());
    assertThat(app.path("lastTaskFailure").path("message").asText()).contains("unhealthy")
        .as("Marathon kills at the failure after maxConsecutiveFailures").contains("3 HTTP")
        .contains("404");
    assertThat(app.path("lastTaskFailure").path("state").asText()).isEqualTo("TASK_KILLED");
    assertThat(ProcessHandle.of(first.path("pid").asLong()).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  /**
   * Marathon checks from its own host: a server that listens on 127.0.0.1 only is unreachable at
   * its agent's address, reported unhealthy with the cause, killed and replaced.
   */
  @Test
  void aServerOnLoopbackOnlyFailsMarathonsChecksAndIsReplaced() {
    call("POST", "/v2/apps", app("loopback", "exec python3 -m http.server $PORT0 --bind 127.0.0.1",
        ",'healthChecks':[{'protocol':'HTTP','path':'/','gracePeriodSeconds':0,"
        + "'intervalSeconds':0.5,'timeoutSeconds':1,'maxConsecutiveFailures':3}]"));
    JsonNode unhealthy = Poll.until("loopback reported unhealthy", TIMEOUT, () -> {
      JsonNode app = call("GET", "/v2/apps/loopback", null).json().path("app");
      return app.path("tasksUnhealthy").asInt() == 1 ? Optional.of(app) : Optional.empty();
    });
    JsonNode task = unhealthy.path("tasks").get(0);
    assertThat(unhealthy.path("tasksHealthy").asInt()).isZero();
    JsonNode result = task.path("healthCheckResults").get(0);
    assertThat(result.path("alive").asBoolean()).isFalse();
    assertThat(result.path("lastFailureCause").asText()).contains("Connection refused");
    assertThat(result.path("firstSuccess").isNull()).isTrue();

    String replaced = Poll.until("loopback replaced", TIMEOUT, () -> {
      JsonNode app = call("GET", "/v2/apps/loopback", null).json().path("app");
      JsonNode failure = app.path("lastTaskFailure");
      return failure.path("taskId").asText().equals(task.path("id").asText())
          ? Optional.of(failure.path("message").asText()) : Optional.empty();
    });
    assertThat(replaced).contains("unhealthy").contains("127.0.0.2:");
    Poll.until("the unhealthy task's process gone", TIMEOUT,
        () -> !ProcessHandle.of(task.path("pid").asLong()).map(ProcessHandle::isAlive)
            .orElse(false));
  }

  /** Mesos runs MESOS_HTTP checks in the task's network, at 127.0.0.1: loopback is fine there. */
  @Test
  void mesosHttpChecksReachALoopbackServer() {
    call("POST", "/v2/apps", app("mesoscheck",
        "exec python3 -m http.server $PORT0 --bind 127.0.0.1",
        ",'healthChecks':[{'protocol':'MESOS_HTTP','path':'/','gracePeriodSeconds':0,"
        + "'delaySeconds':0,'intervalSeconds':0.5,'timeoutSeconds':1,'maxConsecutiveFailures':3}]"));

    JsonNode app = awaitHealthy("mesoscheck");

    assertThat(app.path("tasks").get(0).path("host").asText()).isEqualTo("127.0.0.2");
    assertThat(app.path("tasksUnhealthy").asInt()).isZero();
  }

  /**
   * A Mesos container takes its whole process tree with it: the shell Marathon started is killed
   * from outside with SIGKILL, the child it left (a long sleep) dies with the task, and Marathon
   * starts a new task.
   */
  @Test
  void aTaskWhoseShellIsKilledTakesItsChildrenWithIt() {
    call("POST", "/v2/apps", app("orphans", "sleep 600 & echo $! > child.pid; " + SERVE, ""));
    JsonNode first = awaitTask("orphans", Optional.empty());
    Path sandbox = Path.of(first.path("sandbox").asText());
    long child = Poll.until("the child's pid", TIMEOUT, () -> readPid(sandbox.resolve("child.pid")));
    ProcessHandle shell = ProcessHandle.of(first.path("pid").asLong()).orElseThrow();
    List<ProcessHandle> tree = shell.descendants().toList();
    assertThat(tree).extracting(ProcessHandle::pid).contains(child);
    assertThat(tree).as("the web server and the sleep").hasSizeGreaterThanOrEqualTo(2);

    shell.destroyForcibly();

    Poll.until("the shell's children gone with it", Duration.ofSeconds(10),
        () -> tree.stream().noneMatch(ProcessHandle::isAlive));
    JsonNode second = awaitTask("orphans", Optional.of(first.path("id").asText()));
    assertThat(second.path("pid").asLong()).isNotEqualTo(shell.pid());
    JsonNode app = call("GET", "/v2/apps/orphans", null).json().path("app");
    assertThat(app.path("lastTaskFailure").path("message").asText()).contains("exited");
  }

  @Test
  void deleteStopsTheProcessAndWhatItStarted() {
    call("POST", "/v2/apps", app("gone", "sleep 600 & echo $! > child.pid; exec " + SERVE, ""));
    JsonNode task = awaitTask("gone", Optional.empty());
    long child = Poll.until("the child's pid", TIMEOUT,
        () -> readPid(Path.of(task.path("sandbox").asText()).resolve("child.pid")));

    Answer deleted = call("DELETE", "/v2/apps/gone", null);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(ProcessHandle.of(task.path("pid").asLong()).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
        .as("the sleep the task started").isNotEqualTo(Optional.of(true));
    assertThat(call("GET", "/v2/apps/gone", null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v2/apps/gone", null).status()).isEqualTo(404);
  }

  @Test
  void proxiesServiceRequestsToTheFrameworksWebUiAndTearsFrameworksDown() throws Exception {
    call("POST", "/v2/apps", app("ui", HEALTHY));
    JsonNode uiTask = awaitHealthy("ui").path("tasks").get(0);
    String webUi = "http://" + uiTask.path("host").asText() + ":"
        + uiTask.path("ports").get(0).asInt();
    byte[] subscribe = ("{'type':'SUBSCRIBE','subscribe':{'framework_info':{'user':'it',"
        + "'name':'svc','webui_url':'" + webUi + "'}}}")
        .replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    try (RawSubscription scheduler = RawSubscription.open(mesos.masterUrl(), subscribe,
        Map.of("Content-Type", "application/json", "Accept", "application/json"))) {
      assertThat(scheduler.status()).isEqualTo(200);
      String frameworkId = Poll.until("framework svc", TIMEOUT, () -> frameworkId("svc"));

      Answer proxied = get(mesos.masterUrl() + "/service/svc/hello.txt?x=1");
      Answer unknown = get(mesos.masterUrl() + "/service/nothing/v1/brokers");
      assertThat(proxied.status()).isEqualTo(200);
      assertThat(proxied.text()).isEqualTo("hello from the fetcher\n");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().path("message").asText()).contains("nothing");

      call("DELETE", "/v2/apps/ui", null);
      Answer down = get(mesos.masterUrl() + "/service/svc/hello.txt");
      assertThat(down.status()).isEqualTo(502);
      assertThat(down.json().path("message").asText()).contains("svc");

      assertThat(form("/master/teardown", "").status()).isEqualTo(400);
      assertThat(form("/master/teardown", "frameworkId=no-such-id").status()).isEqualTo(400);
      assertThat(form("/master/teardown", "frameworkId=" + frameworkId).status()).isEqualTo(200);
      JsonNode state = get(mesos.masterUrl() + "/master/state").json();
      assertThat(state.path("frameworks")).noneMatch(f -> f.path("id").asText()
          .equals(frameworkId));
      assertThat(state.path("completed_frameworks")).anyMatch(f -> f.path("id").asText()
          .equals(frameworkId));
      Poll.until("the scheduler's stream to end", TIMEOUT, scheduler::ended);
    }
  }

  @Test
  void appsComeBackAfterARestartOfMesosLocalOnTheirPorts() throws Exception {
    call("POST", "/v2/apps", app("durable", ""));
    JsonNode before = awaitTask("durable", Optional.empty());
    long pid = before.path("pid").asLong();

    mesos.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    mesos = MesosLocal.start(MesosLocalConfig.defaults(workDir).withAgents(AGENTS));

    JsonNode after = awaitTask("durable", Optional.of(before.path("id").asText()));
    assertThat(after.path("ports")).isEqualTo(before.path("ports"));
    assertThat(after.path("host")).isEqualTo(before.path("host"));
  }

  // ---- helpers ----

  private Optional<String> frameworkId(String name) {
    for (JsonNode f : get(mesos.masterUrl() + "/master/state").json().path("frameworks")) {
      if (f.path("name").asText().equals(name)) {
        return Optional.of(f.path("id").asText());
      }
    }
    return Optional.empty();
  }

  private JsonNode awaitHealthy(String id) {
    return Poll.until("app " + id + " healthy", TIMEOUT, () -> {
      JsonNode app = call("GET", "/v2/apps/" + id, null).json().path("app");
      return app.path("tasksHealthy").asInt() == 1 ? Optional.of(app) : Optional.empty();
    });
  }

  /** The app's running task, once it is not {@code notId} and its port answers. */
  private JsonNode awaitTask(String id, Optional<String> notId) {
    return Poll.until("a running task of " + id + " other than " + notId, TIMEOUT, () -> {
      JsonNode tasks = call("GET", "/v2/apps/" + id, null).json().path("app").path("tasks");
      if (tasks.size() != 1 || notId.map(tasks.get(0).path("id").asText()::equals).orElse(false)) {
        return Optional.empty();
      }
      JsonNode task = tasks.get(0);
      try {
        get("http://" + task.path("host").asText() + ":" + task.path("ports").get(0).asInt()
            + "/");
        return Optional.of(task);
      } catch (UncheckedIOException e) {
        return Optional.empty();
      }
    });
  }

  private static Optional<Long> readPid(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file).trim() : "";
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Answer call(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mesos.masterUrl() + path))
        .timeout(Duration.ofSeconds(60)).method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request.build());
  }

  private Answer form(String path, String form) {
    return send(HttpRequest.newBuilder(URI.create(mesos.masterUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  private Answer get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = response.body().isBlank() ? null : JSON.readTree(response.body());
      } catch (IOException e) {
        // not JSON: the text is what counts
      }
      return new Answer(response.statusCode(), json, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
