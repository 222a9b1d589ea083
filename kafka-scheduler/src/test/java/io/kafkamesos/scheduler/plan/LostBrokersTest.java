package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** The lost-broker state machine: statuses in, with the time moved by hand. */
class LostBrokersTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TASK = "broker-2__22222222-2222-2222-2222-222222222222";
  private static final Reservation VOLUME = new Reservation("a2", "host2", "v2", 1.1, 640, 1000, 31002);

  private static BrokerRecord running(Reservation reservation) {
    BrokerRecord staging = BrokerRecord.pending(2, TASK, "new broker")
        .launched(TASK, "a2", "host2", 31002, reservation, "c1");
    return BrokerTransitions.onStatus(staging, status(TaskState.TASK_RUNNING), T0).record();
  }

  private static TaskStatus status(TaskState state) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(TASK)).setState(state).build();
  }

  private static BrokerRecord after(BrokerRecord r, TaskState state, Instant at) {
    return BrokerTransitions.onStatus(r, status(state), at).record();
  }

  @Test
  void unreachableAgentMakesABrokerWithAVolumeLostSinceThen() {
    for (TaskState s : new TaskState[] {TaskState.TASK_UNREACHABLE, TaskState.TASK_LOST,
        TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR, TaskState.TASK_UNKNOWN}) {
      BrokerRecord lost = after(running(VOLUME), s, T0.plusSeconds(60));
      assertThat(lost.state()).as("%s", s).isEqualTo(BrokerState.LOST);
      assertThat(lost.reservation()).isEqualTo(VOLUME);
      assertThat(LostBrokers.lostSince(lost)).isEqualTo(T0.plusSeconds(60));
      assertThat(lost.state().hasLiveTask()).isFalse();
      assertThat(lost.state().reconcilable()).isTrue();
    }
  }

  @Test
  void withoutAVolumeALostBrokerFailsAndRelaunchesAnywhere() {
    BrokerRecord failed = after(running(null), TaskState.TASK_UNREACHABLE, T0.plusSeconds(60));
    assertThat(failed.state()).isEqualTo(BrokerState.FAILED);
  }

  @Test
  void laterStatusesKeepItLostSinceTheFirst() {
    BrokerRecord lost = after(running(VOLUME), TaskState.TASK_UNREACHABLE, T0.plusSeconds(60));
    BrokerRecord gone = after(lost, TaskState.TASK_GONE, T0.plusSeconds(300));
    assertThat(gone.state()).isEqualTo(BrokerState.LOST);
    assertThat(LostBrokers.lostSince(gone)).isEqualTo(T0.plusSeconds(60));
    assertThat(gone.lastStatus()).startsWith("TASK_GONE");
  }

  @Test
  void theSameTaskRunningAgainIsAdoptedNotRelaunched() {
    BrokerRecord lost = after(running(VOLUME), TaskState.TASK_UNREACHABLE, T0.plusSeconds(60));
    StatusOutcome back = BrokerTransitions.onStatus(lost, status(TaskState.TASK_RUNNING), T0.plusSeconds(90));
    assertThat(back.killTask()).isFalse();
    assertThat(back.record().state()).isEqualTo(BrokerState.RUNNING);
    assertThat(back.record().taskId()).isEqualTo(TASK);
  }

  @Test
  void anOlderTaskReappearingIsKilled() {
    BrokerRecord lost = after(running(VOLUME), TaskState.TASK_UNREACHABLE, T0.plusSeconds(60));
    BrokerRecord relaunched = lost.launched("broker-2__33333333-3333-3333-3333-333333333333", "a2", "host2",
        31002, VOLUME, "c1");
    StatusOutcome old = BrokerTransitions.onStatus(relaunched, status(TaskState.TASK_RUNNING), T0.plusSeconds(90));
    assertThat(old.killTask()).isTrue();
    assertThat(old.record()).isEqualTo(relaunched);
  }

  @Test
  void graceAndAutoReplaceFollowTheClock() {
    BrokerRecord lost = after(running(VOLUME), TaskState.TASK_UNREACHABLE, T0);
    LostBrokers off = new LostBrokers(new FaultSettings(Duration.ofSeconds(600), Optional.empty()));
    LostBrokers auto = new LostBrokers(new FaultSettings(Duration.ofSeconds(600),
        Optional.of(Duration.ofSeconds(1800))));

    assertThat(off.graceOver(lost, T0.plusSeconds(599))).isFalse();
    assertThat(off.describe(lost, T0.plusSeconds(100)))
        .startsWith("broker 2 lost with agent a2 (host2) since 2026-01-01T00:00:00Z")
        .contains("waiting 500 s more for it to return")
        .contains("dcos kafka broker replace 2");
    assertThat(off.graceOver(lost, T0.plusSeconds(600))).isTrue();
    assertThat(off.describe(lost, T0.plusSeconds(700))).contains("grace period of 600 s is over");
    assertThat(off.replaceDue(lost, T0.plusSeconds(100_000))).isFalse();

    assertThat(auto.replaceDue(lost, T0.plusSeconds(1799))).isFalse();
    assertThat(auto.replaceDue(lost, T0.plusSeconds(1800))).isTrue();
    assertThat(auto.describe(lost, T0.plusSeconds(700))).contains("replaced automatically at 2026-01-01T00:30:00Z");
    assertThat(auto.replaceDue(running(VOLUME), T0.plusSeconds(100_000))).isFalse();
    assertThat(auto.describe(running(VOLUME), T0)).isNull();
  }

  @Test
  void aBrokerBeingRemovedEndsRemovedWhateverEndsItsTask() {
    BrokerRecord removing = running(VOLUME).withState(BrokerState.REMOVING);
    assertThat(after(removing, TaskState.TASK_KILLED, T0).state()).isEqualTo(BrokerState.REMOVED);
    assertThat(after(removing, TaskState.TASK_RUNNING, T0).state()).isEqualTo(BrokerState.REMOVING);
    BrokerRecord removed = after(removing, TaskState.TASK_KILLED, T0);
    assertThat(BrokerTransitions.onStatus(removed, status(TaskState.TASK_RUNNING), T0).killTask()).isTrue();
  }

  @Test
  void theLostAndTheRemovedAreNotLaunchedLikeOthers() {
    Planner planner = new Planner(Planner.standardBackoff());
    BrokerRecord lost = after(running(VOLUME), TaskState.TASK_UNREACHABLE, T0);
    BrokerRecord removed = running(VOLUME).withState(BrokerState.REMOVED);
    var records = new java.util.TreeMap<Integer, BrokerRecord>();
    records.put(2, lost);
    records.put(1, new BrokerRecord(1, BrokerState.REMOVED, null, null, null, null, 0, null, null, null,
        null, null, 0, 0, 0));
    records.put(0, running(null).withState(BrokerState.RUNNING));
    Plan plan = planner.plan(3, records, T0.plusSeconds(1));
    // the lost broker wants offers (only its agent's fit); the removed one is never launched
    assertThat(plan.launch()).containsExactly(2);
    assertThat(removed.state().hasLiveTask()).isFalse();
  }
}
