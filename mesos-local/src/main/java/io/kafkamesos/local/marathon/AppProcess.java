package io.kafkamesos.local.marathon;

import io.kafkamesos.local.agent.Fetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an app: its sandbox filled by the Mesos fetcher, then {@code sh -c <cmd>} in it
 * with Marathon's environment, stdout and stderr to files in the sandbox. {@link #stop} ends the
 * process tree as Mesos kills a task: SIGTERM, the grace period, then SIGKILL.
 */
final class AppProcess {

  private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
  /** What an app inherits from mesos-local's own environment; Marathon's agents give no more. */
  static final List<String> INHERITED = List.of("PATH", "JAVA_HOME", "HOME", "USER", "LANG",
      "LC_ALL", "TMPDIR", "TZ");

  private final String taskId;
  private final Path sandbox;
  private final Process process;
  private final Instant started;

  private AppProcess(String taskId, Path sandbox, Process process, Instant started) {
    this.taskId = taskId;
    this.sandbox = sandbox;
    this.process = process;
    this.started = started;
  }

  /**
   * Fetches into a new sandbox and starts the command.
   *
   * @throws IOException when fetching or starting fails (naming what)
   */
  static AppProcess launch(AppDefinition app, String taskId, Path sandbox, List<Integer> ports,
      Map<String, String> parentEnv, Instant now) throws IOException {
    Files.createDirectories(sandbox);
    CommandInfo.Builder fetch = CommandInfo.newBuilder();
    for (AppDefinition.FetchSpec f : app.fetch()) {
      fetch.addUris(CommandInfo.URI.newBuilder().setValue(f.uri()).setExtract(f.extract())
          .setExecutable(f.executable()));
    }
    Fetcher.fetch(fetch.build(), sandbox.toAbsolutePath());
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", app.cmd())
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment(app, taskId, sandbox, ports, parentEnv));
    Process process = builder.start();
    LOG.info("Started app {} task {} (pid {}, ports {}) in {}", app.id(), taskId, process.pid(),
        ports, sandbox);
    return new AppProcess(taskId, sandbox, process, now);
  }

  /** Marathon's and Mesos' variables for a task, then the app's own {@code env}, which wins. */
  static Map<String, String> environment(AppDefinition app, String taskId, Path sandbox,
      List<Integer> ports, Map<String, String> parentEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED) {
      if (parentEnv.containsKey(name)) {
        env.put(name, parentEnv.get(name));
      }
    }
    env.put("HOST", "127.0.0.1");
    List<String> portText = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      env.put("PORT" + i, Integer.toString(ports.get(i)));
      portText.add(Integer.toString(ports.get(i)));
      String portName = app.raw().path("portDefinitions").path(i).path("name").asText("");
      if (!portName.isEmpty()) {
        env.put("PORT_" + portName.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"),
            Integer.toString(ports.get(i)));
      }
    }
    if (!ports.isEmpty()) {
      env.put("PORT", portText.get(0));
      env.put("PORTS", String.join(",", portText));
    }
    env.put("MARATHON_APP_ID", app.id());
    env.put("MARATHON_APP_RESOURCE_CPUS", Double.toString(app.cpus()));
    env.put("MARATHON_APP_RESOURCE_MEM", Double.toString(app.mem()));
    env.put("MARATHON_APP_RESOURCE_DISK", Double.toString(app.disk()));
    env.put("MESOS_TASK_ID", taskId);
    env.put("MESOS_SANDBOX", sandbox.toAbsolutePath().toString());
    env.putAll(app.env());
    return env;
  }

  String taskId() {
    return taskId;
  }

  Path sandbox() {
    return sandbox;
  }

  long pid() {
    return process.pid();
  }

  Instant started() {
    return started;
  }

  Optional<Instant> osStartInstant() {
    return process.info().startInstant();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM to the process and its descendants, SIGKILL to what is left after the grace. */
  void stop(Duration grace) {
    stopTree(process.toHandle(), grace);
  }

  /** Ends a process tree that this JVM may not have started (a leftover of an earlier run). */
  static void stopTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still alive after the grace period (or interrupted): killed below
      }
    }
    for (ProcessHandle p : tree) {
      if (p.isAlive()) {
        LOG.info("Process {} did not end within {}; killing it", p.pid(), grace);
        p.destroyForcibly();
      }
    }
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Process {} still runs after SIGKILL", p.pid());
      }
    }
  }

  @Override
  public String toString() {
    return Objects.toString(taskId) + " (pid " + process.pid() + ")";
  }
}
