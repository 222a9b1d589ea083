package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scheduler failover (docs/scheduler-http-api.md "Disconnections", docs/high-availability-framework-
 * guide.md): a framework whose subscription breaks keeps its tasks for failover_timeout and may
 * re-subscribe with its id; when the timeout expires its tasks are killed and it is removed (a later
 * SUBSCRIBE with that id gets ERROR "Framework has been removed", master.cpp); TEARDOWN kills its
 * tasks and removes it at once. Heartbeats are ten minutes apart here: only the closed connection
 * itself can tell the master that a scheduler went away, and it must notice at once, as
 * libprocess does.
 */
class FailoverIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1)
      .withHeartbeatInterval(Duration.ofMinutes(10)));

  @Test
  void aClosedSubscriptionIsNoticedAtOnceAndItsOffersGoToOthers() {
    TestFramework holder = cluster.framework("holder", b -> b.role("holder-role"));
    holder.awaitOffers(1, TIMEOUT);
    TestFramework waiting = cluster.framework("waiting", b -> b.role("waiting-role"));
    int mark = waiting.mark();
    assertThat(waiting.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(2)))
        .as("offers of the agent while another framework holds them").isEmpty();

    holder.close();
    Offer offer = waiting.awaitEvent(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(20))
        .getOffers().getOffers(0);
    assertThat(TestTasks.sum(offer.getResourcesList(), "cpus")).isGreaterThan(0);
  }

  @Test
  void resubscribingWithinTheFailoverTimeoutKeepsTheTasks() {
    TestFramework first = cluster.framework("phoenix",
        b -> b.failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = first.frameworkId();
    Offer offer = first.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("survivor", offer, Map.of());
    first.accept(offer, List.of(TestTasks.launch(task)));
    long pid = TestExecutor.pidIn(first.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT)).orElseThrow();
    cluster.track(first.executorPids());

    first.close();
    Poll.until("the framework disconnected in /state", TIMEOUT, () -> cluster.state()
        .framework(id.getValue()).map(f -> !f.get("connected").getAsBoolean()).orElse(false));

    TestFramework second = cluster.framework("phoenix",
        b -> b.frameworkId(id).failoverTimeout(Duration.ofMinutes(10)));
    assertThat(second.frameworkId()).isEqualTo(id);
    int mark = second.mark();
    second.reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(task.getTaskId())
        .setAgentId(offer.getAgentId()).build()));
    TaskStatus reconciled = second.awaitEvent(mark, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        TIMEOUT).getUpdate().getStatus();
    assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(LocalCluster.isAlive(pid)).isTrue();

    // the executor still answers the failed-over scheduler
    second.kill(task.getTaskId(), offer.getAgentId());
    TaskStatus killed = second.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    assertThat(killed.getMessage()).contains("pid=" + pid);
  }

  @Test
  void whenTheFailoverTimeoutExpiresTheTasksAreKilledAndTheFrameworkRemoved() {
    TestFramework framework = cluster.framework("mayfly",
        b -> b.failoverTimeout(Duration.ofSeconds(2)));
    FrameworkID id = framework.frameworkId();
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("orphan", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(task)));
    long pid = TestExecutor.pidIn(framework.awaitUpdate(0, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();
    cluster.track(framework.executorPids());

    framework.close();
    Poll.until("the framework in completed_frameworks", TIMEOUT,
        () -> cluster.state().isCompleted(id.getValue()));
    assertThat(cluster.state().framework(id.getValue())).isEmpty();
    Poll.until("executor process " + pid + " gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));

    TestFramework late = cluster.frameworkNoWait("mayfly", b -> b.frameworkId(id));
    Event error = late.awaitEvent(Event.Type.ERROR, e -> true, TIMEOUT);
    assertThat(error.getError().getMessage()).containsIgnoringCase("removed");
    assertThat(late.events(0)).noneMatch(e -> e.getType() == Event.Type.SUBSCRIBED);
  }

  @Test
  void offersMadeBeforeADisconnectionAreNoLongerValid() {
    // docs/reconciliation.md "Offer Reconciliation": if a disconnection occurs, offers are no
    // longer valid; they are rescinded and regenerated when the framework re-subscribes
    TestFramework first = cluster.framework("forgetful-holder",
        b -> b.failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = first.frameworkId();
    Offer stale = first.awaitOffers(1, TIMEOUT).get(0);
    first.close();
    Poll.until("the framework disconnected in /state", TIMEOUT, () -> cluster.state()
        .framework(id.getValue()).map(f -> !f.get("connected").getAsBoolean()).orElse(false));

    TestFramework second = cluster.framework("forgetful-holder",
        b -> b.frameworkId(id).failoverTimeout(Duration.ofMinutes(10)));
    Offer fresh = second.awaitOffers(1, TIMEOUT).get(0);
    assertThat(fresh.getId()).isNotEqualTo(stale.getId());
    TaskInfo task = TestTasks.task("on-stale-offer", stale, Map.of());
    int mark = second.mark();
    second.accept(stale, List.of(TestTasks.launch(task)));
    TaskStatus dropped = second.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(dropped.getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(dropped.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
  }

  @Test
  void teardownKillsEveryTaskAndRemovesTheFramework() {
    TestFramework framework = cluster.framework("short-lived");
    FrameworkID id = framework.frameworkId();
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo one = TestTasks.task("teardown-1", offer, Map.of());
    TaskInfo two = TestTasks.task("teardown-2", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(one, two)));
    long pidOne = TestExecutor.pidIn(framework.awaitUpdate(0, one.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();
    long pidTwo = TestExecutor.pidIn(framework.awaitUpdate(0, two.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();
    cluster.track(framework.executorPids());

    framework.teardown();
    Poll.until("both executors gone", TIMEOUT,
        () -> !LocalCluster.isAlive(pidOne) && !LocalCluster.isAlive(pidTwo));
    Poll.until("the framework in completed_frameworks", TIMEOUT,
        () -> cluster.state().isCompleted(id.getValue()));
    JsonObject completed = cluster.state().completedFrameworks().stream()
        .filter(f -> id.getValue().equals(MasterState.string(f, "id"))).findFirst().orElseThrow();
    List<String> states = MasterState.objects(completed.getAsJsonArray("completed_tasks")).stream()
        .map(t -> MasterState.string(t, "state")).toList();
    assertThat(states).containsExactlyInAnyOrder("TASK_KILLED", "TASK_KILLED");
    assertThat(cluster.state().framework(id.getValue())).isEmpty();
    // a removed framework is unknown to the scheduler endpoint (http.cpp: 400)
    var afterwards = new RawHttp(cluster.masterUrl()).post(Calls.revive(id).toByteArray(),
        Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", "any"));
    assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(400);
    assertThat(Optional.ofNullable(cluster.state().agent(offer.getAgentId().getValue())
        .getAsJsonObject("used_resources")).map(u -> MasterState.quantity(u, "cpus")).orElse(0.0))
        .isZero();
  }
}
