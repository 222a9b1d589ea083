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
  private final MesosLocal mesos;
  private final List<SchedulerProcess> schedulers = new ArrayList<>();

  private LocalCluster(Path workDir, MesosLocal mesos) {
    this.workDir = workDir;
    this.mesos = mesos;
  }

  public static LocalCluster start(int agents) throws IOException {
    Path workDir = Files.createTempDirectory("kafka-it-");
    MesosLocal mesos = MesosLocal.start(MesosLocalConfig.defaults(workDir).withAgents(agents));
    return new LocalCluster(workDir, mesos);
  }

  public SchedulerProcess startScheduler(Map<String, String> env) {
    SchedulerProcess scheduler = SchedulerProcess.start(mesos.masterUrl(), mesos.zkConnect(), workDir, env);
    schedulers.add(scheduler);
    return scheduler;
  }

  public MesosLocal mesos() {
    return mesos;
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

  /** The running broker JVM of the task whose executor has this id. */
  public Optional<ProcessHandle> brokerProcess(String executorId) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine()
            .filter(c -> c.contains("kafka.Kafka") && c.contains(executorId)).isPresent())
        .findFirst();
  }

  @Override
  public void close() throws Exception {
    for (SchedulerProcess scheduler : schedulers) {
      scheduler.close();
    }
    mesos.close();
    deleteRecursively(workDir);
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
