package io.kafkamesos.local.master;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentInfo;

/**
 * What Mesos' masters keep in their replicated log (the registry, src/master/registry.proto) and
 * a newly elected leader recovers: the agents admitted and those marked unreachable, with since
 * when. Nothing else survives a leader: frameworks, tasks, offers and completed frameworks live
 * in the leader's memory, and a new leader learns them again from agents re-registering and
 * frameworks re-subscribing. Shared by the masters of one mesos-local; used on the event loop.
 */
public final class Registry {

  private final Map<String, AgentInfo> admitted = new LinkedHashMap<>();
  private final Map<String, MasterState.UnreachableAgent> unreachable = new LinkedHashMap<>();

  void admit(AgentInfo agent) {
    String id = agent.getId().getValue();
    unreachable.remove(id);
    admitted.put(id, agent);
  }

  void markUnreachable(AgentInfo agent, Instant since) {
    String id = agent.getId().getValue();
    admitted.remove(id);
    unreachable.put(id, new MasterState.UnreachableAgent(agent, since));
  }

  /** The agent is forgotten (removed after being unreachable too long). */
  void remove(String agentId) {
    admitted.remove(agentId);
    unreachable.remove(agentId);
  }

  Map<String, AgentInfo> admitted() {
    return Map.copyOf(admitted);
  }

  Map<String, MasterState.UnreachableAgent> unreachable() {
    return new LinkedHashMap<>(unreachable);
  }
}
