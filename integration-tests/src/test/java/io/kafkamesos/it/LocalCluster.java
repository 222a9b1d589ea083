package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A mesos-local (in this JVM) with Kafka schedulers (as processes) on it; torn down in the order that
 * keeps brokers from hanging: schedulers, then the tasks and agents, ZooKeeper last.
 */
public final class LocalCluster implements AutoCloseable {
  private final Path workDir;
  private volatile MesosLocal mesos;
  private final List<SchedulerProcess> schedulers = new java.util.concurrent.CopyOnWriteArrayList<>();
  /**
   * Closes the cluster when the test JVM is ended from outside (SIGTERM, Ctrl-C, failsafe's fork
   * timeout) before the test's own close: no scheduler, executor or broker outlives the run.
   */
  private final Thread closeOnExit = new Thread(this::closeOnExit, "close-local-cluster");
  private boolean closed;

  private LocalCluster(Path workDir, MesosLocal mesos) {
    this.workDir = workDir;
    this.mesos = mesos;
    Runtime.getRuntime().addShutdownHook(closeOnExit);
  }

  /**
   * Starts mesos-local whose agents offer a window of ports picked at random below the kernel's
   * ephemeral range (and free when picked) instead of the default 31000-32000, so that the brokers
   * of clusters that other runs start on the same machine at the same time do not collide.
   */
  public static LocalCluster start(int agents) throws IOException {
    return start(agents, config -> config);
  }

  /**
   * As {@link #start(int)}, with mesos-local's configuration changed by {@code customize} (several
   * masters, authentication, shorter timeouts).
   */
  public static LocalCluster start(int agents, java.util.function.UnaryOperator<MesosLocalConfig> customize)
      throws IOException {
    Path workDir = Files.createTempDirectory("kafka-it-");
    int[] window = freePortWindow(agents * 100);
    String resources = MesosLocalConfig.DEFAULT_RESOURCES
        .replaceAll("ports:\\[[^\\]]*\\]", "ports:[" + window[0] + "-" + window[1] + "]");
    try {
      MesosLocal mesos = MesosLocal.start(customize.apply(MesosLocalConfig.defaults(workDir)
          .withAgents(agents).withResources(resources)));
      return new LocalCluster(workDir, mesos);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(workDir);
      throw e;
    }
  }

  /** {@code [first, last]} of {@code size} ports between 10000 and 30000 that are all free now. */
  private static int[] freePortWindow(int size) {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = 10_000 + random.nextInt((20_000 - size) / 100) * 100;
      boolean free = true;
      for (int port = first; port < first + size && free; port++) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1,
            java.net.InetAddress.getLoopbackAddress())) {
          free = socket.getLocalPort() == port;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return new int[] {first, first + size - 1};
      }
    }
    throw new IllegalStateException("no window of " + size + " free ports between 10000 and 30000");
  }

  public SchedulerProcess startScheduler(Map<String, String> env) {
    SchedulerProcess scheduler = SchedulerProcess.start(mesos.masterUrl(), mesos.zkConnect(), workDir, env);
    schedulers.add(scheduler);
    return scheduler;
  }

  public MesosLocal mesos() {
    return mesos;
  }

  /**
   * mesos-local's process dies and starts again on its work dir after {@code down}: ZooKeeper, the
   * master, the agents and Marathon stop as if killed (executors and brokers live on), then come back
   * on the same ports; the agents re-attach to their executors and Marathon starts its apps again.
   */
  public synchronized void restartMesosLocal(Duration down) throws IOException, InterruptedException {
    mesos.stop();
    Thread.sleep(down.toMillis()); // the outage itself
    mesos = MesosLocal.start(mesos.config());
  }

  public Path workDir() {
    return workDir;
  }

  public JsonNode state() {
    return Json.get(mesos.masterUrl() + "/state").body();
  }

  /** The framework of that name in the master's /state, if it is registered. */
  public Optional<JsonNode> framework(String name) {
    for (JsonNode framework : state().path("frameworks")) {
      if (name.equals(framework.path("name").asText())) {
        return Optional.of(framework);
      }
    }
    return Optional.empty();
  }

  /** Task id → state of the framework's tasks, as the master sees them. */
  public Map<String, String> tasks(String frameworkName) {
    Map<String, String> tasks = new java.util.TreeMap<>();
    framework(frameworkName).ifPresent(f -> f.path("tasks")
        .forEach(t -> tasks.put(t.path("id").asText(), t.path("state").asText())));
    return tasks;
  }

  /**
   * Every task of the framework the master knows, running and completed, as {@code id=STATE}:
   * what a failure message shows to tell a relaunch loop from a slow start.
   */
  public String taskHistory(String frameworkName) {
    return framework(frameworkName).map(f -> {
      List<String> tasks = new ArrayList<>();
      for (String field : List.of("tasks", "completed_tasks")) {
        f.path(field).forEach(t -> tasks.add(t.path("id").asText() + "=" + t.path("state").asText()));
      }
      return String.join(", ", tasks);
    }).orElse("no framework " + frameworkName);
  }

  /** The running broker JVM of the task whose executor has this id. */
  public Optional<ProcessHandle> brokerProcess(String executorId) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine()
            .filter(c -> c.contains("kafka.Kafka") && c.contains(executorId)).isPresent())
        .findFirst();
  }

  /**
   * Copies the stdout and stderr of every Marathon app run here (the schedulers), and the log of each
   * scheduler started as a process, into {@code dir}, to be read after the work dir is gone.
   */
  public void keepAppLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (SchedulerProcess scheduler : schedulers) {
      if (Files.exists(scheduler.log())) {
        Files.copy(scheduler.log(), dir.resolve(scheduler.log().getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path apps = workDir.resolve("marathon");
    if (!Files.isDirectory(apps)) {
      return;
    }
    try (Stream<Path> files = Files.walk(apps)) {
      for (Path file : files.filter(f -> f.endsWith("stdout") || f.endsWith("stderr")).toList()) {
        Files.copy(file, dir.resolve(apps.relativize(file).toString().replace('/', '_')),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * {@link #keepAppLogs}, and the logs of every executor sandbox on the agents (the executors'
   * stdout and stderr, Kafka's server, controller and state-change logs), each named by its path.
   */
  public void keepSandboxLogs(Path dir) throws IOException {
    keepAppLogs(dir);
    Path agents = workDir.resolve("agents");
    if (!Files.isDirectory(agents)) {
      return;
    }
    java.util.Set<String> names = java.util.Set.of("stdout", "stderr", "server.log", "controller.log",
        "state-change.log");
    try (Stream<Path> files = Files.walk(agents)) {
      for (Path file : files.filter(f -> names.contains(f.getFileName().toString())).toList()) {
        Files.copy(file, dir.resolve(agents.relativize(file).toString().replace('/', '_')),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      Runtime.getRuntime().removeShutdownHook(closeOnExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: this close is the hook's, or runs beside it
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (SchedulerProcess scheduler : schedulers) {
      scheduler.close();
    }
    mesos.close();
    deleteRecursively(workDir);
  }

  private void closeOnExit() {
    System.err.println("test JVM exiting: closing mesos-local in " + workDir);
    try {
      close();
    } catch (Exception e) {
      System.err.println("could not close mesos-local in " + workDir + ": " + e);
    }
  }

  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static final Duration BROKERS_UP = Duration.ofMinutes(5);
}
