package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the master asks of the agent's tasks: run one (creating its executor's sandbox and
 * container when the executor is new, or the command executor for a task without one), kill one,
 * and the scheduler's acknowledgement of a task's status update (passed on to the executor).
 * Also sends LAUNCH to a subscribed executor. Runs on the event loop; the agent checks that its
 * machine is alive before calling in.
 */
final class AgentTasks {

  private static final Logger LOG = LoggerFactory.getLogger(AgentTasks.class);

  private final AgentState state;
  private final StatusUpdateManager updates;
  private final Containers containers;
  private final ExecutorLifecycle executors;
  private final Runnable checkpoint;

  /** @param checkpoint saves the agent's state (unless the machine died) */
  AgentTasks(AgentState state, StatusUpdateManager updates, Containers containers,
      ExecutorLifecycle executors, Runnable checkpoint) {
    this.state = Objects.requireNonNull(state);
    this.updates = Objects.requireNonNull(updates);
    this.containers = Objects.requireNonNull(containers);
    this.executors = Objects.requireNonNull(executors);
    this.checkpoint = Objects.requireNonNull(checkpoint);
  }

  /**
   * Runs the task on its executor: launches the executor first when new, sends LAUNCH now when
   * it is subscribed (else on subscription), drops or loses the task when it is terminating.
   */
  void run(FrameworkInfo framework, TaskInfo task) {
    String fwId = framework.getId().getValue();
    state.frameworks.put(fwId, framework);
    boolean command = !task.hasExecutor();
    ExecutorInfo executor = command ? commandExecutor(task, framework) : task.getExecutor();
    ExecutorRun run = state.executor(fwId, executor.getExecutorId().getValue()).orElse(null);
    TaskRun taskRun = new TaskRun(task);
    if (run != null && (run.state == ExecutorRun.State.TERMINATING
        || run.state == ExecutorRun.State.TERMINATED)) {
      run.tasks.put(taskRun.id(), taskRun);
      boolean partitionAware = framework.getCapabilitiesList().stream().anyMatch(c ->
          c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
      updates.enqueue(run, taskRun, executors.agentStatus(run, taskRun,
          partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
          TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminating"));
      checkpoint.run();
      return;
    }
    if (run == null) {
      String containerId = UUID.randomUUID().toString();
      run = new ExecutorRun(framework.getId(), executor, containerId,
          state.sandbox(fwId, executor.getExecutorId().getValue(), containerId), command);
      state.executors.computeIfAbsent(fwId, k -> new HashMap<>()).put(run.id(), run);
      run.tasks.put(taskRun.id(), taskRun);
      try {
        Files.createDirectories(run.directory);
      } catch (IOException e) {
        LOG.warn("Cannot create sandbox {}: {}", run.directory, e.getMessage());
      }
      containers.linkVolumes(run, executor.getResourcesList());
      containers.linkVolumes(run, task.getResourcesList());
      containers.launch(run, framework);
    } else {
      run.tasks.put(taskRun.id(), taskRun);
      containers.linkVolumes(run, task.getResourcesList());
      if (run.state == ExecutorRun.State.RUNNING && run.connected()) {
        sendLaunch(run, taskRun);
      }
    }
    checkpoint.run();
  }

  /** LAUNCH of the task to its subscribed executor. */
  void sendLaunch(ExecutorRun run, TaskRun task) {
    task.launched = true;
    run.stream.send(Event.newBuilder().setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(task.info)).build());
  }

  /** The executor Mesos makes up for a task with a command and no executor. */
  private static ExecutorInfo commandExecutor(TaskInfo task, FrameworkInfo framework) {
    CommandInfo command = task.getCommand();
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(task.getTaskId().getValue()))
        .setFrameworkId(framework.getId())
        .setName("Command Executor (Task: " + task.getTaskId().getValue() + ") (Command: sh -c '"
            + command.getValue() + "')")
        .setSource(task.getTaskId().getValue())
        .setCommand(command)
        .build();
  }

  /**
   * Kills the task: a command task's process after its grace period, a task its executor was
   * not sent yet at once (TASK_KILLED), else KILL to its executor.
   */
  void kill(FrameworkID framework, TaskID taskId, Optional<KillPolicy> policy) {
    Optional<ExecutorRun> found = state.executorOfTask(framework.getValue(), taskId.getValue());
    if (found.isEmpty()) {
      LOG.warn("Agent {} cannot kill unknown task {} of framework {}", state.id(),
          taskId.getValue(), framework.getValue());
      return;
    }
    ExecutorRun run = found.get();
    TaskRun task = run.tasks.get(taskId.getValue());
    if (task.terminal()) {
      return;
    }
    task.killRequested = true;
    if (run.command) {
      Duration grace = policy.filter(KillPolicy::hasGracePeriod)
          .or(() -> Optional.of(task.info.getKillPolicy()).filter(KillPolicy::hasGracePeriod))
          .map(p -> Duration.ofNanos(p.getGracePeriod().getNanoseconds()))
          .orElse(Duration.ZERO);
      run.state = ExecutorRun.State.TERMINATING;
      containers.destroy(run, grace);
    } else if (!task.launched) {
      updates.enqueue(run, task, executors.agentStatus(run, task, TaskState.TASK_KILLED,
          TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "Killed before delivery to the executor"));
    } else if (run.connected()) {
      Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
      policy.ifPresent(kill::setKillPolicy);
      run.stream.send(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
    }
    checkpoint.run();
  }

  /**
   * The scheduler acknowledged an update of the task: the next one goes out, the executor hears
   * of it when it sent it, and a finished task (then its terminated executor) is forgotten.
   */
  void acknowledge(FrameworkID framework, TaskID taskId, ByteString uuid) {
    Optional<ExecutorRun> found = state.executorOfTask(framework.getValue(), taskId.getValue());
    if (found.isEmpty()) {
      return;
    }
    ExecutorRun run = found.get();
    TaskRun task = run.tasks.get(taskId.getValue());
    TaskStatus acked = updates.acknowledge(run, task, uuid);
    if (acked == null) {
      return;
    }
    if (acked.getSource() == TaskStatus.Source.SOURCE_EXECUTOR && run.connected()
        && !run.command) {
      run.stream.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
          .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(taskId).setUuid(uuid))
          .build());
    }
    if (task.done()) {
      run.tasks.remove(task.id());
    }
    executors.cleanup(run);
    checkpoint.run();
  }
}
