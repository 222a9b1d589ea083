package io.kafkamesos.local.agent;

import io.kafkamesos.local.master.MasterLink;
import io.kafkamesos.local.proto.Statuses;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of an executor's life once it is launched: its container started or exited,
 * its shutdown (alone or with its framework's other executors), and forgetting it once all its
 * tasks' updates are acknowledged. Owns the statuses the agent itself writes for the tasks of
 * its executors ({@link #agentStatus}), and those of the command executor it stands in for.
 * Runs on the event loop; the agent checks that its machine is alive before calling in.
 */
final class ExecutorLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorLifecycle.class);

  private final AgentState state;
  private final AgentSettings settings;
  private final MasterLink master;
  private final StatusUpdateManager updates;
  private final Containers containers;
  private final Runnable checkpoint;

  /**
   * @param master the agent's line to the master, silent once the machine died
   * @param checkpoint saves the agent's state (unless the machine died)
   */
  ExecutorLifecycle(AgentState state, AgentSettings settings, MasterLink master,
      StatusUpdateManager updates, Containers containers, Runnable checkpoint) {
    this.state = Objects.requireNonNull(state);
    this.settings = Objects.requireNonNull(settings);
    this.master = Objects.requireNonNull(master);
    this.updates = Objects.requireNonNull(updates);
    this.containers = Objects.requireNonNull(containers);
    this.checkpoint = Objects.requireNonNull(checkpoint);
  }

  /** The executor's process started; a command executor's tasks are running from now. */
  void started(ExecutorRun run) {
    if (run.command) {
      run.state = ExecutorRun.State.RUNNING;
      for (TaskRun task : run.tasks.values()) {
        task.launched = true;
        updates.enqueue(run, task, Statuses.create(settings.clock(), task.info.getTaskId(),
            TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null,
            Optional.of(state.info.getId()), Optional.of(run.info.getExecutorId()), true));
      }
    }
    checkpoint.run();
  }

  /**
   * The executor's process exited (or never started): its unfinished tasks get their final
   * status and the master hears of the executor's end.
   */
  void exited(ExecutorRun run, int status) {
    if (run.state == ExecutorRun.State.TERMINATED) {
      return;
    }
    LOG.info("Executor {} of framework {} on agent {} exited with status {}", run.id(),
        run.frameworkId.getValue(), state.id(), status);
    run.state = ExecutorRun.State.TERMINATED;
    run.cancelTimers();
    if (run.stream != null) {
      run.stream.close();
    }
    for (TaskRun task : run.tasks.values()) {
      if (task.terminal()) {
        continue;
      }
      TaskStatus update = run.command && task.launched
          ? Containers.commandExit(state, run, task, status, settings.clock())
          : agentStatus(run, task,
              run.terminationState != null ? run.terminationState : TaskState.TASK_FAILED,
              run.terminationReason != null ? run.terminationReason
                  : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
              run.terminationMessage != null ? run.terminationMessage : "Executor terminated");
      updates.enqueue(run, task, update);
    }
    master.executorTerminated(state.info.getId(), run.frameworkId, run.info.getExecutorId(),
        status);
    cleanup(run);
    checkpoint.run();
  }

  /**
   * Shuts the executor down: SHUTDOWN to a connected custom executor and signals after its
   * shutdown grace period, signals right away otherwise.
   */
  void shutdown(ExecutorRun run) {
    if (run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
      return;
    }
    LOG.info("Shutting down executor {} of framework {}", run.id(), run.frameworkId.getValue());
    boolean connected = run.connected();
    run.state = ExecutorRun.State.TERMINATING;
    Duration grace = run.info.hasShutdownGracePeriod()
        ? Duration.ofNanos(run.info.getShutdownGracePeriod().getNanoseconds())
        : settings.shutdownGracePeriod();
    if (connected && !run.command) {
      run.stream.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
      containers.destroy(run, grace);
    } else {
      containers.destroy(run, Duration.ZERO);
    }
    checkpoint.run();
  }

  /**
   * Shuts down every executor of the framework, drops their pending updates, and forgets the
   * framework once its executors are gone.
   */
  void shutdownFramework(FrameworkID framework) {
    if (state.executors.containsKey(framework.getValue())) {
      state.removedFrameworks.add(framework.getValue());
    } else {
      state.frameworks.remove(framework.getValue());
    }
    for (ExecutorRun run : state.allExecutors()) {
      if (run.frameworkId.equals(framework)) {
        run.tasks.values().forEach(updates::cancel);
        shutdown(run);
      }
    }
    checkpoint.run();
  }

  /** Forgets a terminated executor once all its tasks' updates are acknowledged. */
  void cleanup(ExecutorRun run) {
    if (run.state == ExecutorRun.State.TERMINATED && (run.tasks.values().stream()
        .allMatch(TaskRun::done) || state.removedFrameworks.contains(run.frameworkId.getValue()))) {
      state.removeExecutor(run);
    }
  }

  /** A status of the task written by the agent itself ({@code SOURCE_AGENT}). */
  TaskStatus agentStatus(ExecutorRun run, TaskRun task, TaskState taskState,
      TaskStatus.Reason reason, String message) {
    return Statuses.create(settings.clock(), task.info.getTaskId(), taskState,
        TaskStatus.Source.SOURCE_AGENT, reason, message, Optional.of(state.info.getId()),
        Optional.of(run.info.getExecutorId()), true);
  }
}
