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

  /**
   * Whether a node's ports are chosen one by one instead of as one run: on a cluster whose TLS was
   * switched on while it ran ({@link SwitchOn}), a broker's first port is always its recorded one
   * (its PLAINTEXT listener's) and its TLS ports never one that a PLAINTEXT listener has.
   */
  default boolean keepsRecordedPort() {
    return false;
  }

  /**
   * As {@link #spec(NodeTaskId, String, int)} for a node whose listeners take {@code ports}, one
   * each in the order of its layout (not necessarily consecutive; the first is its recorded port).
   */
  default Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, java.util.List<Integer> ports) {
    return spec(taskId, hostname, ports.get(0));
  }

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
