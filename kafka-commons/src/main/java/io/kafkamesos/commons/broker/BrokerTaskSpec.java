package io.kafkamesos.commons.broker;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the scheduler tells the executor about the broker to run; carried in {@code TaskInfo.data}
 * as Java properties text (readable in {@code /state} dumps and in the sandbox).
 *
 * @param brokerId Kafka's {@code broker.id}
 * @param frameworkName the cluster's name, for logs
 * @param zookeeperConnect Kafka's {@code zookeeper.connect}, chroot included ({@code host:2181/kafka0})
 * @param advertisedHost the agent's hostname, advertised to clients
 * @param port the offered port the broker listens on
 * @param heapMb the broker JVM's heap ({@code -Xmx}/{@code -Xms})
 * @param dataDir Kafka's {@code log.dirs}: a path relative to the sandbox (a persistent volume's
 *     container path, or a plain directory when the cluster runs without volumes)
 * @param kafkaHome where the fetched Kafka distribution is unpacked, relative to the sandbox; empty:
 *     the single top folder the fetcher unpacked (any archive laid out like Apache's own)
 * @param overrides further broker properties ({@code num.partitions=6}), applied last
 * @param kafkaVersion the Kafka version the cluster runs ({@code 3.9.1}); the executor refuses an
 *     archive that holds another. Empty when the scheduler names none.
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
    String kafkaVersion) {

  private static final String OVERRIDE = "override.";

  public BrokerTaskSpec {
    Objects.requireNonNull(frameworkName);
    Objects.requireNonNull(zookeeperConnect);
    Objects.requireNonNull(advertisedHost);
    Objects.requireNonNull(dataDir);
    Objects.requireNonNull(kafkaHome);
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(kafkaVersion);
  }

  /** A spec that names no Kafka version (any distribution is run as it is). */
  public BrokerTaskSpec(int brokerId, String frameworkName, String zookeeperConnect,
      String advertisedHost, int port, int heapMb, String dataDir, String kafkaHome,
      Map<String, String> overrides) {
    this(brokerId, frameworkName, zookeeperConnect, advertisedHost, port, heapMb, dataDir, kafkaHome,
        overrides, "");
  }

  /** The same spec for another Kafka version. */
  public BrokerTaskSpec withKafkaVersion(String version) {
    return new BrokerTaskSpec(brokerId, frameworkName, zookeeperConnect, advertisedHost, port, heapMb,
        dataDir, kafkaHome, overrides, version);
  }

  public byte[] encode() {
    Properties p = new Properties();
    p.setProperty("broker.id", Integer.toString(brokerId));
    p.setProperty("framework.name", frameworkName);
    p.setProperty("zookeeper.connect", zookeeperConnect);
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
    overrides.forEach((k, v) -> p.setProperty(OVERRIDE + k, v));
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a spec written by {@link #encode()}.
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static BrokerTaskSpec decode(byte[] data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> overrides = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(OVERRIDE)) {
        overrides.put(key.substring(OVERRIDE.length()), p.getProperty(key));
      }
    }
    return new BrokerTaskSpec(
        integer(p, "broker.id"),
        required(p, "framework.name"),
        required(p, "zookeeper.connect"),
        required(p, "advertised.host"),
        integer(p, "port"),
        integer(p, "heap.mb"),
        required(p, "data.dir"),
        p.getProperty("kafka.home", "").trim(),
        overrides,
        p.getProperty("kafka.version", "").trim());
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
