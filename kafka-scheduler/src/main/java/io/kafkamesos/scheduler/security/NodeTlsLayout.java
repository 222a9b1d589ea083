package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.commons.security.NodeTlsSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link NodeTls} of a cluster with TLS: the listeners {@link ListenerConfig} lays out for the
 * target, one port each in a fixed order from the node's first port ({@code CLIENT}, then
 * {@code INTERNAL}, {@code PLAINTEXT}, {@code CONTROLLER}, as far as the node has them), so that
 * the port the scheduler records for a broker stays its client listener's.
 */
public final class NodeTlsLayout implements NodeTls {

  /** The order listeners take their ports in. */
  static final List<Listener> PORT_ORDER = List.of(Listener.CLIENT, Listener.INTERNAL,
      Listener.PLAINTEXT, Listener.CONTROLLER);

  private final String frameworkName;
  private final ListenerTarget target;
  private final KafkaMode mode;
  private final TaskSecretBook secrets;

  public NodeTlsLayout(String frameworkName, ListenerTarget target, KafkaMode mode,
      TaskSecretBook secrets) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.target = Objects.requireNonNull(target);
    this.mode = Objects.requireNonNull(mode);
    this.secrets = Objects.requireNonNull(secrets);
    if (!target.secure()) {
      throw new IllegalArgumentException("a TLS layout needs the secure listeners");
    }
  }

  /** The layout of {@code security}'s options (TLS on). */
  public static NodeTlsLayout of(String frameworkName, SecurityTarget security, boolean kraft,
      TaskSecretBook secrets) {
    return new NodeTlsLayout(frameworkName, listenerTarget(security),
        kraft ? KafkaMode.KRAFT : KafkaMode.ZOOKEEPER, secrets);
  }

  /** The listeners a target's security options end at. */
  public static ListenerTarget listenerTarget(SecurityTarget security) {
    Authentication authentication = Authentication.parse(security.authentication())
        .orElseThrow(() -> new IllegalArgumentException("unknown authentication "
            + security.authentication()));
    return new ListenerTarget(!security.tls() || security.allowPlaintext(), security.tls(),
        authentication, security.tls(), security.authorization(), security.superUsers());
  }

  @Override
  public int ports(io.kafkamesos.commons.node.NodeKind kind) {
    return ordered(kind(kind)).size();
  }

  /** Each listener's port for a node whose first port is {@code firstPort}. */
  public Map<Listener, Integer> ports(io.kafkamesos.commons.node.NodeKind kind, int firstPort) {
    Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
    List<Listener> listeners = ordered(kind(kind));
    for (int i = 0; i < listeners.size(); i++) {
      ports.put(listeners.get(i), firstPort + i);
    }
    return ports;
  }

  @Override
  public Optional<NodeTlsSpec> spec(NodeTaskId taskId, String hostname, int firstPort) {
    Map<String, String> properties = ListenerConfig.properties(target, kind(taskId.kind()), mode,
        hostname, ports(taskId.kind(), firstPort), frameworkName);
    return Optional.of(new NodeTlsSpec(secrets.issue(taskId.toString()), properties));
  }

  public ListenerTarget target() {
    return target;
  }

  private List<Listener> ordered(NodeKind kind) {
    List<Listener> out = new ArrayList<>();
    var listeners = ListenerConfig.listeners(target, kind, mode);
    PORT_ORDER.stream().filter(listeners::contains).forEach(out::add);
    return out;
  }

  private static NodeKind kind(io.kafkamesos.commons.node.NodeKind kind) {
    return NodeKind.valueOf(kind.name());
  }
}
