package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.security.Listener;
import io.kafkamesos.scheduler.security.ListenerConfig;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A KRaft broker's listeners as the scheduler laid them out, from the port it records for the
 * broker (its first: the client listener's): where the scheduler's own clients reach it
 * ({@link #admin}: {@code INTERNAL} with its client certificate on a cluster with TLS, else
 * {@code PLAINTEXT}) and what its registration lists. Kafka's admin client tells only the address
 * of the listener it connected through ({@code describeCluster}), so the other listeners of a
 * registration are laid out from it, as {@link NodeTlsLayout} gave them their ports. Pure.
 *
 * @param offsets each broker listener's port, from the broker's first port
 * @param protocols each listener's security protocol ({@code CONTROLLER} included: brokers reach
 *     the controllers on it)
 * @param admin the listener the scheduler's clients use
 */
public record BrokerListeners(Map<Listener, Integer> offsets, Map<Listener, String> protocols,
    Listener admin) {

  /** A cluster without TLS: one PLAINTEXT listener, the controllers' in PLAINTEXT. */
  public static final BrokerListeners PLAINTEXT = new BrokerListeners(Map.of(Listener.PLAINTEXT, 0),
      Map.of(Listener.PLAINTEXT, "PLAINTEXT", Listener.CONTROLLER, "PLAINTEXT"), Listener.PLAINTEXT);

  public BrokerListeners {
    offsets = Map.copyOf(offsets);
    protocols = Map.copyOf(protocols);
    Objects.requireNonNull(admin);
    if (!offsets.containsKey(admin)) {
      throw new IllegalArgumentException("the admin listener " + admin + " has no port");
    }
    for (Listener l : offsets.keySet()) {
      if (!protocols.containsKey(l)) {
        throw new IllegalArgumentException("listener " + l + " has no protocol");
      }
    }
  }

  /** The brokers' listeners of a cluster with TLS, as {@code layout} gives them ports. */
  public static BrokerListeners of(NodeTlsLayout layout) {
    Map<Listener, Integer> offsets = layout.ports(NodeKind.BROKER, 0);
    Map<Listener, String> protocols = new EnumMap<>(Listener.class);
    offsets.keySet().forEach(l -> protocols.put(l, ListenerConfig.protocol(l, layout.target())));
    protocols.put(Listener.CONTROLLER, ListenerConfig.protocol(Listener.CONTROLLER, layout.target()));
    return new BrokerListeners(offsets, protocols,
        offsets.containsKey(Listener.INTERNAL) ? Listener.INTERNAL : Listener.PLAINTEXT);
  }

  /** The port of the scheduler's clients on a broker whose first port is {@code firstPort}. */
  public int adminPort(int firstPort) {
    return firstPort + offsets.get(admin);
  }

  /** {@code host:port} of the scheduler's clients on a broker whose first port is {@code firstPort}. */
  public String adminAddress(String host, int firstPort) {
    return host + ":" + adminPort(firstPort);
  }

  /** The broker's first port (the one the scheduler records), from its admin listener's. */
  public int firstPort(int adminPort) {
    return adminPort - offsets.get(admin);
  }

  /** {@code NAME://host:port} of each listener, in port order, from the admin listener's port. */
  public List<String> endpoints(String host, int adminPort) {
    int first = firstPort(adminPort);
    List<String> out = new ArrayList<>();
    offsets.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
        .forEach(e -> out.add(e.getKey().name() + "://" + host + ":" + (first + e.getValue())));
    return out;
  }

  /** Kafka's {@code listener_security_protocol_map} of a registration, in port order, then CONTROLLER. */
  public Map<String, String> protocolMap() {
    Map<String, String> out = new LinkedHashMap<>();
    offsets.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
        .forEach(e -> out.put(e.getKey().name(), protocols.get(e.getKey())));
    if (protocols.containsKey(Listener.CONTROLLER)) {
      out.put(Listener.CONTROLLER.name(), protocols.get(Listener.CONTROLLER));
    }
    return out;
  }
}
