package io.kafkamesos.commons.broker;

import io.kafkamesos.commons.message.PropertiesData;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the scheduler tells the executor about the node to run (a broker, a KRaft controller, or
 * both); carried in {@code TaskInfo.data} as Java properties text (readable in {@code /state} dumps
 * and in the sandbox).
 *
 * @param brokerId the node's id: Kafka's {@code broker.id} in ZooKeeper mode, {@code node.id} in
 *     KRaft (controllers have ids of their own, see {@link io.kafkamesos.commons.node.NodeIds})
 * @param frameworkName the cluster's name, for logs
 * @param zookeeperConnect Kafka's {@code zookeeper.connect}, chroot included ({@code host:2181/kafka0});
 *     empty for a KRaft node
 * @param advertisedHost the agent's hostname, advertised to clients
 * @param port the offered port the node listens on: a broker's listener, a controller's
 *     controller listener
 * @param heapMb the broker JVM's heap ({@code -Xmx}/{@code -Xms})
 * @param dataDir Kafka's {@code log.dirs}: a path relative to the sandbox (a persistent volume's
 *     container path, or a plain directory when the cluster runs without volumes)
 * @param kafkaHome where the fetched Kafka distribution is unpacked, relative to the sandbox; empty:
 *     the single top folder the fetcher unpacked (any archive laid out like Apache's own)
 * @param overrides further broker properties ({@code num.partitions=6}), applied last
 * @param kafkaVersion the Kafka version the cluster runs ({@code 3.9.1}); the executor refuses an
 *     archive that holds another. Empty when the scheduler names none.
 * @param kind what the node runs
 * @param kraft the KRaft side (cluster id, quorum, storage format), or null in ZooKeeper mode
 */
public record BrokerTaskSpec(
    int brokerId,
    String frameworkName,
    String zookeeperConnect,
    String advertisedHost,
    int port,
    int heapMb,
    String dataDir,
    String kafkaHome,
    Map<String, String> overrides,
    String kafkaVersion,
    NodeKind kind,
    KraftSpec kraft) {

  private static final String OVERRIDE = "override.";

  public BrokerTaskSpec {
    Objects.requireNonNull(frameworkName);
    Objects.requireNonNull(zookeeperConnect);
    Objects.requireNonNull(advertisedHost);
    Objects.requireNonNull(dataDir);
    Objects.requireNonNull(kafkaHome);
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(kafkaVersion);
    kind = kind == null ? NodeKind.BROKER : kind;
    if (kind != NodeKind.BROKER && kraft == null) {
      throw new IllegalArgumentException("a " + kind.prefix() + " node runs in KRaft mode only");
    }
    if (kind == NodeKind.COMBINED && kraft.controllerPort() <= 0) {
      throw new IllegalArgumentException("a combined node needs a port for its controller listener");
    }
  }

  /** A ZooKeeper-mode broker. */
  public BrokerTaskSpec(int brokerId, String frameworkName, String zookeeperConnect,
      String advertisedHost, int port, int heapMb, String dataDir, String kafkaHome,
      Map<String, String> overrides, String kafkaVersion) {
    this(brokerId, frameworkName, zookeeperConnect, advertisedHost, port, heapMb, dataDir, kafkaHome,
        overrides, kafkaVersion, NodeKind.BROKER, null);
  }

  /** A spec that names no Kafka version (any distribution is run as it is). */
  public BrokerTaskSpec(int brokerId, String frameworkName, String zookeeperConnect,
      String advertisedHost, int port, int heapMb, String dataDir, String kafkaHome,
      Map<String, String> overrides) {
    this(brokerId, frameworkName, zookeeperConnect, advertisedHost, port, heapMb, dataDir, kafkaHome,
        overrides, "", NodeKind.BROKER, null);
  }

  /** The same spec for another Kafka version. */
  public BrokerTaskSpec withKafkaVersion(String version) {
    return new BrokerTaskSpec(brokerId, frameworkName, zookeeperConnect, advertisedHost, port, heapMb,
        dataDir, kafkaHome, overrides, version, kind, kraft);
  }

  /** Whether the node runs in KRaft mode (else it is a broker of a ZooKeeper-mode cluster). */
  public boolean isKraft() {
    return kraft != null;
  }

  /** How logs name the node: {@code broker 0}, {@code controller 3000}. */
  public String describe() {
    return kind.describe(brokerId);
  }

  public byte[] encode() {
    Properties p = new Properties();
    p.setProperty("broker.id", Integer.toString(brokerId));
    p.setProperty("framework.name", frameworkName);
    if (kraft == null) {
      p.setProperty("zookeeper.connect", zookeeperConnect);
    }
    p.setProperty("advertised.host", advertisedHost);
    p.setProperty("port", Integer.toString(port));
    p.setProperty("heap.mb", Integer.toString(heapMb));
    p.setProperty("data.dir", dataDir);
    if (!kafkaHome.isEmpty()) {
      p.setProperty("kafka.home", kafkaHome);
    }
    if (!kafkaVersion.isEmpty()) {
      p.setProperty("kafka.version", kafkaVersion);
    }
    if (kind != NodeKind.BROKER) {
      p.setProperty("node.kind", kind.prefix());
    }
    if (kraft != null) {
      p.setProperty("metadata.mode", "kraft");
      p.setProperty("kraft.cluster.id", kraft.clusterId());
      p.setProperty("kraft.quorum", kraft.quorum().name().toLowerCase(java.util.Locale.ROOT));
      p.setProperty("kraft.voters", kraft.votersProperty());
      p.setProperty("kraft.format", kraft.format().name().toLowerCase(java.util.Locale.ROOT));
      if (!kraft.initialControllers().isEmpty()) {
        p.setProperty("kraft.initial.controllers", kraft.initialControllers());
      }
      if (kraft.controllerPort() > 0) {
        p.setProperty("kraft.controller.port", Integer.toString(kraft.controllerPort()));
      }
    }
    overrides.forEach((k, v) -> p.setProperty(OVERRIDE + k, v));
    return PropertiesData.encode(p);
  }

  /**
   * Reads a spec written by {@link #encode()}.
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static BrokerTaskSpec decode(byte[] data) {
    Properties p = PropertiesData.decode(data);
    Map<String, String> overrides = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(OVERRIDE)) {
        overrides.put(key.substring(OVERRIDE.length()), p.getProperty(key));
      }
    }
    KraftSpec kraft = kraft(p);
    String kindName = p.getProperty("node.kind", "broker").trim();
    NodeKind kind = NodeKind.ofPrefix(kindName);
    if (kind == null) {
      throw new IllegalArgumentException("broker task data 'node.kind' is not broker, controller or"
          + " combined: " + kindName);
    }
    return new BrokerTaskSpec(
        integer(p, "broker.id"),
        required(p, "framework.name"),
        kraft == null ? required(p, "zookeeper.connect") : p.getProperty("zookeeper.connect", ""),
        required(p, "advertised.host"),
        integer(p, "port"),
        integer(p, "heap.mb"),
        required(p, "data.dir"),
        p.getProperty("kafka.home", "").trim(),
        overrides,
        p.getProperty("kafka.version", "").trim(),
        kind,
        kraft);
  }

  private static KraftSpec kraft(Properties p) {
    String mode = p.getProperty("metadata.mode", "zookeeper").trim();
    if (mode.equals("zookeeper")) {
      return null;
    }
    if (!mode.equals("kraft")) {
      throw new IllegalArgumentException("broker task data 'metadata.mode' is not zookeeper or kraft: "
          + mode);
    }
    List<Voter> voters = Arrays.stream(required(p, "kraft.voters").split(","))
        .filter(v -> !v.isBlank()).map(Voter::parse).toList();
    return new KraftSpec(required(p, "kraft.cluster.id"),
        named(QuorumMode.class, p, "kraft.quorum"), voters,
        named(KraftSpec.Format.class, p, "kraft.format"),
        p.getProperty("kraft.initial.controllers", "").trim(),
        p.getProperty("kraft.controller.port") == null ? 0 : integer(p, "kraft.controller.port"));
  }

  private static <E extends Enum<E>> E named(Class<E> type, Properties p, String key) {
    String value = required(p, key).trim();
    try {
      return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("broker task data '" + key + "' is not one of "
          + Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT) + ": " + value);
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("broker task data lacks '" + key + "'");
    }
    return value;
  }

  private static int integer(Properties p, String key) {
    String value = required(p, key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("broker task data '" + key + "' is not a number: " + value);
    }
  }
}
