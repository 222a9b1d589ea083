package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ViewDiffTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  static SchedulerView view(BrokerRecord... records) {
    TreeMap<Integer, BrokerRecord> map = new TreeMap<>();
    Arrays.stream(records).forEach(r -> map.put(r.brokerId(), r));
    return new SchedulerView(records.length, map, new TreeMap<>(), new TreeMap<>());
  }

  static BrokerRecord staging(int id, String task) {
    return BrokerRecord.pending(id, task, "new broker").launched(task, "a1", "h1", 31000, null, "c");
  }

  private static List<String> kinds(List<SchedulerEvent> events) {
    return events.stream().map(SchedulerEvent::kind).toList();
  }

  @Test
  void aLaunchThenRunning() {
    BrokerRecord pending = BrokerRecord.pending(0, "broker-0__a", "new broker");
    BrokerRecord staging = staging(0, "broker-0__a");
    BrokerRecord running = staging.withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1000);

    List<SchedulerEvent> launch = ViewDiff.between(view(pending), view(staging), AT);
    assertThat(kinds(launch)).containsExactly("launch");
    assertThat(launch.get(0).message()).isEqualTo(
        "broker 0 launched as task broker-0__a on h1:31000 (new broker)");
    assertThat(launch.get(0).brokerId()).isZero();

    List<SchedulerEvent> up = ViewDiff.between(view(staging), view(running), AT);
    assertThat(kinds(up)).containsExactly("running");
    assertThat(up.get(0).message()).contains("broker 0 is RUNNING (was STAGING)");
  }

  @Test
  void aFailureIsSeenEvenWhenTheBrokerMovedOnBeforeTheNextLook() {
    BrokerRecord running = staging(1, "broker-1__a").withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1);
    BrokerRecord failed = running.ended(true, "TASK_FAILED: exit 137", "task ended", 1, 2, false);
    List<SchedulerEvent> events = ViewDiff.between(view(staging(0, "broker-0__x"), running),
        view(staging(0, "broker-0__x"), failed), AT);
    assertThat(kinds(events)).containsExactly("failure");
    assertThat(events.get(0).message()).isEqualTo(
        "broker 1 failed (task broker-1__a): TASK_FAILED: exit 137; failure 1");

    BrokerRecord withLog = running.ended(true, "TASK_FAILED: broker 1 exited with code 1; last 20 "
        + "lines of its log:\n[2026] INFO Shutting down", "task ended", 1, 2, false);
    assertThat(ViewDiff.between(view(running), view(withLog), AT).get(0).message()).isEqualTo(
        "broker 1 failed (task broker-1__a): TASK_FAILED: broker 1 exited with code 1 …; failure 1");

    BrokerRecord relaunched = failed.launched("broker-1__b", "a1", "h1", 31001, null, "c");
    assertThat(kinds(ViewDiff.between(view(running), view(relaunched), AT)))
        .containsExactly("failure", "launch");
  }

  @Test
  void aRequestedRestart() {
    BrokerRecord running = staging(0, "broker-0__a").withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1);
    BrokerRecord asked = running.withRestart(RestartMode.ROLLING, "restart requested");
    BrokerRecord killing = asked.withState(BrokerState.KILLING);
    assertThat(ViewDiff.between(view(running), view(asked), AT)).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo(
            "broker 0 will restart (rolling): restart requested"));
    assertThat(kinds(ViewDiff.between(view(asked), view(killing), AT))).containsExactly("restart");
  }

  @Test
  void nothingChangedNothingToSay() {
    SchedulerView v = view(staging(0, "broker-0__a"));
    assertThat(ViewDiff.between(v, v, AT)).isEmpty();
  }

  @Test
  void theLogKeepsTheNewestAndRecorderStartsFromWhatIsKnown() {
    EventLog log = new EventLog(2);
    for (int i = 0; i < 3; i++) {
      log.add(new SchedulerEvent(AT, i, "state", "e" + i));
    }
    assertThat(log.newestFirst()).extracting(SchedulerEvent::message).containsExactly("e2", "e1");

    EventLog events = new EventLog(10);
    SchedulerView[] current = {view(staging(0, "broker-0__a"))};
    EventRecorder recorder = new EventRecorder(() -> current[0], events,
        java.time.Clock.fixed(AT, java.time.ZoneOffset.UTC), java.time.Duration.ofSeconds(1));
    recorder.poll();
    current[0] = view(current[0].records().get(0).withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1));
    recorder.poll();
    assertThat(events.newestFirst()).extracting(SchedulerEvent::kind)
        .containsExactly("running", "scheduler");
    assertThat(events.newestFirst().get(1).message()).contains("known: [0=STAGING]");
  }
}
