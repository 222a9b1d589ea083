package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.observability.BrokerMetricsReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;

class SchedulerMetricsReporterTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  @Test
  void sendsTheBrokersMetricsNamedAsInStatsd() {
    List<byte[]> sent = new ArrayList<>();
    MetricSource source = () -> Map.of(KafkaMetric.MESSAGES_IN_PER_SEC, 12.5,
        KafkaMetric.UNDER_REPLICATED_PARTITIONS, 0.0);
    new SchedulerMetricsReporter(source, sent::add, 2, () -> "broker-2__u", CLOCK).run();

    assertThat(sent).hasSize(1);
    assertThat(BrokerMetricsReport.decode(sent.get(0))).contains(new BrokerMetricsReport(2,
        "broker-2__u", 1_700_000_000_000L,
        Map.of("messages_in_per_sec", 12.5, "under_replicated_partitions", 0.0)));
  }

  @Test
  void aRoundIsSkippedWhenTheBrokerOrTheAgentIsAway() {
    List<byte[]> sent = new ArrayList<>();
    new SchedulerMetricsReporter(() -> {
      throw new java.io.IOException("connection refused");
    }, sent::add, 0, () -> "t", CLOCK).run();
    assertThat(sent).isEmpty();

    SchedulerMetricsReporter agentAway = new SchedulerMetricsReporter(
        () -> Map.of(KafkaMetric.LEADER_COUNT, 1.0), data -> {
          throw new java.io.UncheckedIOException(new java.io.IOException("agent gone"));
        }, 0, () -> "t", CLOCK);
    agentAway.run(); // logs, does not throw: the timer must keep running
  }

  @Test
  void theMessageCallNamesFrameworkAndExecutor() {
    Call call = SchedulerMessages.call("fw-1", "broker-0__executor__u", new byte[] {1, 2});
    assertThat(call.getType()).isEqualTo(Call.Type.MESSAGE);
    assertThat(call.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(call.getExecutorId().getValue()).isEqualTo("broker-0__executor__u");
    assertThat(call.getMessage().getData().toByteArray()).containsExactly(1, 2);
  }
}
