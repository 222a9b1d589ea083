package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** The master's view of a task; owned by the event loop. */
final class TaskRecord {

  final TaskInfo info;
  final String frameworkId;
  final String agentId;
  final Optional<ExecutorID> executorId;
  /** Allocated to the framework's role, as launched. */
  final Resources resources;
  TaskState state = TaskState.TASK_STAGING;
  final List<TaskStatus> statuses = new ArrayList<>();
  /** Set once a terminal state frees the resources, which happens once. */
  boolean released;

  TaskRecord(TaskInfo info, String frameworkId, String agentId, Resources resources) {
    this.info = info;
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.executorId = info.hasExecutor() ? Optional.of(info.getExecutor().getExecutorId())
        : Optional.empty();
    this.resources = resources;
  }
}
