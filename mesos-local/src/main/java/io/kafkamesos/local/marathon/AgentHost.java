package io.kafkamesos.local.marathon;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent an app's task runs on: its id and hostname (one of mesos-local's loopback aliases),
 * which the task gets as {@code HOST} and Marathon's health checks connect to.
 */
public record AgentHost(String agentId, String hostname) {

  /** Where apps run when Marathon knows no agents (tests of Marathon alone). */
  public static final AgentHost LOOPBACK = new AgentHost("", "127.0.0.1");

  public AgentHost {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(hostname, "hostname");
  }

  /**
   * Chooses the agent of an app: the one it ran on before, while that agent exists (so that its
   * {@code HOST}, ports and the framework's webui_url stay the same); else, of the agents whose
   * address is not Marathon's own, the one with the fewest apps (the first of those on a tie), so
   * that Marathon's health checks come from another address than the task's; Marathon's own
   * address only when it is the only agent. Pure.
   *
   * @param appsPerHost how many apps each hostname runs now
   */
  static AgentHost choose(Optional<String> previous, List<AgentHost> agents,
      Map<String, Long> appsPerHost, String marathonAddress) {
    if (agents.isEmpty()) {
      return LOOPBACK;
    }
    Optional<AgentHost> before = previous.flatMap(h -> agents.stream()
        .filter(a -> a.hostname().equals(h)).findFirst());
    if (before.isPresent()) {
      return before.get();
    }
    List<AgentHost> others = agents.stream()
        .filter(a -> !a.hostname().equals(marathonAddress)).toList();
    List<AgentHost> candidates = others.isEmpty() ? agents : others;
    AgentHost best = candidates.get(0);
    for (AgentHost a : candidates) {
      if (appsPerHost.getOrDefault(a.hostname(), 0L)
          < appsPerHost.getOrDefault(best.hostname(), 0L)) {
        best = a;
      }
    }
    return best;
  }
}
