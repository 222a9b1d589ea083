package io.kafkamesos.local.marathon;

import io.kafkamesos.local.agent.Fetcher;
import io.kafkamesos.local.process.ProcessTree;
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
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an app: its sandbox filled by the Mesos fetcher, then {@code sh -c <cmd>} in it
 * with Marathon's environment, stdout and stderr to files in the sandbox. The task's processes
 * are one container ({@link ProcessTree}, as the agent's executors): {@link #stop} ends them all
 * as Mesos kills a task (SIGTERM, the grace period, SIGKILL), and when the shell ends on its own
 * (or is killed from outside) {@link #destroyContainer} kills what it left, as Mesos destroys a
 * container whose task ended.
 */
final class AppProcess {

  private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
  /** What an app inherits from mesos-local's own environment; Marathon's agents give no more. */
  static final List<String> INHERITED = List.of("PATH", "JAVA_HOME", "HOME", "USER", "LANG",
      "LC_ALL", "TMPDIR", "TZ");

  private final String taskId;
  private final Path sandbox;
  private final Process process;
  private final ProcessTree tree;
  private final Instant started;

  private AppProcess(String taskId, Path sandbox, Process process, Instant started) {
    this.taskId = taskId;
    this.sandbox = sandbox;
    this.process = process;
    this.tree = ProcessTree.started(process);
    this.started = started;
  }

  /**
   * Fetches into a new sandbox and starts the command.
   *
   * @throws IOException when fetching or starting fails (naming what)
   */
  static AppProcess launch(AppDefinition app, String taskId, Path sandbox, String host,
      List<Integer> ports, Map<String, String> parentEnv, Instant now) throws IOException {
    Files.createDirectories(sandbox);
    CommandInfo.Builder fetch = CommandInfo.newBuilder();
    for (AppDefinition.FetchSpec f : app.fetch()) {
      fetch.addUris(CommandInfo.URI.newBuilder().setValue(f.uri()).setExtract(f.extract())
          .setExecutable(f.executable()));
    }
    Fetcher.fetch(fetch.build(), sandbox.toAbsolutePath());
    // in a session of its own, so that the whole task can be found and ended (ProcessTree)
    ProcessBuilder builder = new ProcessBuilder(ProcessTree.command(
        List.of("/bin/sh", "-c", app.cmd())))
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment(app, taskId, sandbox, host, ports, parentEnv));
    Process process = builder.start();
    LOG.info("Started app {} task {} on {} (pid {}, ports {}) in {}", app.id(), taskId, host,
        process.pid(), ports, sandbox);
    return new AppProcess(taskId, sandbox, process, now);
  }

  /** Marathon's and Mesos' variables for a task, then the app's own {@code env}, which wins. */
  static Map<String, String> environment(AppDefinition app, String taskId, Path sandbox,
      String host, List<Integer> ports, Map<String, String> parentEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED) {
      if (parentEnv.containsKey(name)) {
        env.put(name, parentEnv.get(name));
      }
    }
    env.put("HOST", host); // the agent's hostname, as Mesos' agents give it
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

  /** Notes the task's processes (every second while it runs), to find them after the shell. */
  void note() {
    tree.note();
  }

  /** SIGTERM to every process of the task, SIGKILL to what is left after the grace. */
  void stop(Duration grace) {
    tree.stop(grace);
  }

  /**
   * The shell ended: SIGKILL to what it left running, as Mesos destroys the container of a task
   * that ended.
   *
   * @return the pids that were killed
   */
  List<Long> destroyContainer() {
    List<ProcessHandle> left = tree.leftovers();
    if (!left.isEmpty()) {
      tree.kill();
    }
    return ProcessTree.pids(left);
  }

  @Override
  public String toString() {
    return Objects.toString(taskId) + " (pid " + process.pid() + ")";
  }
}
