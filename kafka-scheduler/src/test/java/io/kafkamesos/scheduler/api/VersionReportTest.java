package io.kafkamesos.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VersionReportTest {

  private static BrokerRecord broker(int id, BrokerState state, String version) {
    return BrokerRecord.pending(id, "broker-" + id + "__x", "new broker").withState(state)
        .withKafkaVersion(version);
  }

  @Test
  void listsEachRunningBrokersVersionInIdOrder() throws Exception {
    TreeMap<Integer, BrokerRecord> records = new TreeMap<>(Map.of(
        10, broker(10, BrokerState.RUNNING, "3.9.1"),
        2, broker(2, BrokerState.RUNNING, null),
        1, broker(1, BrokerState.RUNNING, "3.9.1"),
        3, broker(3, BrokerState.FAILED, "3.9.1"),
        4, broker(4, BrokerState.STAGING, "3.9.1")));
    SchedulerView view = new SchedulerView(11, records, new TreeMap<>(), new TreeMap<>());

    VersionReport report = VersionReport.of("0.1.0-SNAPSHOT", "3.9.1", view);

    assertThat(new ObjectMapper().writeValueAsString(report)).isEqualTo(
        "{\"scheduler\":\"0.1.0-SNAPSHOT\",\"kafka_version\":\"3.9.1\","
            + "\"brokers\":{\"1\":\"3.9.1\",\"2\":\"2.4.1\",\"10\":\"3.9.1\"}}");
  }

  @Test
  void theSchedulerKnowsItsBuild() {
    assertThat(VersionReport.schedulerVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
