package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.commons.security.NodeTlsSpec;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@link NodeTls} of a ZooKeeper-mode cluster whose TLS was (or is being) switched on while it
 * ran ({@link SwitchOn}): every broker takes {@value SwitchOn#PORTS} ports in
 * {@link SwitchOn#PORT_ORDER}, chosen one by one ({@link #keepsRecordedPort}: PLAINTEXT on its
 * recorded port, CLIENT and INTERNAL never on a port a PLAINTEXT listener has), and is launched with the listeners of the target it is at, which
 * the plan decides broker by broker ({@link SwitchOn#brokerTarget}). A broker still at PLAINTEXT
 * only gets no TLS data (it starts as every plaintext broker does, on its first port, asking for
 * no certificate); any other gets a task secret and the stage's listener properties, and asks for
 * its certificate as at install.
 *
 * <p>The leader runs it for a switched target ({@link SecurityTarget#switched}), backed by
 * {@link SwitchedListeners}.
 */
public final class SwitchedNodeTls implements NodeTls {

  private final String frameworkName;
  private final IntFunction<ListenerTarget> targetOf;
  private final TaskSecretBook secrets;

  /**
   * @param targetOf what a broker (by id) is to be launched with now, as the plan says
   */
  public SwitchedNodeTls(String frameworkName, IntFunction<ListenerTarget> targetOf,
      TaskSecretBook secrets) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.targetOf = Objects.requireNonNull(targetOf);
    this.secrets = Objects.requireNonNull(secrets);
  }

  @Override
  public int ports(io.kafkamesos.commons.node.NodeKind kind) {
    checkBroker(kind);
    return SwitchOn.PORTS;
  }

  @Override
  public boolean keepsRecordedPort() {
    return true;
  }

  /** The spec of a broker whose ports are consecutive from {@code firstPort}. */
  @Override
  public Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, int firstPort) {
    return spec(taskId, hostname, java.util.stream.IntStream.range(0, SwitchOn.PORTS)
        .mapToObj(i -> firstPort + i).toList());
  }

  @Override
  public Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, java.util.List<Integer> ports) {
    checkBroker(taskId.kind());
    if (ports.size() != SwitchOn.PORTS) {
      throw new IllegalArgumentException("broker " + taskId.nodeId() + " of a switched cluster takes "
          + SwitchOn.PORTS + " ports, not " + ports);
    }
    ListenerTarget target = Objects.requireNonNull(targetOf.apply(taskId.nodeId()),
        "no listener target for broker " + taskId.nodeId());
    if (!target.secure()) {
      return Optional.empty();
    }
    return Optional.of(new NodeTlsSpec(secrets.issue(taskId.toString()), ListenerConfig.properties(
        target, NodeKind.BROKER, KafkaMode.ZOOKEEPER, hostname, SwitchOn.ports(target, ports),
        frameworkName)));
  }

  private static void checkBroker(io.kafkamesos.commons.node.NodeKind kind) {
    if (kind != io.kafkamesos.commons.node.NodeKind.BROKER) {
      throw new IllegalArgumentException("TLS is switched on for ZooKeeper-mode brokers only, not "
          + kind.name().toLowerCase() + " nodes");
    }
  }
}
