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

  private final int brokerId;
  private final OptionalInt jmxPort;
  private final StartedLine log;
  private JMXConnector jmx;
  private boolean noJmxAnnounced;
  private boolean jmxAnnounced;

  /**
   * Call before the broker starts: lines already in the log (from an earlier broker in the same
   * sandbox) do not count.
   */
  public JmxStartupProbe(int brokerId, OptionalInt jmxPort, Path logFile) {
    this.brokerId = brokerId;
    this.jmxPort = Objects.requireNonNull(jmxPort);
    this.log = new StartedLine(logFile, brokerId);
  }

  /** The probe for a launch: its JMX port (if any) and its log file. */
  public static JmxStartupProbe of(BrokerLaunch launch) {
    return new JmxStartupProbe(launch.brokerId(), launch.jmxPort(), launch.logFile());
  }

  @Override
  public synchronized Startup startup() {
    OptionalInt state = readBrokerState();
    boolean logged = state.isEmpty() && log.seen();
    Startup startup = Startup.judge(state, logged);
    if (state.isEmpty() && startup == Startup.STARTED) {
      LOG.warn("broker {}: BrokerState not readable over JMX{}; it finished starting according to "
          + "the '{}' line in its log", brokerId,
          jmxPort.isPresent() ? " on 127.0.0.1:" + jmxPort.getAsInt() : " (no JMX port)",
          log.needle());
    }
    return startup;
  }

  private OptionalInt readBrokerState() {
    if (jmxPort.isEmpty()) {
      if (!noJmxAnnounced) {
        noJmxAnnounced = true;
        LOG.info("broker {}: no JMX port; the '{}' line in its log tells when it finished starting",
            brokerId, log.needle());
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
          LOG.info("broker {}: reading its BrokerState over JMX on 127.0.0.1:{} (now {})",
              brokerId, jmxPort.getAsInt(), number.intValue());
        }
        return OptionalInt.of(number.intValue());
      }
      LOG.warn("broker {}: {} is no number: {}", brokerId, BROKER_STATE, value);
      return OptionalInt.empty();
    } catch (IOException | JMException | javax.management.JMRuntimeException | SecurityException e) {
      // Normal early on: the JVM opens its JMX agent and Kafka registers the gauge a little later,
      // and for a moment the gauge throws (a RuntimeMBeanException: Kafka's broker has no state
      // object yet), which a 200 ms poll meets.
      // Only when the log line then decides is the fallback worth a warning (see startup()).
      LOG.debug("broker {}: BrokerState not readable over JMX on 127.0.0.1:{}: {}", brokerId,
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
      this.file = Objects.requireNonNull(file);
      this.needle = "[KafkaServer id=" + brokerId + "] started";
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
