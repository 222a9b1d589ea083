package io.kafkamesos.local.agent;

import io.kafkamesos.local.proto.Statuses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** A task on an agent: its statuses and the stream of updates not yet acknowledged. */
final class TaskRun {

  final TaskInfo info;
  /** Whether the executor was sent LAUNCH for it. */
  boolean launched;
  boolean killRequested;
  final List<TaskStatus> statuses = new ArrayList<>();
  /** Updates in order; the head is with the scheduler until it acknowledges. */
  final Deque<TaskStatus> pending = new ArrayDeque<>();
  ScheduledFuture<?> retry;
  int retries;

  TaskRun(TaskInfo info) {
    this.info = info;
  }

  String id() {
    return info.getTaskId().getValue();
  }

  TaskState state() {
    return statuses.isEmpty() ? TaskState.TASK_STAGING
        : statuses.get(statuses.size() - 1).getState();
  }

  boolean terminal() {
    return Statuses.isTerminal(state());
  }

  /** Terminal and acknowledged: nothing more will happen to it. */
  boolean done() {
    return terminal() && pending.isEmpty();
  }
}
