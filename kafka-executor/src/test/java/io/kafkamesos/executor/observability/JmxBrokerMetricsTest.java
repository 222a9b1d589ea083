package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka-named MBeans in this JVM's own MBean server stand in for the broker's. */
class JmxBrokerMetricsTest {

  /** The shape of Kafka's (Yammer) gauges. */
  public interface GaugeMBean {
    Object getValue();
  }

  /** The shape of Kafka's (Yammer) meters. */
  public interface MeterMBean {
    double getOneMinuteRate();

    long getCount();
  }

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @AfterEach
  void unregister() throws Exception {
    for (KafkaMetric m : KafkaMetric.values()) {
      ObjectName name = new ObjectName(m.objectName());
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    }
  }

  @Test
  void readsTheMetricsTheBrokerHasAndSkipsTheOthers() throws Exception {
    GaugeMBean urp = () -> 3;
    server.registerMBean(new StandardMBean(urp, GaugeMBean.class),
        new ObjectName(KafkaMetric.UNDER_REPLICATED_PARTITIONS.objectName()));
    MeterMBean in = new MeterMBean() {
      @Override
      public double getOneMinuteRate() {
        return 42.5;
      }

      @Override
      public long getCount() {
        return 1000;
      }
    };
    server.registerMBean(new StandardMBean(in, MeterMBean.class),
        new ObjectName(KafkaMetric.MESSAGES_IN_PER_SEC.objectName()));

    try (JmxBrokerMetrics metrics = new JmxBrokerMetrics(() -> server)) {
      assertThat(metrics.read()).isEqualTo(Map.of(
          KafkaMetric.UNDER_REPLICATED_PARTITIONS, 3.0,
          KafkaMetric.MESSAGES_IN_PER_SEC, 42.5));
    }
  }

  @Test
  void anUnreachableBrokerIsAnIoErrorAndIsDialledAgainNextTime() throws Exception {
    int[] attempts = {0};
    JmxBrokerMetrics metrics = new JmxBrokerMetrics(() -> {
      attempts[0]++;
      throw new IOException("connection refused");
    });
    assertThatThrownBy(metrics::read).isInstanceOf(IOException.class);
    assertThatThrownBy(metrics::read).isInstanceOf(IOException.class);
    assertThat(attempts[0]).isEqualTo(2);
  }

  @Test
  void loopbackDialsAClosedPortAsAnIoError() {
    try (JmxBrokerMetrics metrics = JmxBrokerMetrics.loopback(1)) {
      assertThatThrownBy(metrics::read).isInstanceOf(IOException.class);
    }
  }
}
