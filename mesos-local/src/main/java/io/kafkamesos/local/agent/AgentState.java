package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskStatus;

/** An agent's state: its resources, frameworks and executors; owned by the event loop. */
final class AgentState {

  final AgentInfo info;
  final Path dir;
  Resources total;
  final Map<String, FrameworkInfo> frameworks = new HashMap<>();
  /** Framework id → executor id → run. */
  final Map<String, Map<String, ExecutorRun>> executors = new LinkedHashMap<>();
  /** Frameworks torn down or expired: their updates are no longer sent anywhere. */
  final java.util.Set<String> removedFrameworks = new java.util.HashSet<>();

  AgentState(AgentInfo info, Path dir, Resources total) {
    this.info = info;
    this.dir = dir;
    this.total = total;
  }

  String id() {
    return info.getId().getValue();
  }

  Optional<ExecutorRun> executor(String frameworkId, String executorId) {
    return Optional.ofNullable(executors.getOrDefault(frameworkId, Map.of()).get(executorId));
  }

  List<ExecutorRun> allExecutors() {
    List<ExecutorRun> all = new ArrayList<>();
    executors.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  Optional<ExecutorRun> executorOfTask(String frameworkId, String taskId) {
    return executors.getOrDefault(frameworkId, Map.of()).values().stream()
        .filter(e -> e.tasks.containsKey(taskId)).findFirst();
  }

  void removeExecutor(ExecutorRun run) {
    Map<String, ExecutorRun> runs = executors.get(run.frameworkId.getValue());
    if (runs != null) {
      runs.remove(run.id());
      if (runs.isEmpty()) {
        executors.remove(run.frameworkId.getValue());
        if (removedFrameworks.remove(run.frameworkId.getValue())) {
          frameworks.remove(run.frameworkId.getValue());
        }
      }
    }
  }

  Path sandbox(String frameworkId, String executorId, String containerId) {
    return dir.resolve("frameworks").resolve(frameworkId).resolve("executors")
        .resolve(executorId).resolve("runs").resolve(containerId);
  }

  /** Where a persistent volume's data lives: outside any sandbox, like Mesos' volumes dir. */
  Path volume(Resource volume) {
    return dir.resolve("volumes").resolve("roles").resolve(Resources.reservationRole(volume))
        .resolve(volume.getDisk().getPersistence().getId());
  }

  AgentCheckpoint checkpoint() {
    List<AgentCheckpoint.ExecutorData> data = new ArrayList<>();
    for (ExecutorRun run : allExecutors()) {
      List<AgentCheckpoint.TaskData> tasks = new ArrayList<>();
      for (TaskRun t : run.tasks.values()) {
        tasks.add(new AgentCheckpoint.TaskData(AgentCheckpoint.json(t.info), t.launched,
            t.statuses.stream().map(AgentCheckpoint::json).toList(),
            t.pending.stream().map(AgentCheckpoint::json).toList()));
      }
      data.add(new AgentCheckpoint.ExecutorData(run.frameworkId.getValue(),
          AgentCheckpoint.json(run.info), run.containerId, run.directory.toString(),
          run.process == null ? -1 : run.process.pid(), run.startMillis, run.command,
          run.state == ExecutorRun.State.TERMINATING, tasks));
    }
    Map<String, String> fws = new HashMap<>();
    frameworks.forEach((id, info) -> fws.put(id, AgentCheckpoint.json(info)));
    return new AgentCheckpoint(AgentCheckpoint.json(info),
        total.toList().stream().map(AgentCheckpoint::json).toList(), fws, data);
  }

  static TaskStatus parseStatus(String json) {
    return AgentCheckpoint.parse(json, TaskStatus.newBuilder());
  }
}
