package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class BrokerTransitionsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TASK = "broker-0__11111111-1111-1111-1111-111111111111";
  private static final Reservation VOLUME = new Reservation("a1", "host1", "v1", 1.1, 640, 1000, 31000);

  private static BrokerRecord staging() {
    return BrokerRecord.pending(0, TASK, "new broker")
        .launched(TASK, "a1", "host1", 31000, VOLUME, "c1");
  }

  private static TaskStatus status(String taskId, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
        .setMessage("details").build();
  }

  @Test
  void runningStatusMarksTheBrokerRunning() {
    StatusOutcome o = BrokerTransitions.onStatus(staging(), status(TASK, TaskState.TASK_RUNNING), NOW);
    assertThat(o.record().state()).isEqualTo(BrokerState.RUNNING);
    assertThat(o.record().runningSinceMillis()).isEqualTo(NOW.toEpochMilli());
    assertThat(o.record().lastStatus()).isEqualTo("TASK_RUNNING: details");
    assertThat(o.killTask()).isFalse();
  }

  @Test
  void failureKeepsTheVolumeAndCountsFailures() {
    BrokerRecord running = BrokerTransitions.onStatus(staging(), status(TASK, TaskState.TASK_RUNNING), NOW)
        .record();
    StatusOutcome o = BrokerTransitions.onStatus(running, status(TASK, TaskState.TASK_FAILED),
        NOW.plusSeconds(5));
    assertThat(o.record().state()).isEqualTo(BrokerState.FAILED);
    assertThat(o.record().failures()).isEqualTo(1);
    assertThat(o.record().failedAtMillis()).isEqualTo(NOW.plusSeconds(5).toEpochMilli());
    assertThat(o.record().reservation()).isEqualTo(VOLUME);
    assertThat(o.record().lastRestartReason()).isEqualTo("task ended: TASK_FAILED: details");

    BrokerRecord again = o.record().launched(TASK, "a1", "host1", 31000, VOLUME, "c1");
    assertThat(BrokerTransitions.onStatus(again, status(TASK, TaskState.TASK_FAILED), NOW.plusSeconds(9))
        .record().failures()).isEqualTo(2);
  }

  @Test
  void aLongRunBeforeFailingStartsTheBackoffAfresh() {
    BrokerRecord running = BrokerTransitions.onStatus(staging(), status(TASK, TaskState.TASK_RUNNING), NOW)
        .record();
    BrokerRecord flaky = new BrokerRecord(0, BrokerState.RUNNING, TASK, null, "a1", "host1", 31000, VOLUME,
        "c1", RestartMode.NONE, null, null, 5, 0, running.runningSinceMillis());
    StatusOutcome o = BrokerTransitions.onStatus(flaky, status(TASK, TaskState.TASK_FAILED),
        NOW.plus(Duration.ofHours(1)));
    assertThat(o.record().failures()).isEqualTo(1);
  }

  @Test
  void goneAgentKeepsTheReservationAndWaitsForIt() {
    // issue 7: TASK_GONE is what a returning agent reports for the tasks it lost; the volume stays
    StatusOutcome o = BrokerTransitions.onStatus(staging(), status(TASK, TaskState.TASK_GONE), NOW);
    assertThat(o.record().state()).isEqualTo(BrokerState.LOST);
    assertThat(o.record().reservation()).isEqualTo(VOLUME);
  }

  @Test
  void goneAgentWithoutAVolumeFailsAndRelaunchesAnywhere() {
    BrokerRecord noVolume = staging().withReservation(null);
    StatusOutcome o = BrokerTransitions.onStatus(noVolume, status(TASK, TaskState.TASK_GONE), NOW);
    assertThat(o.record().state()).isEqualTo(BrokerState.FAILED);
    assertThat(o.record().reservation()).isNull();
  }

  @Test
  void killForARestartRelaunchesWithoutBackoff() {
    BrokerRecord killing = staging().withRestart(RestartMode.NOW, "restart requested")
        .withState(BrokerState.KILLING);
    StatusOutcome o = BrokerTransitions.onStatus(killing, status(TASK, TaskState.TASK_KILLED), NOW);
    assertThat(o.record().state()).isEqualTo(BrokerState.PENDING);
    assertThat(o.record().restart()).isEqualTo(RestartMode.NONE);
    assertThat(o.record().lastRestartReason()).isEqualTo("restart requested");
    assertThat(o.record().reservation()).isEqualTo(VOLUME);
  }

  @Test
  void runningStatusDuringAKillKeepsKilling() {
    BrokerRecord killing = staging().withState(BrokerState.KILLING);
    assertThat(BrokerTransitions.onStatus(killing, status(TASK, TaskState.TASK_RUNNING), NOW).record().state())
        .isEqualTo(BrokerState.KILLING);
  }

  @Test
  void aLiveTaskTheBrokerNoLongerOwnsIsKilled() {
    String old = "broker-0__22222222-2222-2222-2222-222222222222";
    StatusOutcome live = BrokerTransitions.onStatus(staging(), status(old, TaskState.TASK_RUNNING), NOW);
    assertThat(live.killTask()).isTrue();
    assertThat(live.record()).isEqualTo(staging());
    StatusOutcome dead = BrokerTransitions.onStatus(staging(), status(old, TaskState.TASK_KILLED), NOW);
    assertThat(dead.killTask()).isFalse();
    assertThat(dead.record()).isEqualTo(staging());
  }

  @Test
  void aRepeatedTerminalUpdateChangesNothing() {
    BrokerRecord failed = BrokerTransitions.onStatus(staging(), status(TASK, TaskState.TASK_FAILED), NOW)
        .record();
    StatusOutcome o = BrokerTransitions.onStatus(failed, status(TASK, TaskState.TASK_FAILED),
        NOW.plusSeconds(1));
    assertThat(o.record()).isEqualTo(failed);
  }
}
