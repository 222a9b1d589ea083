package io.kafkamesos.commons.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerMetricsReportTest {

  @Test
  void roundTripsEveryField() {
    BrokerMetricsReport report = new BrokerMetricsReport(3, "broker-3__abc", 1_700_000_000_123L,
        Map.of("messages_in_per_sec", 12.5, "under_replicated_partitions", 0.0));
    assertThat(BrokerMetricsReport.decode(report.encode())).contains(report);
  }

  @Test
  void anotherMessageIsNotAReport() {
    assertThat(BrokerMetricsReport.decode("hello".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(BrokerMetricsReport.decode("type=broker-metrics/2\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void aBrokenReportNamesWhatIsWrong() {
    assertThatThrownBy(() -> BrokerMetricsReport.decode(
        "type=broker-metrics/1\ntask.id=t\nsent.at=1\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'broker.id'");
    assertThatThrownBy(() -> BrokerMetricsReport.decode(
        "type=broker-metrics/1\nbroker.id=1\ntask.id=t\nsent.at=1\nmetric.x=abc\n"
            .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'metric.x' is not a number");
    assertThatThrownBy(() -> new BrokerMetricsReport(1, "t", 1, Map.of("Bad Name", 1.0)))
        .hasMessageContaining("lower_snake_case");
  }
}
