package io.kafkamesos.local.master;

import java.time.Duration;
import java.util.Objects;

/**
 * A master's timing, Mesos' flags of the same meaning.
 *
 * @param heartbeatInterval between HEARTBEAT events on a scheduler's stream
 * @param offerTimeout an unused offer is rescinded after this long (Mesos' {@code offer_timeout})
 * @param agentPingTimeout an agent that does not answer for this long is marked unreachable
 * @param agentRemovalTimeout an unreachable agent is forgotten after this long
 *     ({@code registry_max_agent_age})
 * @param agentReregisterTimeout after an election, how long an agent of the registry has to
 *     re-register before it is marked unreachable ({@code agent_reregister_timeout})
 */
public record MasterSettings(Duration heartbeatInterval, Duration offerTimeout,
    Duration agentPingTimeout, Duration agentRemovalTimeout, Duration agentReregisterTimeout) {

  public MasterSettings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(offerTimeout, "offerTimeout");
    Objects.requireNonNull(agentPingTimeout, "agentPingTimeout");
    Objects.requireNonNull(agentRemovalTimeout, "agentRemovalTimeout");
    Objects.requireNonNull(agentReregisterTimeout, "agentReregisterTimeout");
  }
}
