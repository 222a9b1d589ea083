package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.MasterInfo;

/**
 * Everything the master knows, and the resource accounting over it: an agent's available
 * resources are its total minus what tasks and executors use minus what is offered. Owned by the
 * event loop.
 */
final class MasterState {

  static final int MAX_COMPLETED_FRAMEWORKS = 50;

  final Clock clock;
  final MasterInfo info;
  /** The replicated registry, written through as agents are admitted, lost and forgotten. */
  final Registry registry;
  final Map<String, Framework> frameworks = new LinkedHashMap<>();
  final Deque<Framework> completedFrameworks = new ArrayDeque<>();
  final Set<String> removedFrameworkIds = new HashSet<>();
  final Map<String, AgentRecord> agents = new LinkedHashMap<>();
  final Map<String, OfferRecord> offers = new HashMap<>();
  /** Agents marked unreachable, by id, until they re-register or are removed for good. */
  final Map<String, UnreachableAgent> unreachable = new LinkedHashMap<>();
  /**
   * Agents this master recovered from the registry when it was elected that have not
   * re-registered with it yet (Mesos' {@code slaves.recovered}): not offered, not in /state,
   * marked unreachable if they do not re-register in time.
   */
  final Map<String, org.apache.mesos.v1.Protos.AgentInfo> recovered = new LinkedHashMap<>();
  private long frameworkCounter;
  private long offerCounter;

  /** An agent the master lost: what it was, and since when it is unreachable. */
  record UnreachableAgent(org.apache.mesos.v1.Protos.AgentInfo info, java.time.Instant since) {
  }

  MasterState(Clock clock, MasterInfo info, Registry registry) {
    this.clock = clock;
    this.info = info;
    this.registry = registry;
  }

  String nextFrameworkId() {
    return String.format("%s-%04d", info.getId(), frameworkCounter++);
  }

  String nextOfferId() {
    return info.getId() + "-O" + offerCounter++;
  }

  /** What tasks (not yet terminal) and executors use on the agent, unallocated. */
  Resources used(AgentRecord agent) {
    Resources used = Resources.empty();
    for (Framework fw : frameworks.values()) {
      used = used.plus(usedBy(agent, fw));
    }
    return used.unallocated();
  }

  /** What one framework's tasks and executors use on the agent, allocated. */
  Resources usedBy(AgentRecord agent, Framework fw) {
    Resources used = Resources.empty();
    for (TaskRecord task : fw.tasks.values()) {
      if (!task.released && task.agentId.equals(agent.id)) {
        used = used.plus(task.resources);
      }
    }
    for (ExecutorInfo executor : agent.executors.getOrDefault(fw.id.getValue(), Map.of())
        .values()) {
      used = used.plus(Resources.of(executor.getResourcesList()));
    }
    return used;
  }

  Resources offered(AgentRecord agent) {
    Resources offered = Resources.empty();
    for (String id : agent.offers) {
      OfferRecord offer = offers.get(id);
      if (offer != null) {
        offered = offered.plus(offer.resources);
      }
    }
    return offered.unallocated();
  }

  Resources available(AgentRecord agent) {
    return agent.link.totalResources().minus(used(agent)).minus(offered(agent));
  }

  Map<String, OfferRecord> offersOf(Framework fw) {
    Map<String, OfferRecord> out = new LinkedHashMap<>();
    for (OfferRecord o : offers.values()) {
      if (o.frameworkId().equals(fw.id.getValue())) {
        out.put(o.id(), o);
      }
    }
    return out;
  }

  Map<String, TaskRecord> tasksOn(String agentId) {
    Map<String, TaskRecord> out = new HashMap<>();
    for (Framework fw : frameworks.values()) {
      for (TaskRecord t : fw.tasks.values()) {
        if (t.agentId.equals(agentId)) {
          out.put(t.info.getTaskId().getValue(), t);
        }
      }
    }
    return out;
  }
}
