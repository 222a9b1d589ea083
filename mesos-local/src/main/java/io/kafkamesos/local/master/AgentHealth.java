package io.kafkamesos.local.master;

import io.kafkamesos.local.proto.Statuses;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents that stop answering, as Mesos' master handles them: an agent that has not answered the
 * health check for the ping timeout is marked unreachable (its tasks become TASK_UNREACHABLE, or
 * TASK_LOST for frameworks that are not PARTITION_AWARE, with {@code REASON_AGENT_REMOVED}; its
 * offers are rescinded; every framework is told the agent is lost); one that stays unreachable
 * longer than the removal timeout is forgotten (Mesos' {@code registry_max_agent_age}); one that
 * re-registers is admitted again with what it reports. Runs on the event loop.
 */
final class AgentHealth {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHealth.class);
  static final String UNREACHABLE_MESSAGE = "health check timed out";

  private final MasterState state;
  private final Offers offers;
  private final Duration pingTimeout;
  private final Duration removalTimeout;

  AgentHealth(MasterState state, Offers offers, Duration pingTimeout, Duration removalTimeout) {
    this.state = Objects.requireNonNull(state);
    this.offers = Objects.requireNonNull(offers);
    this.pingTimeout = Objects.requireNonNull(pingTimeout);
    this.removalTimeout = Objects.requireNonNull(removalTimeout);
  }

  /** How often {@link #check} should run: a fifth of the ping timeout, at most every second. */
  Duration interval() {
    return Duration.ofMillis(Math.max(50, Math.min(1000, pingTimeout.toMillis() / 5)));
  }

  /** One round of pings, unreachable transitions and removals of long-gone agents. */
  void check() {
    Instant now = state.clock.instant();
    for (AgentRecord agent : List.copyOf(state.agents.values())) {
      if (agent.link.reachable() || agent.lastPong == null) {
        agent.lastPong = now;
      } else if (!now.isBefore(agent.lastPong.plus(pingTimeout))) {
        markUnreachable(agent, UNREACHABLE_MESSAGE);
      }
    }
    for (MasterState.UnreachableAgent gone : List.copyOf(state.unreachable.values())) {
      if (!now.isBefore(gone.since().plus(removalTimeout))) {
        forget(gone.info().getId().getValue());
      }
    }
  }

  void markUnreachable(AgentRecord agent, String message) {
    Instant now = state.clock.instant();
    LOG.info("Marking agent {} ({}) unreachable: {}", agent.id, agent.link.info().getHostname(),
        message);
    for (String offerId : List.copyOf(agent.offers)) {
      OfferRecord offer = state.offers.get(offerId);
      if (offer != null) {
        offers.rescind(offer);
      }
    }
    state.agents.remove(agent.id);
    state.unreachable.put(agent.id, new MasterState.UnreachableAgent(agent.link.info(), now));
    state.registry.markUnreachable(agent.link.info(), now);
    TimeInfo time = TimeInfo.newBuilder()
        .setNanoseconds(now.getEpochSecond() * 1_000_000_000L + now.getNano()).build();
    AgentID agentId = agent.link.info().getId();
    for (Framework fw : state.frameworks.values()) {
      for (TaskRecord task : List.copyOf(fw.tasks.values())) {
        if (!task.agentId.equals(agent.id)) {
          continue;
        }
        if (Statuses.isTerminal(task.state)) {
          fw.complete(task);
          continue;
        }
        TaskStatus status = Statuses.create(state.clock, task.info.getTaskId(),
            fw.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST,
            TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_AGENT_REMOVED, message,
            Optional.of(agentId), task.executorId, false).toBuilder()
            .setUnreachableTime(time).build();
        task.statuses.add(status);
        task.state = status.getState();
        task.released = true;
        fw.tasks.remove(task.info.getTaskId().getValue());
        fw.unreachableTasks.put(task.info.getTaskId().getValue(), task);
        fw.send(Events.update(status));
      }
    }
    agent.executors.clear();
    notifyLost(agent.link.info());
    offers.requestAllocation();
  }

  /**
   * A master elected after a failover gives up on an agent of the registry that did not
   * re-register within the timeout (master.cpp {@code recoveredSlavesTimeout}): it becomes
   * unreachable. The master knows none of its tasks, so none gets an update; frameworks are told
   * the agent is lost.
   */
  void markRecoveredUnreachable(AgentInfo agent, String message) {
    Instant now = state.clock.instant();
    String id = agent.getId().getValue();
    LOG.info("Marking agent {} ({}) unreachable: {}", id, agent.getHostname(), message);
    state.recovered.remove(id);
    state.unreachable.put(id, new MasterState.UnreachableAgent(agent, now));
    state.registry.markUnreachable(agent, now);
    notifyLost(agent);
  }

  /** Mesos' LostSlaveMessage: a FAILURE event with only the agent id, to every framework. */
  private void notifyLost(AgentInfo agent) {
    for (Framework fw : state.frameworks.values()) {
      if (fw.connected()) {
        LOG.info("Notifying framework {} of lost agent {} ({})", fw.id.getValue(),
            agent.getId().getValue(), agent.getHostname());
        fw.send(Events.agentFailure(agent.getId()));
      }
    }
  }

  /**
   * Before an agent that the master lost (or still has) re-registers: clears what the master
   * kept of it and says how the tasks it reports are announced. For an agent that is still
   * registered (it came back before the ping timeout), the tasks it no longer knows become
   * TASK_DROPPED (TASK_LOST if not partition-aware), as the agent answers Mesos' reconciliation.
   *
   * @return the message of the master's updates for the tasks the agent reports, or empty when
   *     the agent was registered (Mesos sends none then)
   */
  Optional<String> beforeReregister(AgentLink link) {
    String id = link.info().getId().getValue();
    AgentRecord old = state.agents.get(id);
    if (old != null) {
      Set<String> reported = new HashSet<>();
      link.recovered().forEach(e -> e.tasks().forEach(t ->
          reported.add(t.task().getTaskId().getValue())));
      for (String offerId : List.copyOf(old.offers)) {
        OfferRecord offer = state.offers.get(offerId);
        if (offer != null) {
          offers.rescind(offer);
        }
      }
      for (Framework fw : state.frameworks.values()) {
        for (TaskRecord task : List.copyOf(fw.tasks.values())) {
          if (task.agentId.equals(id) && !reported.contains(task.info.getTaskId().getValue())
              && !Statuses.isTerminal(task.state)) {
            TaskStatus status = Statuses.create(state.clock, task.info.getTaskId(),
                fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                TaskStatus.Source.SOURCE_AGENT, TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: task unknown to the agent", Optional.of(link.info().getId()),
                Optional.empty(), false);
            task.statuses.add(status);
            task.state = status.getState();
            task.released = true;
            fw.complete(task);
            fw.send(Events.update(status));
          }
        }
      }
      state.agents.remove(id);
      LOG.info("Agent {} ({}) re-registered before it was marked unreachable", id,
          link.info().getHostname());
      return Optional.empty();
    }
    boolean wasUnreachable = state.unreachable.remove(id) != null;
    dropUnreachableTasks(id);
    LOG.info("{} agent {} ({}) re-registered", wasUnreachable ? "Unreachable" : "Unknown", id,
        link.info().getHostname());
    return Optional.of(wasUnreachable ? "Unreachable agent re-reregistered"
        : "Unknown agent reregistered");
  }

  /** Removes an agent unreachable for longer than the removal timeout; its tasks are dropped. */
  private void forget(String agentId) {
    LOG.info("Removing agent {} unreachable for more than {}", agentId, removalTimeout);
    state.unreachable.remove(agentId);
    state.registry.remove(agentId);
    dropUnreachableTasks(agentId);
  }

  /** As Mesos: no update is sent; reconciliation of these tasks answers from then on. */
  private void dropUnreachableTasks(String agentId) {
    for (Framework fw : state.frameworks.values()) {
      fw.unreachableTasks.values().removeIf(t -> t.agentId.equals(agentId));
    }
  }
}
