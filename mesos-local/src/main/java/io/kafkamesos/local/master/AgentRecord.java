package io.kafkamesos.local.master;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/** The master's view of an agent: its link, its executors per framework, its open offers. */
final class AgentRecord {

  final AgentLink link;
  final String id;
  /** Framework id → executor id → executor (resources allocated). */
  final Map<String, Map<String, ExecutorInfo>> executors = new HashMap<>();
  final Set<String> offers = new LinkedHashSet<>();
  /** When the agent last answered the master's health check (Mesos' pong). */
  java.time.Instant lastPong;

  AgentRecord(AgentLink link) {
    this.link = link;
    this.id = link.info().getId().getValue();
  }
}
