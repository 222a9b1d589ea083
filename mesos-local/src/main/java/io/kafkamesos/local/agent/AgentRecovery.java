package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.MesosDuration;
import io.kafkamesos.commons.mesos.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent recovery, as Mesos' agent does it after a restart: read the checkpoint back, re-attach
 * to executor processes that are still alive (they then have the re-registration timeout to
 * re-subscribe), fail the tasks of those that are gone, resend unacknowledged updates.
 */
final class AgentRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(AgentRecovery.class);

  private AgentRecovery() {
  }

  static Agent open(AgentInfo fresh, Resources resources, AgentSettings settings,
      Function<AgentState, Agent> create) {
    Optional<AgentCheckpoint> checkpoint = AgentCheckpoint.load(settings.workDir());
    if (checkpoint.isEmpty()) {
      Agent agent = create.apply(new AgentState(fresh, settings.workDir(), resources));
      agent.checkpoint();
      return agent;
    }
    AgentCheckpoint cp = checkpoint.get();
    AgentInfo info = AgentCheckpoint.parse(cp.agentInfo(), AgentInfo.newBuilder());
    Resources total = Resources.of(cp.total().stream()
        .map(j -> (Resource) AgentCheckpoint.parse(j, Resource.newBuilder())).toList());
    AgentState state = new AgentState(info, settings.workDir(), total);
    cp.frameworks().forEach((id, json) ->
        state.frameworks.put(id, AgentCheckpoint.parse(json, FrameworkInfo.newBuilder())));
    for (AgentCheckpoint.ExecutorData data : cp.executors()) {
      ExecutorRun run = new ExecutorRun(FrameworkID.newBuilder().setValue(data.frameworkId())
          .build(), AgentCheckpoint.parse(data.executorInfo(), ExecutorInfo.newBuilder()),
          data.containerId(), Path.of(data.directory()), data.command());
      run.state = data.terminating() ? ExecutorRun.State.TERMINATING
          : ExecutorRun.State.RUNNING;
      run.recovered = true;
      run.recoveredPid = data.pid();
      run.startMillis = data.startMillis();
      for (AgentCheckpoint.TaskData t : data.tasks()) {
        TaskRun task = new TaskRun(AgentCheckpoint.parse(t.taskInfo(), TaskInfo.newBuilder()));
        task.launched = t.launched();
        t.statuses().forEach(s -> task.statuses.add(AgentState.parseStatus(s)));
        t.pending().forEach(s -> task.pending.add(AgentState.parseStatus(s)));
        run.tasks.put(task.id(), task);
      }
      state.executors.computeIfAbsent(data.frameworkId(), k -> new HashMap<>())
          .put(run.id(), run);
    }
    LOG.info("Agent {} recovered {} executors from {}", info.getId().getValue(),
        cp.executors().size(), settings.workDir());
    return create.apply(state);
  }

  static void reattach(Agent agent) {
    for (ExecutorRun run : agent.state.allExecutors()) {
      if (!run.recovered) {
        continue;
      }
      run.recovered = false;
      if (!agent.containers.reattach(run, run.recoveredPid, run.startMillis)) {
        LOG.info("Executor {} of framework {} is gone since the restart", run.id(),
            run.frameworkId.getValue());
        agent.loop.post(() -> agent.exited(run, -1));
        continue;
      }
      FrameworkInfo framework = agent.state.frameworks.get(run.frameworkId.getValue());
      if (framework == null || !framework.getCheckpoint()) {
        // Mesos recovers only the executors of checkpointing frameworks
        LOG.info("Killing executor {} of framework {}: the framework does not checkpoint",
            run.id(), run.frameworkId.getValue());
        run.terminationState = TaskState.TASK_LOST;
        run.terminationReason = TaskStatus.Reason.REASON_AGENT_RESTARTED;
        run.terminationMessage = "Agent restarted and the framework does not checkpoint";
        run.state = ExecutorRun.State.TERMINATING;
        agent.containers.destroy(run, Duration.ZERO);
        continue;
      }
      if (!run.command) {
        Duration timeout = agent.settings.reregistrationTimeout();
        run.registrationTimer = agent.loop.schedule(timeout, () -> {
          if (!run.connected() && run.state == ExecutorRun.State.RUNNING) {
            LOG.info("Executor {} did not re-subscribe within {}; killing it", run.id(),
                timeout);
            run.terminationState = TaskState.TASK_FAILED;
            run.terminationReason = TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT;
            run.terminationMessage = "Executor did not reregister within "
                + MesosDuration.format(timeout);
            run.state = ExecutorRun.State.TERMINATING;
            agent.containers.destroy(run, Duration.ZERO);
          }
        });
      }
      for (TaskRun task : run.tasks.values()) {
        agent.updates.forward(run, task);
      }
    }
  }

  /**
   * An agent recovered after its machine died and came back: its executors are gone. As Mesos'
   * agent after a reboot (same agent id since 1.4): the executors of checkpointing frameworks
   * are terminated and their unfinished tasks become TASK_FAILED with
   * {@code REASON_EXECUTOR_TERMINATED} ("Abnormal executor termination: unknown container", the
   * containerizer does not know the container any more), queued for the scheduler; frameworks
   * that do not checkpoint were never written to disk by Mesos, so they are forgotten. Call
   * before the agent re-registers, so that it reports the tasks in their new state.
   */
  static void rebooted(Agent agent) {
    AgentState state = agent.state;
    for (ExecutorRun run : state.allExecutors()) {
      run.recovered = false;
      FrameworkInfo framework = state.frameworks.get(run.frameworkId.getValue());
      if (framework == null || !framework.getCheckpoint()) {
        LOG.info("Agent {} forgets executor {} of framework {} (not checkpointed)",
            state.id(), run.id(), run.frameworkId.getValue());
        state.removedFrameworks.add(run.frameworkId.getValue());
        state.removeExecutor(run);
        continue;
      }
      run.state = ExecutorRun.State.TERMINATED;
      for (TaskRun task : run.tasks.values()) {
        if (!task.terminal()) {
          TaskStatus status = agent.executors.agentStatus(run, task, TaskState.TASK_FAILED,
              TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
              "Abnormal executor termination: unknown container");
          task.statuses.add(status);
          task.pending.addLast(status);
        }
      }
      if (run.tasks.values().stream().allMatch(TaskRun::done)) {
        state.removeExecutor(run);
      }
    }
    state.frameworks.keySet().removeIf(id -> !state.executors.containsKey(id));
    state.removedFrameworks.clear();
    agent.checkpoint();
  }

  /** The machine dies: timers stop, streams break, every executor's process tree is killed. */
  static void killAll(Agent agent) {
    for (ExecutorRun run : agent.state.allExecutors()) {
      run.cancelTimers();
      run.tasks.values().forEach(t -> {
        if (t.retry != null) {
          t.retry.cancel(false);
        }
      });
      if (run.stream != null) {
        run.stream.close();
      }
      Containers.killTree(run);
    }
  }

  /**
   * After a rebooted agent re-registered: the master hears of the executors lost in the reboot,
   * and the queued updates are sent.
   */
  static void resumeAfterReboot(Agent agent) {
    for (ExecutorRun run : agent.state.allExecutors()) {
      if (run.state == ExecutorRun.State.TERMINATED) {
        agent.master.executorTerminated(agent.state.info.getId(), run.frameworkId,
            run.info.getExecutorId(), -1);
      }
      run.tasks.values().forEach(t -> agent.updates.forward(run, t));
    }
  }
}
