package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.MesosDuration;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.proto.Statuses;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How agents join a master: registration, re-registration after their machine restarted, and
 * recovery when this master is elected (master.cpp {@code _recover}, {@code reregisterSlave},
 * {@code recoveredSlavesTimeout}). What the registry lists and does not re-register in time
 * becomes unreachable. Each re-registering agent brings the frameworks, executors and tasks it
 * runs, which is how a new leader learns them. Runs on the event loop.
 */
final class AgentAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(AgentAdmission.class);

  private final MasterState state;
  private final EventLoop loop;
  private final Offers offers;
  private final Tasks tasks;
  private final AgentHealth health;
  private final Duration reregisterTimeout;
  private final Consumer<Framework> startFailoverTimer;

  AgentAdmission(MasterState state, EventLoop loop, Offers offers, Tasks tasks, AgentHealth health,
      Duration reregisterTimeout, Consumer<Framework> startFailoverTimer) {
    this.state = Objects.requireNonNull(state);
    this.loop = Objects.requireNonNull(loop);
    this.offers = Objects.requireNonNull(offers);
    this.tasks = Objects.requireNonNull(tasks);
    this.health = Objects.requireNonNull(health);
    this.reregisterTimeout = Objects.requireNonNull(reregisterTimeout);
    this.startFailoverTimer = Objects.requireNonNull(startFailoverTimer);
  }

  /**
   * This master was elected: it recovers the registry (agents admitted, agents unreachable), then
   * every agent that answers re-registers with what it runs and sends again its unacknowledged
   * status updates. The agents of the registry that do not answer (their machine is down) are
   * marked unreachable after the re-register timeout, unless they come back first.
   */
  void recover(List<? extends AgentLink> cluster) {
    state.unreachable.putAll(state.registry.unreachable());
    state.recovered.putAll(state.registry.admitted());
    for (AgentLink link : cluster) {
      if (!link.reachable()) {
        continue;
      }
      String id = link.info().getId().getValue();
      if (state.recovered.containsKey(id) || state.unreachable.containsKey(id)) {
        reregister(link);
      } else {
        register(link);
      }
      link.resumeStatusUpdates();
    }
    if (!state.recovered.isEmpty()) {
      LOG.info("{} agents of the registry have {} to reregister", state.recovered.size(),
          MesosDuration.format(reregisterTimeout));
      loop.schedule(reregisterTimeout, this::recoveredTimeout);
    }
  }

  private void recoveredTimeout() {
    String message = "did not reregister within " + MesosDuration.format(reregisterTimeout)
        + " after master failover";
    for (AgentInfo agent : List.copyOf(state.recovered.values())) {
      health.markRecoveredUnreachable(agent, message);
    }
  }

  /** Admits an agent with the frameworks, executors and tasks it reports. */
  void register(AgentLink link) {
    AgentRecord agent = new AgentRecord(link);
    agent.lastPong = state.clock.instant();
    state.agents.put(agent.id, agent);
    state.registry.admit(link.info());
    for (AgentLink.RecoveredExecutor recovered : link.recovered()) {
      FrameworkInfo info = recovered.framework();
      if (state.removedFrameworkIds.contains(info.getId().getValue())) {
        link.shutdownFramework(info.getId()); // torn down while the agent was away
        continue;
      }
      Framework fw = state.frameworks.computeIfAbsent(info.getId().getValue(), id -> {
        Framework f = new Framework(info.getId(), info, state.clock.instant());
        f.recovered = true;
        return f;
      });
      ExecutorInfo executor = recovered.executor();
      if (executor.hasExecutorId()) {
        agent.executors.computeIfAbsent(fw.id.getValue(), k -> new HashMap<>())
            .put(executor.getExecutorId().getValue(), executor);
      }
      for (AgentLink.RecoveredTask t : recovered.tasks()) {
        tasks.recover(fw, agent, t);
      }
      if (!fw.connected()) {
        startFailoverTimer.accept(fw);
      }
    }
    offers.requestAllocation();
  }

  /**
   * An agent comes back (its machine restarted, or this master recovered it from the registry):
   * the master drops what it kept of it, admits it with what it reports, and, if it had lost it,
   * tells each framework the reported tasks' state ({@code REASON_AGENT_REREGISTERED}), as Mesos'
   * master does. An agent recovered from the registry simply re-registers.
   */
  void reregister(AgentLink link) {
    String id = link.info().getId().getValue();
    if (state.recovered.remove(id) != null) {
      LOG.info("Agent {} ({}) of the registry re-registered", id, link.info().getHostname());
      register(link);
      return;
    }
    Optional<String> announce = health.beforeReregister(link);
    register(link);
    announce.ifPresent(message -> {
      for (TaskRecord task : List.copyOf(state.tasksOn(id).values())) {
        Framework fw = state.frameworks.get(task.frameworkId);
        if (fw == null) {
          continue;
        }
        TaskStatus.Builder status = Statuses.create(state.clock, task.info.getTaskId(),
            task.state, TaskStatus.Source.SOURCE_MASTER,
            TaskStatus.Reason.REASON_AGENT_REREGISTERED, message,
            Optional.of(link.info().getId()), task.executorId, false).toBuilder();
        if (!task.statuses.isEmpty()
            && task.statuses.get(task.statuses.size() - 1).hasContainerStatus()) {
          status.setContainerStatus(task.statuses.get(task.statuses.size() - 1)
              .getContainerStatus());
        }
        fw.send(Events.update(status.build()));
      }
    });
  }
}
