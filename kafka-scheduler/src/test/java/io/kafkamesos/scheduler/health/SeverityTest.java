package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.observability.ClusterState;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each health state the checks can be in, and what /healthcheck makes of it. */
class SeverityTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void warningsStayHealthyForMarathonErrorsDoNot() {
    Result warning = Severity.WARNING.result("2 partitions under-replicated");
    assertThat(warning.isHealthy()).isTrue();
    assertThat(warning.getDetails()).containsEntry("severity", "warning");
    assertThat(Severity.of(warning)).isEqualTo(Severity.WARNING);
    Result error = Severity.ERROR.result("down");
    assertThat(error.isHealthy()).isFalse();
    assertThat(Severity.of(error)).isEqualTo(Severity.ERROR);
    assertThat(Severity.of(Result.unhealthy("a check without severity"))).isEqualTo(Severity.ERROR);
    assertThat(Severity.of(Result.healthy())).isEqualTo(Severity.HEALTHY);
  }

  private static PartitionStatus partition(int p, List<Integer> replicas, int leader,
      List<Integer> isr) {
    return new PartitionStatus("t", p, replicas, leader, isr);
  }

  @Test
  void partitions() {
    Result healthy = PartitionsHealthCheck.judge(ClusterState.of(Set.of(0, 1), 0,
        List.of(partition(0, List.of(0, 1), 0, List.of(0, 1))), AT));
    assertThat(Severity.of(healthy)).isEqualTo(Severity.HEALTHY);

    Result under = PartitionsHealthCheck.judge(ClusterState.of(Set.of(0, 1), 0,
        List.of(partition(0, List.of(0, 1), 0, List.of(0))), AT));
    assertThat(Severity.of(under)).isEqualTo(Severity.WARNING);
    assertThat(under.getMessage()).isEqualTo(
        "1 partitions under-replicated: t-0 (leader 0, isr [0] of [0, 1])");

    Result offline = PartitionsHealthCheck.judge(ClusterState.of(Set.of(0), 0,
        List.of(partition(0, List.of(1), 1, List.of(1)), partition(1, List.of(0, 1), 0, List.of(0))),
        AT));
    assertThat(Severity.of(offline)).isEqualTo(Severity.ERROR);
    assertThat(offline.getMessage()).startsWith("1 partitions offline: t-0 (leader 1")
        .endsWith("; 1 under-replicated");

    Result unreadable = PartitionsHealthCheck.judge(ClusterState.unreadable("Kafka's ZooKeeper is "
        + "not connected", AT));
    assertThat(Severity.of(unreadable)).isEqualTo(Severity.ERROR);
    assertThat(unreadable.getMessage()).contains("not connected");
  }

  private static BrokerRecord launched(int id) {
    return BrokerRecord.pending(id, "broker-" + id + "__a", "new broker")
        .launched("broker-" + id + "__a", "a", "h", 31000, null, "c");
  }

  private static SchedulerView view(int count, BrokerRecord... records) {
    TreeMap<Integer, BrokerRecord> map = new TreeMap<>();
    Arrays.stream(records).forEach(r -> map.put(r.brokerId(), r));
    return new SchedulerView(count, map, new TreeMap<>(), new TreeMap<>());
  }

  @Test
  void brokers() {
    BrokerRecord running = launched(0).withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1);
    assertThat(BrokerProblems.severity(view(1, running), Set.of(0))).isEqualTo(Severity.HEALTHY);
    // running but lost its ZooKeeper registration
    assertThat(BrokerProblems.severity(view(1, running), Set.of())).isEqualTo(Severity.ERROR);
    // restarting on request: on its way back
    assertThat(BrokerProblems.severity(view(1, running.withRestart(RestartMode.NOW, "restart")
        .withState(BrokerState.KILLING)), Set.of())).isEqualTo(Severity.WARNING);
    assertThat(BrokerProblems.severity(view(1, launched(0)), Set.of())).isEqualTo(Severity.WARNING);
    assertThat(BrokerProblems.severity(view(1, running.ended(false, "TASK_KILLED", "restart requested",
        0, 0, false)), Set.of())).isEqualTo(Severity.WARNING);
    // down
    assertThat(BrokerProblems.severity(view(2, running, running.ended(true, "TASK_FAILED", "ended", 1,
        1, false)), Set.of(0))).isEqualTo(Severity.ERROR);
    assertThat(BrokerProblems.severity(view(2, running), Set.of(0))).isEqualTo(Severity.ERROR);
    assertThat(BrokerProblems.severity(view(1,
        BrokerRecord.pending(0, "broker-0__a", "new broker")), Set.of())).isEqualTo(Severity.ERROR);
  }
}
