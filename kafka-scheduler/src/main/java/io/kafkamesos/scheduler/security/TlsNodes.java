package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.kafka.KafkaRegistrations;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each node serves its certificate, for {@link CertificateWatch}: a registered broker on the
 * first listener its registration gives a TLS protocol ({@code SSL}, {@code SASL_SSL}), a running
 * KRaft controller on its {@code CONTROLLER} listener at the port reserved with its volume. Pure.
 */
public final class TlsNodes {

  private TlsNodes() {
  }

  /**
   * @param registrations each registered broker's registration JSON, by id
   * @param records the scheduler's records (the controllers among them)
   * @param layout the listeners' ports of a cluster installed with TLS, or null (a cluster whose
   *     TLS was switched on while it ran: ZooKeeper mode, no controllers)
   */
  public static List<CertificateWatch.Node> of(Map<Integer, String> registrations,
      Collection<BrokerRecord> records, NodeTlsLayout layout) {
    List<CertificateWatch.Node> nodes = new ArrayList<>();
    registrations.forEach((id, json) -> KafkaRegistrations.endpoints(json).stream()
        .filter(e -> e.protocol().endsWith("SSL"))
        .findFirst()
        .flatMap(e -> split(e.address()))
        .ifPresent(hostPort -> nodes.add(new CertificateWatch.Node(id, NodeKind.BROKER.describe(id),
            hostPort.host(), hostPort.port()))));
    if (layout != null) {
      for (BrokerRecord r : records) {
        if (r.kind() == NodeKind.CONTROLLER && r.state() == BrokerState.RUNNING && r.reservation() != null) {
          Integer port = layout.ports(NodeKind.CONTROLLER, r.reservation().port()).get(Listener.CONTROLLER);
          if (port != null) {
            nodes.add(new CertificateWatch.Node(r.brokerId(), r.describe(), r.reservation().hostname(), port));
          }
        }
      }
    }
    return nodes;
  }

  private record HostPort(String host, int port) {
  }

  private static Optional<HostPort> split(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new HostPort(address.substring(0, colon),
          Integer.parseInt(address.substring(colon + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
