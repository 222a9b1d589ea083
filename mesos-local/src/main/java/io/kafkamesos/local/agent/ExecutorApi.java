package io.kafkamesos.local.agent;

import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.master.CallResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent side of the v1 executor API, after the HTTP layer parsed and validated the call:
 * SUBSCRIBE (SUBSCRIBED, then LAUNCH of queued tasks), UPDATE, MESSAGE. Runs on the event loop.
 */
public final class ExecutorApi {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorApi.class);

  private final Agent agent;

  public ExecutorApi(Agent agent) {
    this.agent = Objects.requireNonNull(agent);
  }

  /**
   * The checks that need state, as Mesos makes them; empty when the call may proceed.
   *
   * @param claims the claims of the caller's token, when executors must authenticate
   */
  public Optional<CallResult> check(Call call, Optional<Map<String, String>> claims) {
    if (!agent.state.frameworks.containsKey(call.getFrameworkId().getValue())) {
      return Optional.of(new CallResult(400, "Framework cannot be found"));
    }
    Optional<ExecutorRun> run = agent.state.executor(call.getFrameworkId().getValue(),
        call.getExecutorId().getValue());
    if (run.isEmpty()) {
      return Optional.of(new CallResult(400, "Executor cannot be found"));
    }
    if (claims.isPresent()) {
      Optional<String> denied = ExecutorTokens.claimsError(claims.get(),
          call.getFrameworkId().getValue(), call.getExecutorId().getValue(),
          run.get().containerId);
      if (denied.isPresent()) {
        LOG.warn("Refusing {} for executor {} of framework {}: {}", call.getType(),
            call.getExecutorId().getValue(), call.getFrameworkId().getValue(), denied.get());
        return Optional.of(new CallResult(403, denied.get()));
      }
    }
    if (run.get().state == ExecutorRun.State.REGISTERING
        && call.getType() != Call.Type.SUBSCRIBE) {
      return Optional.of(new CallResult(403, "Executor is not subscribed"));
    }
    return Optional.empty();
  }

  public void subscribe(Call call, EventStream stream) {
    ExecutorRun run = agent.state.executor(call.getFrameworkId().getValue(),
        call.getExecutorId().getValue()).orElseThrow();
    if (run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED
        || agent.state.removedFrameworks.contains(run.frameworkId.getValue())) {
      LOG.warn("Shutting down executor {} of framework {}: it is terminating", run.id(),
          run.frameworkId.getValue());
      stream.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
      stream.close();
      return;
    }
    if (run.stream != null && run.stream != stream) {
      LOG.warn("Closing the existing connection of executor {}", run.id());
      run.stream.close();
    }
    run.stream = stream;
    run.state = ExecutorRun.State.RUNNING;
    if (run.registrationTimer != null) {
      run.registrationTimer.cancel(false);
    }
    LOG.info("Executor {} of framework {} subscribed to agent {}", run.id(),
        run.frameworkId.getValue(), agent.id());
    Call.Subscribe subscribe = call.getSubscribe();
    for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      TaskRun task = run.tasks.get(update.getStatus().getTaskId().getValue());
      if (task != null && !task.terminal() && task.statuses.stream()
          .noneMatch(s -> s.getUuid().equals(update.getStatus().getUuid()))) {
        agent.updates.enqueue(run, task, fill(run, update.getStatus()));
      }
    }
    Set<String> unackedTasks = new HashSet<>();
    subscribe.getUnacknowledgedTasksList().forEach(t -> unackedTasks.add(t.getTaskId()
        .getValue()));
    for (TaskRun task : run.tasks.values()) {
      if (task.launched && task.statuses.isEmpty() && !unackedTasks.contains(task.id())) {
        // as Mesos: a task the executor was sent but does not know is lost
        FrameworkInfo framework = agent.state.frameworks.get(run.frameworkId.getValue());
        boolean partitionAware = framework != null && framework.getCapabilitiesList().stream()
            .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
        agent.updates.enqueue(run, task, agent.executors.agentStatus(run, task,
            partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
            TaskStatus.Reason.REASON_AGENT_RESTARTED, "Task launched during agent restart"));
      }
    }
    stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder()
            .setExecutorInfo(run.info)
            .setFrameworkInfo(agent.state.frameworks.get(run.frameworkId.getValue()))
            .setAgentInfo(agent.state.info)
            .setContainerId(ContainerID.newBuilder().setValue(run.containerId)))
        .build());
    for (TaskRun task : run.tasks.values()) {
      if (!task.launched && !task.terminal()) {
        agent.tasks.sendLaunch(run, task);
      } else if (task.launched && task.killRequested && !task.terminal()) {
        stream.send(Event.newBuilder().setType(Event.Type.KILL)
            .setKill(Event.Kill.newBuilder().setTaskId(task.info.getTaskId())).build());
      }
    }
    agent.checkpoint();
  }

  /** The subscription stream of an executor ended without our closing it. */
  public void disconnected(EventStream stream) {
    for (ExecutorRun run : agent.state.allExecutors()) {
      if (run.stream == stream) {
        LOG.info("Executor {} of framework {} disconnected from agent {}", run.id(),
            run.frameworkId.getValue(), agent.id());
        run.stream = null;
      }
    }
  }

  public CallResult update(Call call) {
    ExecutorRun run = agent.state.executor(call.getFrameworkId().getValue(),
        call.getExecutorId().getValue()).orElseThrow();
    TaskStatus status = call.getUpdate().getStatus();
    TaskRun task = run.tasks.get(status.getTaskId().getValue());
    if (task == null) {
      LOG.warn("Ignoring update {} of unknown task {} from executor {}", status.getState(),
          status.getTaskId().getValue(), run.id());
      return new CallResult(202, null);
    }
    boolean duplicate = task.statuses.stream().anyMatch(s -> s.getUuid()
        .equals(status.getUuid()));
    if (duplicate || task.terminal()) {
      LOG.warn("Ignoring update {} of task {}: {}", status.getState(), task.id(),
          duplicate ? "duplicate" : "task already terminal");
      return new CallResult(202, null);
    }
    agent.updates.enqueue(run, task, fill(run, status));
    agent.checkpoint();
    return new CallResult(202, null);
  }

  public CallResult message(Call call) {
    agent.master.executorMessage(agent.state.info.getId(), call.getFrameworkId(),
        call.getExecutorId(), call.getMessage().getData());
    return new CallResult(202, null);
  }

  /** What the agent adds to an executor's status: its id, and the container's address. */
  private TaskStatus fill(ExecutorRun run, TaskStatus status) {
    TaskStatus.Builder b = status.toBuilder().setAgentId(agent.state.info.getId());
    if (!b.hasExecutorId()) {
      b.setExecutorId(run.info.getExecutorId());
    }
    if (status.getState() == TaskState.TASK_RUNNING && !status.hasContainerStatus()) {
      b.setContainerStatus(ContainerStatus.newBuilder()
          .setContainerId(ContainerID.newBuilder().setValue(run.containerId))
          .addNetworkInfos(NetworkInfo.newBuilder().addIpAddresses(
              NetworkInfo.IPAddress.newBuilder().setIpAddress(agent.state.info.getHostname()))));
    }
    return b.build();
  }
}
