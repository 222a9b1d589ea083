package io.kafkamesos.local.agent;

import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.process.ProcessTree;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** An executor on an agent: its container (sandbox and process), subscription and tasks. */
final class ExecutorRun {

  /** As in Mesos' agent. */
  enum State { REGISTERING, RUNNING, TERMINATING, TERMINATED }

  final FrameworkID frameworkId;
  final ExecutorInfo info;
  final String containerId;
  final Path directory;
  /** Run by the agent's built-in command executor (a task with only a CommandInfo). */
  final boolean command;
  State state = State.REGISTERING;
  ProcessHandle process;
  /** Its container: the executor's session and the descendants seen, to kill when it ends. */
  ProcessTree tree;
  long startMillis;
  /** Benchmark only: the in-process stand-in that runs instead of a process (see StandInExecutors). */
  StandInExecutor standIn;
  /** From the checkpoint of a restarted agent: the process to re-attach to, if still alive. */
  long recoveredPid = -1;
  boolean recovered;
  EventStream stream;
  final Map<String, TaskRun> tasks = new LinkedHashMap<>();
  ScheduledFuture<?> registrationTimer;
  ScheduledFuture<?> shutdownTimer;
  /** Why the agent ends it, for the updates of its unfinished tasks (Mesos' pendingTermination). */
  TaskState terminationState;
  TaskStatus.Reason terminationReason;
  String terminationMessage;

  ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, String containerId, Path directory,
      boolean command) {
    this.frameworkId = frameworkId;
    this.info = info;
    this.containerId = containerId;
    this.directory = directory;
    this.command = command;
  }

  String id() {
    return info.getExecutorId().getValue();
  }

  boolean connected() {
    return stream != null && !stream.isClosed();
  }

  void cancelTimers() {
    if (registrationTimer != null) {
      registrationTimer.cancel(false);
    }
    if (shutdownTimer != null) {
      shutdownTimer.cancel(false);
    }
  }
}
