package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import io.kafkamesos.commons.kafka.KafkaDistributions;
import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler as its own process ({@code java -jar kafka-scheduler.jar server scheduler.yml}),
 * configured only through its environment, as Marathon runs it.
 */
public final class SchedulerProcess implements AutoCloseable {
  private final Map<String, String> env;
  private final Path log;
  private final int apiPort;
  private final int adminPort;
  private Process process;

  private SchedulerProcess(Map<String, String> env, Path log, int apiPort, int adminPort) {
    this.env = env;
    this.log = log;
    this.apiPort = apiPort;
    this.adminPort = adminPort;
  }

  /** Starts a scheduler for a cluster on the given mesos-local; {@code extraEnv} wins. */
  static SchedulerProcess start(String masterUrl, String zkConnect, Path workDir,
      Map<String, String> extraEnv) {
    int api = freePort();
    int admin = freePort();
    Map<String, String> env = environment(masterUrl, zkConnect, extraEnv);
    env.put("PORT0", Integer.toString(api));
    env.put("PORT1", Integer.toString(admin));
    SchedulerProcess scheduler = new SchedulerProcess(env,
        // one log per process: two schedulers of one framework may run side by side
        workDir.resolve("scheduler-" + env.getOrDefault("FRAMEWORK_NAME", "kafka0") + "-" + api + ".log"),
        api, admin);
    scheduler.launch();
    return scheduler;
  }

  /**
   * The Kafka version of the clusters the ITs install unless a test names one: the newest
   * ZooKeeper-mode version, which the ITs written before KRaft clusters were the default rely on.
   * A test asks for KRaft with {@code KAFKA_VERSION=4.4.0}; {@code KAFKA_VERSION=""} leaves the
   * scheduler to its own default (4.4.0, KRaft).
   */
  public static final String DEFAULT_IT_VERSION = "3.9.1";

  /**
   * The scheduler's environment for a cluster on this mesos-local, with small brokers, the
   * artifacts this build made and {@link #DEFAULT_IT_VERSION}; {@code extraEnv} wins. Ports are the
   * caller's (or Marathon's).
   */
  public static Map<String, String> environment(String masterUrl, String zkConnect,
      Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_MASTER", masterUrl);
    env.put("ZK_CONNECT", zkConnect);
    // as the package does: the stock archive of every version, KAFKA_VERSION (or the default) picks
    for (KafkaVersion version : KafkaVersions.standard().all()) {
      env.put(version.archiveVariable(), KafkaDistributions.archive(version.version()).toUri().toString());
    }
    env.put("EXECUTOR_URI", Path.of(System.getProperty("executor.jar")).toUri().toString());
    env.put("BROKER_HEAP_MB", "256");
    env.put("BROKER_MEM", "512");
    env.put("BROKER_CPUS", "0.5");
    env.put("BROKER_DISK", "500");
    env.put("KAFKA_VERSION", DEFAULT_IT_VERSION);
    env.putAll(extraEnv);
    return env;
  }

  /** Starts the same scheduler again, as Marathon does after the process died. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the scheduler still runs");
    }
    launch();
  }

  /**
   * Stops the scheduler (SIGTERM, as Marathon does) and starts it again with {@code changes} applied
   * to its environment, as after an edit of the Marathon app's environment.
   */
  public void restartWith(Map<String, String> changes) throws InterruptedException {
    close();
    env.putAll(changes);
    launch();
  }

  /** The API's own URL: {@code https://} with {@code API_TLS}. */
  public String apiUrl() {
    return (apiTls() ? "https" : "http") + "://127.0.0.1:" + apiPort;
  }

  /**
   * The API through mesos-local's {@code /service/<name>} proxy (plain HTTP to the caller, TLS to
   * a scheduler with {@code API_TLS}); for a scheduler given its master as {@code http://...}.
   */
  public String serviceUrl() {
    return env.get("MESOS_MASTER") + "/service/" + env.getOrDefault("FRAMEWORK_NAME", "kafka0");
  }

  private boolean apiTls() {
    return "TRUE".equalsIgnoreCase(env.get("API_TLS"));
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9}: no shutdown hooks, no goodbye to Mesos. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Waits until the API answers (with {@code API_TLS}, through the {@code /service} proxy: the
   * test's plain client does not trust the cluster CA).
   */
  public void awaitApi(Duration timeout) {
    String url = apiTls() ? serviceUrl() : apiUrl();
    Poll.untilTrue("the scheduler API on " + url + " (log: " + log + ")", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the scheduler exited with " + process.exitValue() + ":\n"
            + tail(logText(), 40));
      }
      return Json.get(url + "/v1/brokers").status() == 200;
    });
  }

  /** {@code GET /liveness} on the admin port: what Marathon's health check asks. */
  public Json.Answer liveness() {
    return Json.get(adminUrl() + "/liveness");
  }

  /** Waits until the scheduler says (on /liveness) that it is in {@code phase}, e.g. STANDING_BY. */
  public JsonNode awaitPhase(String phase, Duration timeout) {
    return Poll.until("the scheduler on " + apiUrl() + " " + phase + " (log: " + log + ")", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the scheduler exited with " + process.exitValue() + ":\n"
            + tail(logText(), 40));
      }
      try {
        JsonNode live = liveness().body();
        return live != null && phase.equals(live.path("phase").asText()) ? Optional.of(live)
            : Optional.empty();
      } catch (UncheckedIOException e) {
        return Optional.empty(); // not listening yet
      }
    });
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private void launch() {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar",
        System.getProperty("scheduler.jar"), "server", System.getProperty("scheduler.config"));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Long> pid() {
    return process == null ? Optional.empty() : Optional.of(process.pid());
  }
}
