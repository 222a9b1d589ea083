package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.MesosLocalConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other ways a dead machine ends: it stays away past the removal timeout (Mesos'
 * registry_max_agent_age: the master forgets it and its tasks without a word; reconciliation
 * answers TASK_UNKNOWN), it returns before the ping timeout (the master never marks it
 * unreachable; the executor's death is reported by the agent), and the tasks of a framework
 * that does not checkpoint, which the agent does not remember after the reboot (TASK_GONE on
 * reconciliation).
 */
class AgentRemovalIT {

  @TempDir
  static Path work;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(2)
        .withResources("cpus:2;mem:4096;disk:20000;ports:[31000-32000]")
        .withAgentPingTimeout(Duration.ofSeconds(4))
        .withAgentRemovalTimeout(Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void teardown() {
    cluster.startStoppedAgents();
    cluster.teardownFrameworks();
  }

  @Test
  void anAgentAwayPastTheRemovalTimeoutIsForgottenAndItsTasksAreUnknown() {
    TestFramework fw = cluster.framework("removal", b -> b.checkpoint(false));
    Offer offer = fw.awaitOffers(2, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    TaskInfo task = TestTasks.task("removal-task", offer, Map.of());
    fw.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = fw.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    cluster.track(Set.of(Long.parseLong(TestExecutor.report(running).getProperty("pid"))));

    int beforeDeath = fw.mark();
    cluster.mesos().stopAgent(offer.getHostname());
    fw.awaitUpdate(beforeDeath, task.getTaskId(), TaskState.TASK_UNREACHABLE, TIMEOUT);
    Poll.until("agent removed after the removal timeout", TIMEOUT,
        () -> cluster.state().json().get("unreachable_slaves").getAsInt() == 0
            && cluster.state().framework(fw.frameworkId().getValue()).orElseThrow()
                .getAsJsonArray("unreachable_tasks").isEmpty());
    int beforeReconcile = fw.mark();
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus unknown = fw.awaitUpdate(beforeReconcile, task.getTaskId(),
        TaskState.TASK_UNKNOWN, TIMEOUT);
    assertThat(unknown.getMessage()).isEqualTo("Reconciliation: Task is unknown");

    // it comes back anyway: admitted again; the agent does not remember the task of a framework
    // that does not checkpoint, so nothing is reported and reconciliation answers TASK_GONE
    int beforeReturn = fw.mark();
    cluster.mesos().startAgent(offer.getHostname());
    Poll.until("agent registered again", TIMEOUT, () -> cluster.state().agents().stream()
        .anyMatch(a -> MasterState.string(a, "id").equals(agent.getValue())));
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus gone = fw.awaitUpdate(beforeReturn, task.getTaskId(), TaskState.TASK_GONE,
        TIMEOUT);
    assertThat(gone.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
    assertThat(fw.events(beforeReturn)).noneMatch(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
        && e.getUpdate().getStatus().getState() != TaskState.TASK_GONE);
  }

  @Test
  void anAgentBackBeforeThePingTimeoutIsNeverUnreachable() {
    TestFramework fw = cluster.framework("quick", b -> b.checkpoint(true));
    Offer offer = fw.awaitOffers(2, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("quick-task", offer, Map.of("spawn.child", "300"));
    fw.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = fw.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    long pid = Long.parseLong(TestExecutor.report(running).getProperty("pid"));
    long child = Long.parseLong(TestExecutor.report(running).getProperty("child"));
    cluster.track(Set.of(pid, child));

    int before = fw.mark();
    cluster.mesos().stopAgent(offer.getHostname());
    cluster.mesos().startAgent(offer.getHostname());
    TaskStatus failed = fw.awaitUpdate(before, task.getTaskId(), TaskState.TASK_FAILED, TIMEOUT);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    Poll.until("the executor is gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));
    Poll.until("the child is gone", TIMEOUT, () -> !LocalCluster.isAlive(child));
    // the ping timeout passes without any transition
    Poll.sleep(5000);
    assertThat(fw.events(before)).noneMatch(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getState() == TaskState.TASK_UNREACHABLE);
    assertThat(cluster.state().json().get("unreachable_slaves").getAsInt()).isZero();
  }

  private static Call.Reconcile.Task reconcileTask(TaskID taskId, AgentID agent) {
    return Call.Reconcile.Task.newBuilder().setTaskId(taskId).setAgentId(agent).build();
  }
}
