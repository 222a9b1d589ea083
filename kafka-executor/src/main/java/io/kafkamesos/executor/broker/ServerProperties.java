package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * The node's {@code server.properties}, as a pure function of the task spec and the resolved data
 * directory: identity, listener, storage and ZooKeeper (or the KRaft quorum) first, the scheduler's
 * overrides last so that they win.
 *
 * <p>A KRaft node gets the listeners the scheduler's {@code security.ListenerConfig} lays out for
 * a cluster without TLS: {@code PLAINTEXT} for clients and other brokers, {@code CONTROLLER} for
 * the quorum, named in {@code controller.listener.names} and mapped in
 * {@code listener.security.protocol.map} on every node (brokers need its protocol to reach the
 * controllers). A controller advertises its controller listener: a dynamic quorum records voters
 * by what they advertise.
 */
public final class ServerProperties {

  /** The client and inter-broker listener. */
  public static final String BROKER_LISTENER = "PLAINTEXT";
  /** The quorum's listener. */
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  private ServerProperties() {
  }

  /** The properties in the order they are written. */
  public static LinkedHashMap<String, String> of(BrokerTaskSpec spec, Path logDir) {
    if (spec.isKraft()) {
      return kraft(spec, logDir);
    }
    String listener = "PLAINTEXT://" + spec.advertisedHost() + ":" + spec.port();
    LinkedHashMap<String, String> p = new LinkedHashMap<>();
    p.put("broker.id", Integer.toString(spec.brokerId()));
    p.put("listeners", listener);
    p.put("advertised.listeners", listener);
    p.put("log.dirs", logDir.toString());
    p.put("zookeeper.connect", spec.zookeeperConnect());
    // Kafka's own defaults suit us otherwise; anything cluster-specific comes as an override.
    spec.overrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> p.put(e.getKey(), e.getValue()));
    return p;
  }

  /** A KRaft node's properties: its roles, its listeners, the quorum, its storage. */
  private static LinkedHashMap<String, String> kraft(BrokerTaskSpec spec, Path logDir) {
    KraftSpec kraft = spec.kraft();
    NodeKind kind = spec.kind();
    String host = spec.advertisedHost();
    String broker = BROKER_LISTENER + "://" + host + ":" + spec.port();
    int controllerPort = kind == NodeKind.CONTROLLER ? spec.port() : kraft.controllerPort();
    String controller = CONTROLLER_LISTENER + "://" + host + ":" + controllerPort;
    LinkedHashMap<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", kind.processRoles());
    p.put("node.id", Integer.toString(spec.brokerId()));
    if (kind == NodeKind.BROKER) {
      p.put("listeners", broker);
      p.put("advertised.listeners", broker);
    } else if (kind == NodeKind.CONTROLLER) {
      p.put("listeners", controller);
      p.put("advertised.listeners", controller);
    } else {
      p.put("listeners", broker + "," + controller);
      p.put("advertised.listeners", broker + "," + controller);
    }
    p.put("listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    if (kind.broker()) {
      p.put("inter.broker.listener.name", BROKER_LISTENER);
    }
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    if (kraft.quorum() == QuorumMode.STATIC) {
      p.put("controller.quorum.voters", kraft.votersProperty());
    } else {
      p.put("controller.quorum.bootstrap.servers", kraft.bootstrapServers());
    }
    // one directory for the partitions and the metadata log: the volume the node keeps
    p.put("log.dirs", logDir.toString());
    spec.overrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> p.put(e.getKey(), e.getValue()));
    return p;
  }

  /** The file's text: {@code key=value} lines, escaped as {@link java.util.Properties} reads them. */
  public static String render(BrokerTaskSpec spec, Path logDir) {
    return render(spec, logDir, "");
  }

  /**
   * The file's text for a broker of {@code kafkaVersion}. Kafka 2.4 and 3.9 read the same
   * properties in ZooKeeper mode: what 3.0 removed ({@code port}, {@code host.name},
   * {@code advertised.port}, {@code advertised.host.name}) the scheduler neither writes nor lets
   * an override set, and what 3.x deprecated ({@code log.message.format.version}) is written only
   * when the operator pins it (Kafka ignores it once the protocol is 3.0 or newer).
   */
  public static String render(BrokerTaskSpec spec, Path logDir, String kafkaVersion) {
    StringBuilder out = new StringBuilder();
    String mode = spec.isKraft() ? "KRaft mode, " + spec.kraft().quorum().name().toLowerCase(
        java.util.Locale.ROOT) + " quorum" : "ZooKeeper mode";
    out.append("# Written by kafka-executor for ").append(spec.describe())
        .append(" of ").append(spec.frameworkName())
        .append(kafkaVersion.isEmpty() ? spec.isKraft() ? " (" + mode + ")" : ""
            : " (Kafka " + kafkaVersion + ", " + mode + ")")
        .append('\n');
    of(spec, logDir).forEach((k, v) ->
        out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
    return out.toString();
  }

  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        case '=', ':', '#', '!' -> {
          if (key) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
