package io.kafkamesos.local.marathon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GET {@code /v2/apps} tells about one app at one moment: its definition, version, the
 * running task if any, the health of its last checks, a deployment in progress, the last failure.
 */
public record AppView(AppDefinition app, String version, Optional<TaskView> task,
    Optional<String> deploymentId, Optional<Failure> lastFailure) {

  public AppView {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(lastFailure, "lastFailure");
  }

  /**
   * The running task.
   *
   * @param host the agent it runs on
   * @param health per health check: empty before its first counted result, else the task's health
   */
  public record TaskView(String id, long pid, AgentHost host, List<Integer> ports,
      Instant startedAt, Path sandbox, List<Optional<HealthTracker.Health>> health) {
    public TaskView {
      Objects.requireNonNull(host, "host");
      ports = List.copyOf(ports);
      health = List.copyOf(health);
    }

    /** Marathon's reading: healthy when it has results and every result is alive. */
    public boolean healthy() {
      List<HealthTracker.Health> results = results();
      return !results.isEmpty() && results.stream().allMatch(HealthTracker.Health::alive);
    }

    /** Unhealthy when some result is not alive. */
    public boolean unhealthy() {
      return results().stream().anyMatch(h -> !h.alive());
    }

    private List<HealthTracker.Health> results() {
      return health.stream().flatMap(Optional::stream).toList();
    }
  }

  /** Why the last task ended when it was not asked to. */
  public record Failure(String taskId, String state, String message, Instant timestamp) {
  }

  public int tasksRunning() {
    return task.isPresent() ? 1 : 0;
  }

  public int tasksHealthy() {
    return task.map(t -> t.healthy() ? 1 : 0).orElse(0);
  }

  public int tasksUnhealthy() {
    return task.map(t -> t.unhealthy() ? 1 : 0).orElse(0);
  }
}
