package io.kafkamesos.local;

import static io.kafkamesos.local.Fixtures.launch;
import static io.kafkamesos.local.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offers, launches, failures and reconciliation as Mesos does them, end to end. */
class MasterBehaviourIT {

  @TempDir
  Path workDir;
  private MesosLocal local;
  private TestScheduler scheduler;
  private TestScheduler other;

  @AfterEach
  void tearDown() {
    for (TestScheduler s : new TestScheduler[] {scheduler, other}) {
      if (s != null) {
        s.close();
      }
    }
    if (local != null) {
      local.close();
    }
  }

  private Protos.Offer start(MesosLocalConfig config) throws Exception {
    local = MesosLocal.start(config);
    scheduler = new TestScheduler(local.masterUrl(), TestScheduler.framework("behaviour", "*"),
        ContentType.PROTOBUF);
    return scheduler.await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
  }

  private MesosLocalConfig config() {
    return MesosLocalConfig.defaults(workDir).withAgents(1)
        .withHeartbeatInterval(Duration.ofSeconds(1));
  }

  private static Protos.TaskInfo task(String id, Protos.Offer offer, Protos.CommandInfo command,
      String data) {
    return Protos.TaskInfo.newBuilder().setName(id)
        .setTaskId(Protos.TaskID.newBuilder().setValue(id)).setAgentId(offer.getAgentId())
        .addResources(scalar("cpus", 0.2)).addResources(scalar("mem", 64))
        .setExecutor(Protos.ExecutorInfo.newBuilder()
            .setExecutorId(Protos.ExecutorID.newBuilder().setValue("exec-" + id))
            .setCommand(command)
            .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)))
        .setData(ByteString.copyFromUtf8(data)).build();
  }

  private void accept(Protos.Offer offer, Protos.Offer.Operation... operations) {
    Call.Accept.Builder accept = Call.Accept.newBuilder().addOfferIds(offer.getId());
    for (Protos.Offer.Operation op : operations) {
      accept.addOperations(op);
    }
    scheduler.send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept));
  }

  @Test
  void answersAnInvalidOfferWithTaskLost() throws Exception {
    Protos.Offer offer = start(config());
    Protos.Offer stale = offer.toBuilder().setId(Protos.OfferID.newBuilder().setValue("gone"))
        .build();
    accept(stale, launch(task("t1", offer, TestScheduler.testExecutorCommand(), "")));
    TaskStatus lost = scheduler.awaitUpdate(0, "t1", TaskState.TASK_LOST);
    assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(lost.getMessage()).isEqualTo(
        "Task launched with invalid offers: Offer gone is no longer valid");
  }

  @Test
  void answersAnInvalidTaskWithTaskError() throws Exception {
    Protos.Offer offer = start(config());
    Protos.TaskInfo huge = task("t1", offer, TestScheduler.testExecutorCommand(), "")
        .toBuilder().clearResources().addResources(scalar("cpus", 100)).build();
    accept(offer, launch(huge));
    TaskStatus error = scheduler.awaitUpdate(0, "t1", TaskState.TASK_ERROR);
    assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(error.getMessage()).startsWith("Total resources ");
    assertThat(error.hasUuid()).isFalse();
  }

  @Test
  void resendsUpdatesUntilAcknowledged() throws Exception {
    Protos.Offer offer = start(config().withStatusUpdateRetryInterval(Duration.ofMillis(500)));
    accept(offer, launch(task("t1", offer, TestScheduler.testExecutorCommand(), "")));
    TaskStatus first = scheduler.awaitUpdate(0, "t1", TaskState.TASK_RUNNING);
    int index = scheduler.events().size();
    TaskStatus again = scheduler.awaitUpdate(index, "t1", TaskState.TASK_RUNNING);
    assertThat(again.getUuid()).isEqualTo(first.getUuid());
    scheduler.acknowledge(again);
    int killAt = scheduler.events().size();
    scheduler.send(Call.newBuilder().setType(Call.Type.KILL)
        .setKill(Call.Kill.newBuilder().setTaskId(first.getTaskId())));
    scheduler.acknowledge(scheduler.awaitUpdate(killAt, "t1", TaskState.TASK_KILLED));
  }

  @Test
  void failsTheTasksOfAnExecutorThatExits() throws Exception {
    Protos.Offer offer = start(config());
    Protos.CommandInfo exit = Protos.CommandInfo.newBuilder().setValue("exit 3").build();
    accept(offer, launch(task("t1", offer, exit, "")));
    TaskStatus failed = scheduler.awaitUpdate(0, "t1", TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    Event failure = scheduler.await(e -> e.getType() == Event.Type.FAILURE);
    assertThat(failure.getFailure().getStatus()).isEqualTo(3);
    scheduler.acknowledge(failed);
  }

  @Test
  void killsAnExecutorThatNeverSubscribes() throws Exception {
    Protos.Offer offer = start(config().withExecutorRegistrationTimeout(Duration.ofSeconds(2)));
    Protos.CommandInfo sleep = Protos.CommandInfo.newBuilder().setValue("sleep 60").build();
    accept(offer, launch(task("t1", offer, sleep, "")));
    TaskStatus failed = scheduler.awaitUpdate(0, "t1", TaskState.TASK_FAILED);
    assertThat(failed.getReason())
        .isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    assertThat(failed.getMessage()).isEqualTo("Executor did not register within 2secs");
  }

  @Test
  void runsCommandTasksOnTheBuiltInCommandExecutor() throws Exception {
    Protos.Offer offer = start(config());
    Protos.TaskInfo command = Protos.TaskInfo.newBuilder().setName("cmd")
        .setTaskId(Protos.TaskID.newBuilder().setValue("cmd")).setAgentId(offer.getAgentId())
        .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 16))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("echo hi > out.txt")).build();
    accept(offer, launch(command));
    scheduler.acknowledge(scheduler.awaitUpdate(0, "cmd", TaskState.TASK_RUNNING));
    TaskStatus finished = scheduler.awaitUpdate(0, "cmd", TaskState.TASK_FINISHED);
    scheduler.acknowledge(finished);
  }

  @Test
  void declineFiltersUntilReviveAndSuppressStopsOffers() throws Exception {
    Protos.Offer offer = start(config());
    scheduler.send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(
        Call.Decline.newBuilder().addOfferIds(offer.getId())
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))));
    int index = scheduler.events().size();
    TestScheduler.sleep(2500);
    assertThat(scheduler.events().subList(index, scheduler.events().size()))
        .noneMatch(e -> e.getType() == Event.Type.OFFERS);
    scheduler.send(Call.newBuilder().setType(Call.Type.REVIVE));
    Protos.Offer again = scheduler.await(index, e -> e.getType() == Event.Type.OFFERS,
        Duration.ofSeconds(30)).getOffers().getOffers(0);
    scheduler.send(Call.newBuilder().setType(Call.Type.SUPPRESS));
    scheduler.send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(
        Call.Decline.newBuilder().addOfferIds(again.getId())
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))));
    int suppressed = scheduler.events().size();
    TestScheduler.sleep(2500);
    assertThat(scheduler.events().subList(suppressed, scheduler.events().size()))
        .noneMatch(e -> e.getType() == Event.Type.OFFERS);
  }

  @Test
  void rescindsOffersAfterTheOfferTimeout() throws Exception {
    Protos.Offer offer = start(config().withOfferTimeout(Duration.ofSeconds(1)));
    Event rescind = scheduler.await(e -> e.getType() == Event.Type.RESCIND);
    assertThat(rescind.getRescind().getOfferId()).isEqualTo(offer.getId());
  }

  @Test
  void reconcilesKnownAndUnknownTasks() throws Exception {
    Protos.Offer offer = start(config());
    accept(offer, launch(task("t1", offer, TestScheduler.testExecutorCommand(), "")));
    scheduler.acknowledge(scheduler.awaitUpdate(0, "t1", TaskState.TASK_RUNNING));
    int index = scheduler.events().size();
    scheduler.send(Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder()));
    TaskStatus implicit = scheduler.awaitUpdate(index, "t1", TaskState.TASK_RUNNING);
    assertThat(implicit.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    scheduler.send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(
        Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
            .setTaskId(Protos.TaskID.newBuilder().setValue("nobody")))));
    TaskStatus unknown = scheduler.awaitUpdate(index, "nobody", TaskState.TASK_LOST);
    assertThat(unknown.getMessage()).isEqualTo("Reconciliation: Task is unknown");
  }

  @Test
  void failsOverToANewSchedulerAndRemovesTheFrameworkAfterTheTimeout() throws Exception {
    Protos.Offer offer = start(config().withFailoverTimeoutCap(Duration.ofSeconds(3)));
    accept(offer, launch(task("t1", offer, TestScheduler.testExecutorCommand(), "")));
    scheduler.acknowledge(scheduler.awaitUpdate(0, "t1", TaskState.TASK_RUNNING));
    Protos.FrameworkInfo info = TestScheduler.framework("behaviour", "*").toBuilder()
        .setId(scheduler.id()).build();
    other = new TestScheduler(local.masterUrl(), info, ContentType.JSON);
    other.await(e -> e.getType() == Event.Type.SUBSCRIBED);
    Event error = scheduler.await(e -> e.getType() == Event.Type.ERROR);
    assertThat(error.getError().getMessage()).isEqualTo("Framework failed over");
    scheduler.close();
    scheduler = null;
    other.send(Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder()));
    other.awaitUpdate(0, "t1", TaskState.TASK_RUNNING);
    other.close();
    other = null;
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
    while (MesosLocalSmokeIT.state(local).get("completed_frameworks").isEmpty()
        && java.time.Instant.now().isBefore(deadline)) {
      TestScheduler.sleep(200);
    }
    assertThat(MesosLocalSmokeIT.state(local).get("completed_frameworks").get(0).get("id")
        .asText()).isEqualTo(info.getId().getValue());
    assertThat(MesosLocalSmokeIT.state(local).get("frameworks")).isEmpty();
  }

  @Test
  void noticesAClosedSchedulerConnectionAtOnce() throws Exception {
    // heartbeats far apart: only the closed connection itself can tell the master
    start(config().withHeartbeatInterval(Duration.ofMinutes(10)));
    Protos.FrameworkInfo second = TestScheduler.framework("second", "*");
    other = new TestScheduler(local.masterUrl(), second, ContentType.JSON);
    other.await(e -> e.getType() == Event.Type.SUBSCRIBED);
    scheduler.close();
    scheduler = null;
    Event offers = other.await(e -> e.getType() == Event.Type.OFFERS);
    assertThat(offers.getOffers().getOffersCount()).isEqualTo(1);
  }
}
