package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RECONCILE as docs/reconciliation.md and master.cpp {@code Master::reconcile} define it: answers
 * are UPDATEs from the master with REASON_RECONCILIATION and no uuid; a known task gets its latest
 * state; an unknown task gets TASK_GONE when its agent is registered and TASK_UNKNOWN when the agent
 * is unknown or not given (TASK_LOST for both without PARTITION_AWARE); an empty list reconciles
 * every task the master knows, which excludes tasks whose terminal update was acknowledged.
 */
class ReconciliationIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(2));

  @Test
  void explicitReconciliationOfAKnownTaskAnswersItsLatestState() {
    TestFramework framework = cluster.framework("explicit");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("known", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    int beforeReconcile = framework.mark();
    framework.reconcile(List.of(reconcileTask(task.getTaskId(), Optional.of(offer.getAgentId()))));
    TaskStatus answer = reconciliationAnswer(framework, beforeReconcile, task.getTaskId());
    assertThat(answer.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(answer.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(answer.getAgentId()).isEqualTo(offer.getAgentId());
    assertThat(answer.hasUuid()).isFalse();

    // /state lists the task under its framework, on its agent
    var listed = cluster.state().framework(framework.frameworkId().getValue()).orElseThrow()
        .getAsJsonArray("tasks");
    assertThat(MasterState.objects(listed)).anySatisfy(t -> {
      assertThat(MasterState.string(t, "id")).isEqualTo(task.getTaskId().getValue());
      assertThat(MasterState.string(t, "state")).isEqualTo("TASK_RUNNING");
      assertThat(MasterState.string(t, "slave_id")).isEqualTo(offer.getAgentId().getValue());
    });
  }

  @Test
  void killOfAnUnknownTaskIsAnsweredLikeAReconciliation() {
    // master.cpp kill: an unknown task is reconciled instead
    TestFramework framework = cluster.framework("killer-of-ghosts");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskID ghost = TestTasks.taskId("ghost");
    int mark = framework.mark();
    framework.kill(ghost, offer.getAgentId());
    assertThat(reconciliationAnswer(framework, mark, ghost).getState())
        .isEqualTo(TaskState.TASK_GONE);
  }

  @Test
  void unknownTasksAreGoneOnARegisteredAgentAndUnknownElsewhere() {
    TestFramework framework = cluster.framework("partition-aware");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskID onAgent = TestTasks.taskId("never-launched-on-agent");
    TaskID nowhere = TestTasks.taskId("never-launched-anywhere");
    TaskID onUnknownAgent = TestTasks.taskId("never-launched-on-unknown-agent");

    int mark = framework.mark();
    framework.reconcile(List.of(
        reconcileTask(onAgent, Optional.of(offer.getAgentId())),
        reconcileTask(nowhere, Optional.empty()),
        reconcileTask(onUnknownAgent,
            Optional.of(AgentID.newBuilder().setValue("no-such-agent").build()))));

    assertThat(reconciliationAnswer(framework, mark, onAgent).getState())
        .isEqualTo(TaskState.TASK_GONE);
    assertThat(reconciliationAnswer(framework, mark, nowhere).getState())
        .isEqualTo(TaskState.TASK_UNKNOWN);
    assertThat(reconciliationAnswer(framework, mark, onUnknownAgent).getState())
        .isEqualTo(TaskState.TASK_UNKNOWN);
  }

  @Test
  void unknownTasksAreLostForAFrameworkThatIsNotPartitionAware() {
    TestFramework framework = cluster.framework("not-partition-aware",
        b -> b.partitionAware(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskID onAgent = TestTasks.taskId("lost-on-agent");
    TaskID nowhere = TestTasks.taskId("lost-nowhere");

    int mark = framework.mark();
    framework.reconcile(List.of(
        reconcileTask(onAgent, Optional.of(offer.getAgentId())),
        reconcileTask(nowhere, Optional.empty())));

    assertThat(reconciliationAnswer(framework, mark, onAgent).getState())
        .isEqualTo(TaskState.TASK_LOST);
    TaskStatus unknown = reconciliationAnswer(framework, mark, nowhere);
    assertThat(unknown.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(unknown.getMessage()).isEqualTo("Reconciliation: Task is unknown");
  }

  @Test
  void implicitReconciliationAnswersForEveryTaskTheMasterKnows() {
    TestFramework framework = cluster.framework("implicit");
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    TaskInfo first = TestTasks.task("implicit-1", offers.get(0), Map.of());
    TaskInfo second = TestTasks.task("implicit-2", offers.get(1), Map.of());
    int mark = framework.mark();
    framework.accept(offers.get(0), List.of(TestTasks.launch(first)));
    framework.accept(offers.get(1), List.of(TestTasks.launch(second)));
    framework.awaitUpdate(mark, first.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    framework.awaitUpdate(mark, second.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    int beforeReconcile = framework.mark();
    framework.reconcile(List.of());
    assertThat(reconciliationAnswer(framework, beforeReconcile, first.getTaskId()).getState())
        .isEqualTo(TaskState.TASK_RUNNING);
    assertThat(reconciliationAnswer(framework, beforeReconcile, second.getTaskId()).getState())
        .isEqualTo(TaskState.TASK_RUNNING);

    // once its TASK_KILLED is acknowledged, a task is no longer reconciled implicitly
    int beforeKill = framework.mark();
    framework.kill(second.getTaskId(), offers.get(1).getAgentId());
    framework.awaitUpdate(beforeKill, second.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    Poll.until("an implicit reconciliation without the killed task", TIMEOUT, () -> {
      int before = framework.mark();
      framework.reconcile(List.of());
      reconciliationAnswer(framework, before, first.getTaskId());
      Poll.sleep(1000);
      Set<TaskID> answered = framework.events(before).stream()
          .filter(e -> e.getType() == Event.Type.UPDATE)
          .map(e -> e.getUpdate().getStatus())
          .filter(s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION)
          .map(TaskStatus::getTaskId).collect(Collectors.toSet());
      return !answered.contains(second.getTaskId());
    });
  }

  private static Call.Reconcile.Task reconcileTask(TaskID id, Optional<AgentID> agent) {
    Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(id);
    agent.ifPresent(task::setAgentId);
    return task.build();
  }

  private static TaskStatus reconciliationAnswer(TestFramework framework, int from, TaskID id) {
    TaskStatus status = framework.awaitEvent(from, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getTaskId().equals(id)
            && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        Duration.ofSeconds(30)).getUpdate().getStatus();
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    return status;
  }
}
