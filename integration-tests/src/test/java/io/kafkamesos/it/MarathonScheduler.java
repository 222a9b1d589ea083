package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler as a Marathon app on mesos-local, as the package installs it: the app is the
 * package's own rendering ({@link RenderedPackage}: its command and fetched artifacts, its ports, its
 * health checks), with the test's environment on top. Marathon picks its ports and runs, restarts and
 * redeploys it; an environment change is a PUT of the app, as an edit in Marathon's UI or
 * {@code dcos marathon app update} is.
 */
public final class MarathonScheduler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * How often the health checks run: the package's own timing, or a shorter one for a test that must
   * see Marathon act within minutes (same check, same port and path, same failures in a row).
   *
   * @param grace failures within this time after a start are not counted
   * @param interval time between two checks
   */
  public record HealthTiming(Duration grace, Duration interval) {
  }

  private final String appUrl;

  private MarathonScheduler(String appUrl) {
    this.appUrl = appUrl;
  }

  /** Creates the app {@code name} from the rendered package, with the given environment on top. */
  public static MarathonScheduler install(String masterUrl, String zkConnect, String name,
      Map<String, String> extraEnv) {
    return create(masterUrl, zkConnect, name, extraEnv, null);
  }

  /** As {@link #install}, with the package's health checks run on {@code timing}. */
  public static MarathonScheduler installWithHealthTiming(String masterUrl, String zkConnect, String name,
      Map<String, String> extraEnv, HealthTiming timing) {
    return create(masterUrl, zkConnect, name, extraEnv, java.util.Objects.requireNonNull(timing));
  }

  /** @param timing null: the package's timing */
  private static MarathonScheduler create(String masterUrl, String zkConnect, String name,
      Map<String, String> extraEnv, HealthTiming timing) {
    ObjectNode app = RenderedPackage.app(name, masterUrl, zkConnect);
    if (app.path("healthChecks").size() == 0) {
      throw new AssertionError("the package renders no health check: " + app);
    }
    ObjectNode env = (ObjectNode) app.path("env");
    SchedulerProcess.environment(masterUrl, zkConnect, extraEnv).forEach(env::put);
    env.put("FRAMEWORK_NAME", name);
    if (timing != null) {
      for (JsonNode check : app.path("healthChecks")) {
        ((ObjectNode) check).put("gracePeriodSeconds", timing.grace().toSeconds())
            .put("intervalSeconds", timing.interval().toSeconds());
      }
    }
    int status = send("POST", masterUrl + "/v2/apps", app);
    if (status != 201) {
      throw new AssertionError("Marathon refused the app " + name + " with HTTP " + status);
    }
    return new MarathonScheduler(masterUrl + "/v2/apps/" + name);
  }

  /** Changes the app's environment; Marathon stops the running scheduler and starts a new one. */
  public void restartWith(Map<String, String> changes) {
    String before = task().path("id").asText();
    update(app -> changes.forEach(((ObjectNode) app.path("env"))::put));
    Poll.untilTrue("Marathon to replace scheduler task " + before, Duration.ofMinutes(2),
        () -> !task().path("id").asText(before).equals(before));
  }

  /**
   * PUTs the app with {@code change} applied to its definition, as {@code dcos marathon app update}
   * does; what Marathon does next (restart or not) depends on what changed.
   */
  public void update(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode app = (ObjectNode) Json.get(appUrl).body().path("app");
    for (String status : new String[] {"tasks", "tasksRunning", "tasksHealthy", "tasksUnhealthy",
        "tasksStaged", "version", "deployments", "lastTaskFailure"}) {
      app.remove(status);
    }
    change.accept(app);
    int answer = send("PUT", appUrl, app);
    if (answer / 100 != 2) {
      throw new AssertionError("Marathon refused the update with HTTP " + answer);
    }
  }

  /** Waits until the app's scheduler runs and its API answers. */
  public void awaitApi(Duration timeout) {
    Poll.untilTrue("the scheduler API of " + appUrl, timeout,
        () -> Json.get(apiUrl() + "/v1/brokers").status() == 200);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + port(0);
  }

  /** {@code GET /liveness} on the admin port: what the package's health check asks. */
  public Json.Answer liveness() {
    return Json.get(adminUrl() + "/liveness");
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + port(1);
  }

  /**
   * The scheduler's JVM: the process of the app's current task (Marathon runs its command with
   * {@code sh -c}) or the JVM under it; empty while no task runs.
   */
  public Optional<ProcessHandle> process() {
    long pid = task().path("pid").asLong(0);
    if (pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).flatMap(shell -> java.util.stream.Stream.concat(
            java.util.stream.Stream.of(shell), shell.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst());
  }

  /** The id of the app's current task, empty while none runs. */
  public Optional<String> taskId() {
    String id = task().path("id").asText("");
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  /** The app as Marathon shows it ({@code GET /v2/apps/<id>}: tasks, health, last failure). */
  public JsonNode app() {
    return Json.get(appUrl).body().path("app");
  }

  /** Where to look when something goes wrong: the app and its current task. */
  public String log() {
    return appUrl + " " + task();
  }

  private int port(int index) {
    return Poll.until("a running task of " + appUrl, Duration.ofMinutes(2), () -> {
      JsonNode ports = task().path("ports");
      return ports.size() > index ? Optional.of(ports.get(index).asInt()) : Optional.empty();
    });
  }

  private JsonNode task() {
    JsonNode tasks = Json.get(appUrl).body().path("app").path("tasks");
    return tasks.size() == 0 ? JSON.createObjectNode() : tasks.get(0);
  }

  private static int send(String method, String url, JsonNode body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
