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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler as a Marathon app on mesos-local, as the package installs it: Marathon picks its
 * ports and runs, restarts and redeploys it; an environment change is a PUT of the app, as an edit
 * in Marathon's UI or {@code dcos marathon app update} is.
 */
public final class MarathonScheduler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final String appUrl;

  private MarathonScheduler(String appUrl) {
    this.appUrl = appUrl;
  }

  /** Creates the app {@code name} that runs this build's scheduler with the given environment. */
  public static MarathonScheduler install(String masterUrl, String zkConnect, String name,
      Map<String, String> extraEnv) {
    Map<String, String> env = SchedulerProcess.environment(masterUrl, zkConnect, extraEnv);
    env.put("FRAMEWORK_NAME", name);
    ObjectNode app = JSON.createObjectNode();
    app.put("id", name);
    app.put("cmd", "java -Xmx256m -jar " + System.getProperty("scheduler.jar") + " server "
        + System.getProperty("scheduler.config"));
    app.put("cpus", 0.5);
    app.put("mem", 512);
    app.put("instances", 1);
    app.set("env", JSON.valueToTree(env));
    app.putArray("portDefinitions").add(JSON.createObjectNode().put("port", 0).put("name", "api"))
        .add(JSON.createObjectNode().put("port", 0).put("name", "admin"));
    int status = send("POST", masterUrl + "/v2/apps", app);
    if (status != 201) {
      throw new AssertionError("Marathon refused the app " + name + " with HTTP " + status);
    }
    return new MarathonScheduler(masterUrl + "/v2/apps/" + name);
  }

  /** Changes the app's environment; Marathon stops the running scheduler and starts a new one. */
  public void restartWith(Map<String, String> changes) {
    String before = task().path("id").asText();
    ObjectNode app = (ObjectNode) Json.get(appUrl).body().path("app");
    ObjectNode env = (ObjectNode) app.path("env");
    changes.forEach(env::put);
    for (String status : new String[] {"tasks", "tasksRunning", "tasksHealthy", "tasksUnhealthy",
        "tasksStaged", "version", "deployments"}) {
      app.remove(status);
    }
    int answer = send("PUT", appUrl, app);
    if (answer / 100 != 2) {
      throw new AssertionError("Marathon refused the update with HTTP " + answer);
    }
    Poll.untilTrue("Marathon to replace scheduler task " + before, Duration.ofMinutes(2),
        () -> !task().path("id").asText(before).equals(before));
  }

  /** Waits until the app's scheduler runs and its API answers. */
  public void awaitApi(Duration timeout) {
    Poll.untilTrue("the scheduler API of " + appUrl, timeout,
        () -> Json.get(apiUrl() + "/v1/brokers").status() == 200);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + port(0);
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + port(1);
  }

  /**
   * The scheduler's JVM, a descendant of this JVM (mesos-local's Marathon runs here); empty unless
   * exactly one scheduler runs (Marathon may be between two of them).
   */
  public Optional<ProcessHandle> process() {
    String jar = System.getProperty("scheduler.jar");
    List<ProcessHandle> jvms = ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)
            && p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
        .toList();
    return jvms.size() == 1 ? Optional.of(jvms.get(0)) : Optional.empty();
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
