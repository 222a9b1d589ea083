package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.StatsdSender;
import io.kafkamesos.commons.observability.UdpListener;

class BrokerMetricsReporterTest {

  @Test
  void reporterNamesPrefixFrameworkAndBroker() throws Exception {
    try (UdpListener server = new UdpListener();
        StatsdSender sender = new StatsdSender("127.0.0.1", server.port())) {
      MetricSource source = () -> Map.of(KafkaMetric.UNDER_REPLICATED_PARTITIONS, 2.0,
          KafkaMetric.MESSAGES_IN_PER_SEC, 12.5);
      new BrokerMetricsReporter(source, sender, "kafka", "kafka0", 3).run();
      String datagram = server.await(d -> d.contains("under_replicated"), Duration.ofSeconds(10));
      assertThat(datagram.split("\n")).containsExactlyInAnyOrder(
          "kafka.kafka0.broker.3.under_replicated_partitions:2|g",
          "kafka.kafka0.broker.3.messages_in_per_sec:12.500|g");
    }
  }

  @Test
  void reporterSkipsARoundWhenTheBrokerIsUnreachable() throws Exception {
    try (UdpListener server = new UdpListener();
        StatsdSender sender = new StatsdSender("127.0.0.1", server.port())) {
      MetricSource down = () -> {
        throw new java.io.IOException("connection refused");
      };
      new BrokerMetricsReporter(down, sender, "", "kafka0", 0).run();
      new BrokerMetricsReporter(() -> Map.of(KafkaMetric.LEADER_COUNT, 1.0), sender, "", "kafka0", 0)
          .run();
      assertThat(server.await(d -> true, Duration.ofSeconds(10)))
          .isEqualTo("kafka0.broker.0.leader_count:1|g");
    }
  }
}
