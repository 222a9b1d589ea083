package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final Planner planner = new Planner(Planner.standardBackoff());

  static BrokerRecord record(int id, BrokerState state) {
    return new BrokerRecord(id, state, "broker-" + id + "__00000000-0000-0000-0000-000000000000", null,
        "a" + id, "host" + id, 31000, null, "c1", RestartMode.NONE, null, null, 0, 0, 0);
  }

  private static Map<Integer, BrokerRecord> cluster(BrokerState... states) {
    Map<Integer, BrokerRecord> records = new HashMap<>();
    for (int i = 0; i < states.length; i++) {
      records.put(i, record(i, states[i]));
    }
    return records;
  }

  @Test
  void launchesBrokersNeverLaunchedAndPending() {
    Plan plan = planner.plan(3, cluster(BrokerState.RUNNING, BrokerState.PENDING), NOW);
    assertThat(plan.launch()).containsExactly(1, 2);
    assertThat(plan.kill()).isEmpty();
    assertThat(plan.wantsOffers()).isTrue();
  }

  @Test
  void aRunningClusterNeedsNothing() {
    Plan plan = planner.plan(3, cluster(BrokerState.RUNNING, BrokerState.RUNNING, BrokerState.STAGING), NOW);
    assertThat(plan.launch()).isEmpty();
    assertThat(plan.kill()).isEmpty();
    assertThat(plan.wantsOffers()).isFalse();
  }

  @Test
  void brokersBeyondTheCountAreLeftAlone() {
    Plan plan = planner.plan(1, cluster(BrokerState.RUNNING, BrokerState.PENDING), NOW);
    assertThat(plan.launch()).isEmpty();
  }

  @Test
  void aFailedBrokerWaitsOutAGrowingBackoff() {
    Map<Integer, BrokerRecord> records = cluster(BrokerState.RUNNING);
    BrokerRecord failed = record(1, BrokerState.RUNNING)
        .ended(true, "TASK_FAILED", "task ended", 1, NOW.toEpochMilli(), true);
    records.put(1, failed);

    Plan waiting = planner.plan(2, records, NOW.plusSeconds(1));
    assertThat(waiting.launch()).isEmpty();
    assertThat(waiting.backoff()).containsEntry(1, NOW.plusSeconds(2));
    assertThat(waiting.wantsOffers()).isTrue();
    assertThat(planner.plan(2, records, NOW.plusSeconds(2)).launch()).containsExactly(1);

    records.put(1, failed.ended(true, "TASK_FAILED", "again", 4, NOW.toEpochMilli(), true));
    assertThat(planner.plan(2, records, NOW.plusSeconds(15)).backoff()).containsEntry(1, NOW.plusSeconds(16));
    records.put(1, failed.ended(true, "TASK_FAILED", "again", 30, NOW.toEpochMilli(), true));
    assertThat(planner.plan(2, records, NOW).backoff()).containsEntry(1, NOW.plusSeconds(120));
  }

  @Test
  void restartOfOneBrokerKillsItAtOnce() {
    Map<Integer, BrokerRecord> records = cluster(BrokerState.RUNNING, BrokerState.FAILED);
    records.put(0, records.get(0).withRestart(RestartMode.NOW, "restart requested"));
    assertThat(planner.plan(2, records, NOW).kill()).containsExactly(0);
  }

  @Test
  void restartOfAFailedBrokerSkipsTheBackoff() {
    Map<Integer, BrokerRecord> records = cluster(BrokerState.RUNNING);
    records.put(1, record(1, BrokerState.RUNNING)
        .ended(true, "TASK_FAILED", "x", 5, NOW.toEpochMilli(), true)
        .withRestart(RestartMode.NOW, "restart requested"));
    Plan plan = planner.plan(2, records, NOW);
    assertThat(plan.launch()).containsExactly(1);
    assertThat(plan.backoff()).isEmpty();
  }

  @Test
  void rollingRestartKillsOneBrokerAtATimeWhileAllOthersRun() {
    Map<Integer, BrokerRecord> records = cluster(BrokerState.RUNNING, BrokerState.RUNNING, BrokerState.RUNNING);
    records.replaceAll((id, r) -> r.withRestart(RestartMode.ROLLING, "restart all"));
    assertThat(planner.plan(3, records, NOW).kill()).containsExactly(0);

    records.put(0, records.get(0).withState(BrokerState.KILLING));
    assertThat(planner.plan(3, records, NOW).kill()).isEmpty();

    records.put(0, record(0, BrokerState.STAGING));
    assertThat(planner.plan(3, records, NOW).kill()).isEmpty();

    records.put(0, record(0, BrokerState.RUNNING));
    assertThat(planner.plan(3, records, NOW).kill()).containsExactly(1);
  }

  @Test
  void rollingRestartWaitsForAMissingBroker() {
    Map<Integer, BrokerRecord> records = cluster(BrokerState.RUNNING, BrokerState.RUNNING);
    records.replaceAll((id, r) -> r.withRestart(RestartMode.ROLLING, "restart all"));
    Plan plan = planner.plan(3, records, NOW);
    assertThat(plan.kill()).isEmpty();
    assertThat(plan.launch()).containsExactly(2);
  }
}
