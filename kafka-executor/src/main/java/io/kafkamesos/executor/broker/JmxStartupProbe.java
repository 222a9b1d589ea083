package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the broker's {@code BrokerState} gauge from its JMX agent on a loopback port; while that
 * cannot be read (no JMX port, the agent not up yet, the gauge not registered yet), falls back to
 * the {@code [KafkaServer id=<id>] started} line in the broker's log. {@link Startup#judge} decides.
 */
public final class JmxStartupProbe implements StartupProbe {

  private static final Logger LOG = LoggerFactory.getLogger(JmxStartupProbe.class);
  static final String BROKER_STATE = "kafka.server:type=KafkaServer,name=BrokerState";

  private final String brokerId;
  private final OptionalInt jmxPort;
  private final boolean brokerState;
  private final StartedLine log;
  private JMXConnector jmx;
  private boolean noJmxAnnounced;
  private boolean jmxAnnounced;

  /**
   * Call before the broker starts: lines already in the log (from an earlier broker in the same
   * sandbox) do not count.
   */
  public JmxStartupProbe(int brokerId, OptionalInt jmxPort, Path logFile) {
    this("broker " + brokerId, jmxPort, true, logFile, zooKeeperLine(brokerId));
  }

  /**
   * @param node how logs name the node
   * @param brokerState whether the node has a {@code BrokerState} to read (a KRaft controller has
   *     none: only its log line tells)
   * @param needle the line that tells the node finished starting
   */
  JmxStartupProbe(String node, OptionalInt jmxPort, boolean brokerState, Path logFile, String needle) {
    this.brokerId = Objects.requireNonNull(node);
    this.jmxPort = Objects.requireNonNull(jmxPort);
    this.brokerState = brokerState;
    this.log = new StartedLine(logFile, needle);
  }

  /** The probe for a ZooKeeper-mode broker's launch: its JMX port (if any) and its log file. */
  public static JmxStartupProbe of(BrokerLaunch launch) {
    return new JmxStartupProbe(launch.brokerId(), launch.jmxPort(), launch.logFile());
  }

  /**
   * The probe for a KRaft node's launch: a broker's {@code BrokerState} (RUNNING once the
   * controller unfenced it), else the line {@code KafkaRaftServer} logs once every part started.
   */
  public static JmxStartupProbe kraft(BrokerLaunch launch, boolean broker) {
    return new JmxStartupProbe(launch.name(), broker ? launch.jmxPort() : OptionalInt.empty(), broker,
        launch.logFile(), kraftLine(launch.brokerId()));
  }

  /** What a ZooKeeper-mode broker logs once started: {@code [KafkaServer id=0] started}. */
  static String zooKeeperLine(int brokerId) {
    return "[KafkaServer id=" + brokerId + "] started";
  }

  /** What a KRaft node logs once started: {@code [KafkaRaftServer nodeId=3000] Kafka Server started}. */
  static String kraftLine(int nodeId) {
    return "[KafkaRaftServer nodeId=" + nodeId + "] Kafka Server started";
  }

  @Override
  public synchronized Startup startup() {
    OptionalInt state = readBrokerState();
    boolean logged = state.isEmpty() && log.seen();
    Startup startup = Startup.judge(state, logged);
    if (state.isEmpty() && startup == Startup.STARTED) {
      LOG.warn("{}: BrokerState not readable over JMX{}; it finished starting according to "
          + "the '{}' line in its log", brokerId,
          jmxPort.isPresent() ? " on 127.0.0.1:" + jmxPort.getAsInt() : " (no JMX port)",
          log.needle());
    }
    return startup;
  }

  private OptionalInt readBrokerState() {
    if (jmxPort.isEmpty() || !brokerState) {
      if (!noJmxAnnounced) {
        noJmxAnnounced = true;
        LOG.info("{}: {}; the '{}' line in its log tells when it finished starting", brokerId,
            brokerState ? "no JMX port" : "no BrokerState to read", log.needle());
      }
      return OptionalInt.empty();
    }
    try {
      if (jmx == null) {
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort.getAsInt() + "/jmxrmi"), Map.of());
      }
      Object value = jmx.getMBeanServerConnection()
          .getAttribute(new ObjectName(BROKER_STATE), "Value");
      if (value instanceof Number number) {
        if (!jmxAnnounced) {
          jmxAnnounced = true;
          LOG.info("{}: reading its BrokerState over JMX on 127.0.0.1:{} (now {})",
              brokerId, jmxPort.getAsInt(), number.intValue());
        }
        return OptionalInt.of(number.intValue());
      }
      LOG.warn("{}: {} is no number: {}", brokerId, BROKER_STATE, value);
      return OptionalInt.empty();
    } catch (IOException | JMException | javax.management.JMRuntimeException | SecurityException e) {
      // Normal early on: the JVM opens its JMX agent and Kafka registers the gauge a little later,
      // and for a moment the gauge throws (a RuntimeMBeanException: Kafka's broker has no state
      // object yet), which a 200 ms poll meets.
      // Only when the log line then decides is the fallback worth a warning (see startup()).
      LOG.debug("{}: BrokerState not readable over JMX on 127.0.0.1:{}: {}", brokerId,
          jmxPort.getAsInt(), e.toString());
      disconnect();
      return OptionalInt.empty();
    }
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private void disconnect() {
    if (jmx != null) {
      try {
        jmx.close();
      } catch (IOException e) {
        // the broker is gone: nothing left to close
      }
      jmx = null;
    }
  }

  /** Looks for the broker's "started" line in the part of its log written after construction. */
  static final class StartedLine {
    private final Path file;
    private final String needle;
    private long offset;
    private String carry = "";
    private boolean seen;

    StartedLine(Path file, int brokerId) {
      this(file, zooKeeperLine(brokerId));
    }

    StartedLine(Path file, String needle) {
      this.file = Objects.requireNonNull(file);
      this.needle = Objects.requireNonNull(needle);
      this.offset = size(file);
    }

    String needle() {
      return needle;
    }

    /** Whether the line has appeared; reads only what was appended since the last call. */
    boolean seen() {
      if (seen) {
        return true;
      }
      long length = size(file);
      if (length < offset) {
        offset = 0; // truncated: start over
      }
      if (length == offset) {
        return false;
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        int count = (int) Math.min(length - offset, 1 << 20);
        byte[] bytes = new byte[count];
        in.seek(offset);
        in.readFully(bytes);
        offset += count;
        String text = carry + new String(bytes, StandardCharsets.UTF_8);
        int lastBreak = text.lastIndexOf('\n');
        // A line cut in the middle is kept for the next read.
        carry = text.substring(lastBreak + 1);
        seen = text.substring(0, lastBreak + 1).lines().anyMatch(line -> line.contains(needle));
        if (carry.length() > 64 * 1024) {
          carry = "";
        }
      } catch (IOException e) {
        return false;
      }
      return seen;
    }

    private static long size(Path file) {
      try {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
      } catch (IOException e) {
        return 0;
      }
    }
  }
}
