package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides who is offered what, without I/O: each agent's available resources go to the
 * frameworks in turn (the first one in a rotating order), per role: unreserved resources and
 * those reserved for the role, unless a filter of the framework on that agent covers them.
 */
public final class Allocator {

  private Allocator() {
  }

  /** An agent and what is neither used nor offered on it (unallocated). */
  public record AgentSlot(String agentId, Resources available) {
  }

  /**
   * A framework that may receive offers.
   *
   * @param roles its roles that are not suppressed
   * @param filters its filters by agent id
   */
  public record Candidate(String frameworkId, List<String> roles,
      Map<String, OfferFilter> filters) {
  }

  /** Offer {@code resources} (unallocated) of the agent to the framework for the role. */
  public record Allocation(String frameworkId, String agentId, String role, Resources resources) {
  }

  public static List<Allocation> allocate(List<AgentSlot> agents, List<Candidate> frameworks,
      Instant now, int rotation) {
    List<Allocation> out = new ArrayList<>();
    int n = frameworks.size();
    if (n == 0) {
      return out;
    }
    for (AgentSlot agent : agents) {
      Resources available = agent.available();
      for (int i = 0; i < n && !available.isEmpty(); i++) {
        Candidate fw = frameworks.get(Math.floorMod(rotation + i, n));
        for (String role : fw.roles()) {
          Resources offerable = offerable(available, role);
          if (offerable.isEmpty()) {
            continue;
          }
          OfferFilter filter = fw.filters().get(agent.agentId());
          if (filter != null && filter.filters(offerable, now)) {
            continue;
          }
          out.add(new Allocation(fw.frameworkId(), agent.agentId(), role, offerable));
          available = available.minus(offerable);
        }
      }
    }
    return out;
  }

  static Resources offerable(Resources available, String role) {
    Resources unreserved = available.unreserved().filter(r -> !r.hasRevocable());
    return role.equals("*") ? unreserved : unreserved.plus(available.reservedFor(role));
  }
}
