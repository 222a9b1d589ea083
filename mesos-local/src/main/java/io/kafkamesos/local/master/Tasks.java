package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.proto.Statuses;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task calls and task state in the master: status updates from agents, acknowledgements,
 * KILL, SHUTDOWN, MESSAGE and reconciliation with Mesos' states and messages.
 */
final class Tasks {

  private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

  private final MasterState state;
  private final Offers offers;

  Tasks(MasterState state, Offers offers) {
    this.state = Objects.requireNonNull(state);
    this.offers = Objects.requireNonNull(offers);
  }

  void recover(Framework fw, AgentRecord agent, AgentLink.RecoveredTask recovered) {
    TaskRecord record = new TaskRecord(recovered.task(), fw.id.getValue(), agent.id,
        Resources.of(recovered.task().getResourcesList()));
    for (TaskStatus status : recovered.statuses()) {
      record.statuses.add(status);
      record.state = status.getState();
    }
    record.released = Statuses.isTerminal(record.state);
    fw.tasks.put(recovered.task().getTaskId().getValue(), record);
  }

  void statusUpdate(FrameworkID frameworkId, TaskStatus status) {
    Framework fw = state.frameworks.get(frameworkId.getValue());
    if (fw == null) {
      LOG.warn("Dropping status update {} of task {}: framework {} is unknown",
          status.getState(), status.getTaskId().getValue(), frameworkId.getValue());
      return;
    }
    TaskRecord task = fw.tasks.get(status.getTaskId().getValue());
    if (task != null) {
      boolean seen = task.statuses.stream().anyMatch(s -> s.getUuid().equals(status.getUuid()));
      if (!seen) {
        task.statuses.add(status);
        task.state = status.getState();
      }
      if (Statuses.isTerminal(task.state) && !task.released) {
        task.released = true;
        offers.requestAllocation();
      }
    }
    fw.send(Events.update(status));
  }

  void acknowledge(Framework fw, Call.Acknowledge ack) {
    AgentRecord agent = state.agents.get(ack.getAgentId().getValue());
    if (agent == null) {
      LOG.warn("Cannot send acknowledgement for task {} of framework {} to agent {} because the"
          + " agent is not registered", ack.getTaskId().getValue(), fw.id.getValue(),
          ack.getAgentId().getValue());
      return;
    }
    TaskRecord task = fw.tasks.get(ack.getTaskId().getValue());
    if (task != null && Statuses.isTerminal(task.state) && !task.statuses.isEmpty()
        && task.statuses.get(task.statuses.size() - 1).getUuid().equals(ack.getUuid())) {
      fw.complete(task);
    }
    agent.link.acknowledge(fw.id, ack.getTaskId(), ack.getUuid());
  }

  void kill(Framework fw, Call.Kill kill) {
    TaskRecord task = fw.tasks.get(kill.getTaskId().getValue());
    if (task == null) {
      LOG.warn("Cannot kill task {} of framework {} because it is unknown; performing "
          + "reconciliation", kill.getTaskId().getValue(), fw.id.getValue());
      Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
          .setTaskId(kill.getTaskId());
      if (kill.hasAgentId()) {
        t.setAgentId(kill.getAgentId());
      }
      reconcile(fw, Call.Reconcile.newBuilder().addTasks(t).build());
      return;
    }
    if (kill.hasAgentId() && !kill.getAgentId().getValue().equals(task.agentId)) {
      LOG.warn("Cannot kill task {} of framework {}: it runs on agent {}, not {}",
          kill.getTaskId().getValue(), fw.id.getValue(), task.agentId,
          kill.getAgentId().getValue());
      return;
    }
    AgentRecord agent = state.agents.get(task.agentId);
    agent.link.killTask(fw.id, kill.getTaskId(),
        kill.hasKillPolicy() ? Optional.of(kill.getKillPolicy()) : Optional.empty());
  }

  void shutdown(Framework fw, Call.Shutdown shutdown) {
    AgentRecord agent = state.agents.get(shutdown.getAgentId().getValue());
    if (agent == null) {
      LOG.warn("Cannot shut down executor {} of framework {}: agent {} is unknown",
          shutdown.getExecutorId().getValue(), fw.id.getValue(),
          shutdown.getAgentId().getValue());
      return;
    }
    agent.link.shutdownExecutor(fw.id, shutdown.getExecutorId());
  }

  void message(Framework fw, Call.Message message) {
    AgentRecord agent = state.agents.get(message.getAgentId().getValue());
    if (agent == null) {
      LOG.warn("Cannot send framework message to agent {}: it is unknown",
          message.getAgentId().getValue());
      return;
    }
    agent.link.frameworkMessage(fw.id, message.getExecutorId(), message.getData());
  }

  void reconcile(Framework fw, Call.Reconcile reconcile) {
    if (reconcile.getTasksCount() == 0) {
      for (TaskRecord task : fw.tasks.values()) {
        fw.send(Events.update(latest(fw, task)));
      }
      return;
    }
    for (Call.Reconcile.Task t : reconcile.getTasksList()) {
      TaskRecord task = fw.tasks.get(t.getTaskId().getValue());
      if (task != null) {
        fw.send(Events.update(latest(fw, task)));
        continue;
      }
      Optional<AgentID> agentId = t.hasAgentId() ? Optional.of(t.getAgentId()) : Optional.empty();
      if (agentId.map(a -> state.recovered.containsKey(a.getValue()))
          .orElse(!state.recovered.isEmpty())) {
        // master.cpp: the agent (or some agent) has not re-registered since this master was
        // elected; no answer until it does or is marked unreachable
        LOG.info("Dropping reconciliation of task {} for framework {}: {} not yet reregistered",
            t.getTaskId().getValue(), fw.id.getValue(), agentId.map(a -> "agent "
                + a.getValue() + " has").orElse("some agents have"));
        continue;
      }
      boolean knownAgent = agentId.isPresent()
          && state.agents.containsKey(agentId.get().getValue());
      MasterState.UnreachableAgent unreachable = agentId.map(a -> state.unreachable.get(
          a.getValue())).orElse(null);
      TaskState taskState;
      String message;
      if (!knownAgent && unreachable != null) {
        java.time.Instant since = unreachable.since();
        fw.send(Events.update(Statuses.create(state.clock, t.getTaskId(),
            fw.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST,
            TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_RECONCILIATION,
            "Reconciliation: Task is unreachable", agentId, Optional.empty(), false).toBuilder()
            .setUnreachableTime(org.apache.mesos.v1.Protos.TimeInfo.newBuilder().setNanoseconds(
                since.getEpochSecond() * 1_000_000_000L + since.getNano()))
            .build()));
        continue;
      }
      if (knownAgent) {
        taskState = fw.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST;
        message = "Reconciliation: Task is unknown to the agent";
      } else {
        taskState = fw.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
        message = "Reconciliation: Task is unknown";
      }
      fw.send(Events.update(Statuses.create(state.clock, t.getTaskId(), taskState,
          TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_RECONCILIATION, message,
          agentId, Optional.empty(), false)));
    }
  }

  private TaskStatus latest(Framework fw, TaskRecord task) {
    TaskStatus.Builder status = Statuses.create(state.clock, task.info.getTaskId(), task.state,
        TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_RECONCILIATION,
        "Reconciliation: Latest task state",
        Optional.of(AgentID.newBuilder().setValue(task.agentId).build()), task.executorId,
        false).toBuilder();
    if (!task.statuses.isEmpty()) {
      TaskStatus last = task.statuses.get(task.statuses.size() - 1);
      if (last.hasHealthy()) {
        status.setHealthy(last.getHealthy());
      }
      if (last.hasContainerStatus()) {
        status.setContainerStatus(last.getContainerStatus());
      }
    }
    return status.build();
  }

  /** The framework is gone: its tasks are killed and kept as completed. */
  void removeAll(Framework fw) {
    for (TaskRecord task : List.copyOf(fw.tasks.values())) {
      if (!Statuses.isTerminal(task.state)) {
        task.state = TaskState.TASK_KILLED;
      }
      task.released = true;
      fw.complete(task);
    }
  }
}
