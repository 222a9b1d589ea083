package io.kafkamesos.executor.observability;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads {@link KafkaMetric}s from the broker JVM's JMX agent on a loopback port (the executor starts
 * the broker with it). Connects on first use and again after a failure.
 */
public final class JmxBrokerMetrics implements MetricSource, AutoCloseable {

  /** Opens a connection; the production one dials the broker's JMX port. */
  @FunctionalInterface
  public interface Connector {
    MBeanServerConnection connect() throws IOException;

    /** Drops the connection {@link #connect} opened, if any. */
    default void disconnect() {
    }
  }

  private final Connector connector;
  private MBeanServerConnection connection;

  public JmxBrokerMetrics(Connector connector) {
    this.connector = Objects.requireNonNull(connector);
  }

  /** Dials {@code 127.0.0.1:<port>}, the broker's JMX registry. */
  public static JmxBrokerMetrics loopback(int port) {
    return new JmxBrokerMetrics(new LoopbackConnector(port));
  }

  @Override
  public synchronized Map<KafkaMetric, Double> read() throws IOException {
    if (connection == null) {
      connection = connector.connect();
    }
    Map<KafkaMetric, Double> values = new EnumMap<>(KafkaMetric.class);
    try {
      for (KafkaMetric metric : KafkaMetric.values()) {
        try {
          Object value = connection.getAttribute(new ObjectName(metric.objectName()),
              metric.attribute());
          if (value instanceof Number number) {
            values.put(metric, number.doubleValue());
          }
        } catch (InstanceNotFoundException e) {
          // the broker registers some metrics only once it has done the thing they count
        } catch (JMException e) {
          throw new IOException("cannot read " + metric.objectName() + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      close();
      throw e;
    }
    return values;
  }

  @Override
  public synchronized void close() {
    connection = null;
    connector.disconnect();
  }

  private static final class LoopbackConnector implements Connector {
    private final int port;
    private JMXConnector jmx;

    LoopbackConnector(int port) {
      this.port = port;
    }

    @Override
    public MBeanServerConnection connect() throws IOException {
      disconnect();
      jmx = JMXConnectorFactory.connect(new JMXServiceURL(
          "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), Map.of());
      return jmx.getMBeanServerConnection();
    }

    @Override
    public void disconnect() {
      if (jmx != null) {
        try {
          jmx.close();
        } catch (IOException e) {
          // the broker is gone: nothing left to close
        }
        jmx = null;
      }
    }
  }
}
