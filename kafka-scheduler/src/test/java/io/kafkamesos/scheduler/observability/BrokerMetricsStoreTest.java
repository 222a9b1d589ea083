package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.observability.BrokerMetricsReport;
import io.kafkamesos.commons.testing.MutableClock;
import io.prometheus.client.CollectorRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class BrokerMetricsStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final BrokerMetricsStore store = new BrokerMetricsStore(clock, Duration.ofSeconds(30));

  @Test
  void keepsTheLatestReportOfEachBrokerAndServesItLabelledByBroker() {
    store.accept(message("broker-0__executor__u0", report(0, 1.5)));
    store.accept(message("broker-1__executor__u1", report(1, 2.0)));
    store.accept(message("broker-0__executor__u0", report(0, 3.5)));

    CollectorRegistry registry = new CollectorRegistry();
    new BrokerMetricsCollector(store, clock).register(registry);
    assertThat(value(registry, "kafka_broker_messages_in_per_sec", "0")).isEqualTo(3.5);
    assertThat(value(registry, "kafka_broker_messages_in_per_sec", "1")).isEqualTo(2.0);
    assertThat(value(registry, "kafka_broker_under_replicated_partitions", "1")).isZero();
    assertThat(value(registry, "kafka_broker_metrics_age_seconds", "0")).isZero();
  }

  @Test
  void dropsABrokerWhoseReportsStopped() {
    store.accept(message("broker-0__executor__u0", report(0, 1.0)));
    clock.advance(Duration.ofSeconds(20));
    store.accept(message("broker-1__executor__u1", report(1, 1.0)));
    clock.advance(Duration.ofSeconds(15));

    assertThat(store.current()).containsOnlyKeys(1);
    CollectorRegistry registry = new CollectorRegistry();
    new BrokerMetricsCollector(store, clock).register(registry);
    assertThat(registry.getSampleValue("kafka_broker_messages_in_per_sec", new String[] {"broker"},
        new String[] {"0"})).isNull();
  }

  @Test
  void ignoresOtherMessagesAndReportsForAnotherBroker() {
    store.accept(message("broker-0__executor__u0", "hello".getBytes(StandardCharsets.UTF_8)));
    store.accept(message("broker-0__executor__u0",
        "type=broker-metrics/1\nbroker.id=x\n".getBytes(StandardCharsets.UTF_8)));
    store.accept(message("broker-0__executor__u0", report(2, 1.0)));
    assertThat(store.current()).isEmpty();
  }

  private byte[] report(int broker, double messagesIn) {
    return new BrokerMetricsReport(broker, "broker-" + broker + "__u", clock.millis(),
        Map.of("messages_in_per_sec", messagesIn, "under_replicated_partitions", 0.0)).encode();
  }

  private static Event.Message message(String executor, byte[] data) {
    return Event.Message.newBuilder().setAgentId(AgentID.newBuilder().setValue("a1"))
        .setExecutorId(ExecutorID.newBuilder().setValue(executor))
        .setData(ByteString.copyFrom(data)).build();
  }

  private static double value(CollectorRegistry registry, String name, String broker) {
    Double value = registry.getSampleValue(name, new String[] {"broker"}, new String[] {broker});
    assertThat(value).as(name + "{broker=" + broker + "}").isNotNull();
    return value;
  }
}
