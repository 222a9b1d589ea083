package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BrokerProblemsTest {

  private static BrokerRecord record(int id, BrokerState state) {
    return new BrokerRecord(id, state, "broker-" + id + "__00000000-0000-0000-0000-000000000000", null,
        "a" + id, "host" + id, 31000, null, "c", RestartMode.NONE, "TASK_FAILED: exit 1", null, 1, 0, 0);
  }

  @Test
  void aWholeClusterHasNoProblem() {
    SchedulerView view = new SchedulerView(2, new TreeMap<>(Map.of(0, record(0, BrokerState.RUNNING),
        1, record(1, BrokerState.RUNNING))), new TreeMap<>(), new TreeMap<>());
    assertThat(BrokerProblems.of(view, Set.of(0, 1))).isEmpty();
  }

  @Test
  void saysWhichBrokersAreNotUpAndWhy() {
    Instant at = Instant.parse("2026-01-01T00:00:10Z");
    SchedulerView view = new SchedulerView(5,
        new TreeMap<>(Map.of(0, record(0, BrokerState.RUNNING), 1, record(1, BrokerState.STAGING),
            2, record(2, BrokerState.FAILED), 3, record(3, BrokerState.RUNNING))),
        new TreeMap<>(Map.of(4, "broker 4 waits for an offer: NODE placement needs a host without a broker")),
        new TreeMap<>(Map.of(2, at)));
    assertThat(BrokerProblems.of(view, Set.of(0))).containsExactly(
        "broker 1 is starting on host1 (task broker-1__00000000-0000-0000-0000-000000000000)",
        "broker 2 failed (TASK_FAILED: exit 1); relaunch at 2026-01-01T00:00:10Z",
        "broker 3 runs on host3 but is not registered in Kafka's ZooKeeper",
        "broker 4 waits for an offer: NODE placement needs a host without a broker");
  }
}
