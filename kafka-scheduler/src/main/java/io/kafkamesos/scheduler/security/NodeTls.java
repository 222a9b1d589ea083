package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.commons.security.NodeTlsSpec;
import java.util.Optional;

/**
 * What a node's launch needs from the cluster's security: how many ports it takes (one per
 * listener, consecutive from the port the scheduler records for it) and the TLS side of its task
 * data. The offer evaluator and the task factory ask it; {@link #NONE} is a cluster without TLS.
 */
public interface NodeTls {

  /** How many consecutive ports a node of {@code kind} takes. */
  int ports(NodeKind kind);

  /**
   * The TLS side of a node's task: its one-time secret (remembered for its certificate request)
   * and its listener properties.
   *
   * @param firstPort the first of its {@link #ports}: its client listener
   * @return empty for a cluster without TLS
   */
  Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, int firstPort);

  /** No TLS: one PLAINTEXT port, no TLS data. */
  NodeTls NONE = new NodeTls() {
    @Override
    public int ports(NodeKind kind) {
      return 1;
    }

    @Override
    public Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, int firstPort) {
      return Optional.empty();
    }
  };
}
