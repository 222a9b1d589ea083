package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.kafkamesos.local.MesosLocalConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
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
 * A machine that dies and comes back ({@code MesosLocal.stopAgent} / {@code startAgent}, and the
 * {@code /local/agents} endpoint), seen by a framework on the wire: the executor and its child
 * die with the machine; after the ping timeout the master marks the agent unreachable (tasks
 * TASK_UNREACHABLE, or TASK_LOST if not partition-aware, {@code REASON_AGENT_REMOVED}, a
 * FAILURE for the agent, no more offers of it); reconciliation answers the same; when the agent
 * returns with the same id its tasks are TASK_FAILED (the executors died with the machine) and
 * its reservation and volume, with the data, are offered again.
 */
class AgentLossIT {

  private static final String ROLE = "loss-role";
  private static final String PRINCIPAL = "loss-principal";
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

  @TempDir
  static Path work;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(2)
        .withResources("cpus:2;mem:4096;disk:20000;ports:[31000-32000]")
        .withAgentPingTimeout(PING_TIMEOUT));
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
  void partitionAwareFrameworkSeesUnreachableThenTheAgentReturnsWithItsVolume() throws Exception {
    TestFramework fw = cluster.framework("loss-pa", b -> b.role(ROLE).principal(PRINCIPAL)
        .checkpoint(true).partitionAware(true));
    Offer offer = fw.awaitOffers(2, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    String hostname = offer.getHostname();
    TaskInfo task = launchOnNewVolume(fw, offer, "pa-task", "before-death");
    TaskStatus running = fw.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    Properties report = TestExecutor.report(running);
    long executorPid = Long.parseLong(report.getProperty("pid"));
    long childPid = Long.parseLong(report.getProperty("child"));
    cluster.track(java.util.Set.of(executorPid, childPid));
    assertThat(LocalCluster.isAlive(childPid)).isTrue();

    // the machine dies: the executor and its child are SIGKILLed at once
    int beforeDeath = fw.mark();
    cluster.mesos().stopAgent(hostname);
    Poll.until("executor and its child killed", TIMEOUT,
        () -> !LocalCluster.isAlive(executorPid) && !LocalCluster.isAlive(childPid));

    // after the ping timeout: TASK_UNREACHABLE from the master, a FAILURE for the agent
    TaskStatus unreachable = fw.awaitUpdate(beforeDeath, task.getTaskId(),
        TaskState.TASK_UNREACHABLE, TIMEOUT);
    assertThat(unreachable.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
    assertThat(unreachable.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(unreachable.hasUnreachableTime()).isTrue();
    assertThat(unreachable.getAgentId()).isEqualTo(agent);
    assertThat(unreachable.hasUuid()).isFalse();
    Event failure = fw.awaitEvent(beforeDeath, Event.Type.FAILURE,
        e -> e.getFailure().getAgentId().equals(agent), TIMEOUT);
    assertThat(failure.getFailure().hasExecutorId()).isFalse();
    int afterUnreachable = fw.mark();

    // /state: the agent left "slaves", the task is among the framework's unreachable_tasks
    MasterState state = cluster.state();
    assertThat(state.agents()).extracting(a -> MasterState.string(a, "id"))
        .doesNotContain(agent.getValue());
    assertThat(state.json().get("unreachable_slaves").getAsInt()).isEqualTo(1);
    JsonObject framework = state.framework(fw.frameworkId().getValue()).orElseThrow();
    assertThat(MasterState.objects(framework.getAsJsonArray("unreachable_tasks")))
        .extracting(t -> MasterState.string(t, "id")).containsExactly("pa-task");
    assertThat(MasterState.objects(framework.getAsJsonArray("tasks"))).isEmpty();

    // no offer of the dead agent is outstanding, and none comes while the other agent's do
    assertThat(fw.outstandingOffers()).noneMatch(o -> o.getAgentId().equals(agent));
    fw.declineAll(0.1);
    fw.revive();
    AgentID other = cluster.mesos().agentIds().stream().filter(id -> !id.equals(agent.getValue()))
        .map(id -> AgentID.newBuilder().setValue(id).build()).findFirst().orElseThrow();
    fw.awaitOfferFor(afterUnreachable, other, TIMEOUT);
    assertThat(fw.offersReceived(afterUnreachable, agent)).isEmpty();

    // reconciliation: unreachable (explicit with the agent id)
    int beforeReconcile = fw.mark();
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus reconciled = fw.awaitUpdate(beforeReconcile, task.getTaskId(),
        TaskState.TASK_UNREACHABLE, TIMEOUT);
    assertThat(reconciled.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(reconciled.getMessage()).isEqualTo("Reconciliation: Task is unreachable");
    assertThat(reconciled.getUnreachableTime()).isEqualTo(unreachable.getUnreachableTime());

    // the machine returns: same agent id; the master echoes the state the agent reports, the
    // agent reports the executor's death
    int beforeReturn = fw.mark();
    cluster.mesos().startAgent(hostname);
    TaskStatus echoed = fw.awaitEvent(beforeReturn, Event.Type.UPDATE, e -> isUpdate(e,
        task.getTaskId(), s -> s.getSource() == TaskStatus.Source.SOURCE_MASTER), TIMEOUT)
        .getUpdate().getStatus();
    assertThat(echoed.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REREGISTERED);
    assertThat(echoed.getMessage()).isEqualTo("Unreachable agent re-reregistered");
    assertThat(echoed.getState()).isEqualTo(TaskState.TASK_FAILED);
    TaskStatus failed = fw.awaitEvent(beforeReturn, Event.Type.UPDATE, e -> isUpdate(e,
        task.getTaskId(), s -> s.getSource() == TaskStatus.Source.SOURCE_AGENT), TIMEOUT)
        .getUpdate().getStatus();
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    assertThat(failed.getMessage()).isEqualTo("Abnormal executor termination: unknown container");
    assertThat(failed.hasUuid()).isTrue();
    Poll.until("agent back in /state with the same id", TIMEOUT, () -> cluster.state().agents()
        .stream().anyMatch(a -> MasterState.string(a, "id").equals(agent.getValue())));
    assertThat(cluster.state().json().get("unreachable_slaves").getAsInt()).isZero();

    // once acknowledged, the task is unknown to the agent: TASK_GONE for partition-aware
    Poll.until("task completed in /state", TIMEOUT, () -> cluster.state()
        .framework(fw.frameworkId().getValue()).map(f -> f.getAsJsonArray("tasks").isEmpty()
            && f.getAsJsonArray("unreachable_tasks").isEmpty()).orElse(false));
    int beforeGone = fw.mark();
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus gone = fw.awaitUpdate(beforeGone, task.getTaskId(), TaskState.TASK_GONE, TIMEOUT);
    assertThat(gone.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");

    // the reservation and the volume come back to the role, with the data written before
    fw.revive();
    Offer withVolume = fw.awaitOfferMatching(agent, AgentLossIT::hasVolumeAndReservation,
        "an offer with the volume and the reservation", TIMEOUT);
    TaskInfo again = TestTasks.task("pa-task-2", withVolume,
        Map.of("volume", "data", "marker", "after-return"), reservedTaskResources(withVolume));
    int beforeRelaunch = fw.mark();
    fw.accept(withVolume, List.of(TestTasks.launch(again)));
    TaskStatus rerun = fw.awaitUpdate(beforeRelaunch, again.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(TestExecutor.report(rerun).getProperty("previous")).isEqualTo("before-death");
  }

  @Test
  void frameworkThatIsNotPartitionAwareSeesTaskLostAndTheHttpEndpointDrivesTheMachine()
      throws Exception {
    TestFramework fw = cluster.framework("loss-plain", b -> b.checkpoint(true)
        .partitionAware(false));
    Offer offer = fw.awaitOffers(2, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    String hostname = offer.getHostname();
    TaskInfo task = TestTasks.task("plain-task", offer, Map.of("spawn.child", "300"));
    fw.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = fw.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    long executorPid = Long.parseLong(TestExecutor.report(running).getProperty("pid"));
    long childPid = Long.parseLong(TestExecutor.report(running).getProperty("child"));
    cluster.track(java.util.Set.of(executorPid, childPid));

    // the mesos-local endpoint: bad requests first
    assertThat(post("/local/agents/10.9.9.9/stop").statusCode()).isEqualTo(404);
    assertThat(post("/local/agents/" + hostname + "/explode").statusCode()).isEqualTo(404);
    assertThat(post("/local/agents/" + hostname + "/start").statusCode()).isEqualTo(409);
    assertThat(send("GET", "/local/agents/" + hostname + "/stop").statusCode()).isEqualTo(405);

    int beforeDeath = fw.mark();
    HttpResponse<String> stopped = post("/local/agents/" + hostname + "/stop");
    assertThat(stopped.statusCode()).isEqualTo(200);
    assertThat(stopped.body()).contains("\"state\":\"stopped\"");
    assertThat(post("/local/agents/" + hostname + "/stop").statusCode()).isEqualTo(409);
    assertThatThrownBy(() -> cluster.mesos().stopAgent(hostname))
        .isInstanceOf(IllegalStateException.class);
    Poll.until("executor and its child killed", TIMEOUT,
        () -> !LocalCluster.isAlive(executorPid) && !LocalCluster.isAlive(childPid));

    TaskStatus lost = fw.awaitUpdate(beforeDeath, task.getTaskId(), TaskState.TASK_LOST,
        TIMEOUT);
    assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
    assertThat(lost.hasUnreachableTime()).isTrue();
    assertThat(fw.events(beforeDeath)).noneMatch(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getState() == TaskState.TASK_UNREACHABLE);

    int beforeReconcile = fw.mark();
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus reconciled = fw.awaitUpdate(beforeReconcile, task.getTaskId(),
        TaskState.TASK_LOST, TIMEOUT);
    assertThat(reconciled.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(reconciled.getMessage()).isEqualTo("Reconciliation: Task is unreachable");

    int beforeReturn = fw.mark();
    assertThat(post("/local/agents/" + hostname + "/start").statusCode()).isEqualTo(200);
    TaskStatus failed = fw.awaitEvent(beforeReturn, Event.Type.UPDATE, e -> isUpdate(e,
        task.getTaskId(), s -> s.getSource() == TaskStatus.Source.SOURCE_AGENT), TIMEOUT)
        .getUpdate().getStatus();
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    Poll.until("task completed in /state", TIMEOUT, () -> cluster.state()
        .framework(fw.frameworkId().getValue()).map(f -> f.getAsJsonArray("tasks").isEmpty()
            && f.getAsJsonArray("unreachable_tasks").isEmpty()).orElse(false));
    int beforeLost = fw.mark();
    fw.reconcile(List.of(reconcileTask(task.getTaskId(), agent)));
    TaskStatus unknown = fw.awaitUpdate(beforeLost, task.getTaskId(), TaskState.TASK_LOST,
        TIMEOUT);
    assertThat(unknown.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");

    // the agent offers again
    fw.revive();
    fw.awaitOfferMatching(agent, o -> true, "an offer of the returned agent", TIMEOUT);
  }

  private static boolean isUpdate(Event e, TaskID taskId, Predicate<TaskStatus> which) {
    TaskStatus s = e.getUpdate().getStatus();
    return s.getTaskId().equals(taskId) && which.test(s);
  }

  private static Call.Reconcile.Task reconcileTask(TaskID taskId, AgentID agent) {
    return Call.Reconcile.Task.newBuilder().setTaskId(taskId).setAgentId(agent).build();
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return send("POST", path);
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.masterUrl() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** RESERVE, CREATE a volume, LAUNCH a task on it that writes the marker and starts a child. */
  private static TaskInfo launchOnNewVolume(TestFramework fw, Offer offer, String taskId,
      String marker) {
    var allocation = offer.getAllocationInfo();
    Resource cpus = TestTasks.reserved(TestTasks.scalar("cpus", 0.5, allocation), ROLE,
        PRINCIPAL);
    Resource mem = TestTasks.reserved(TestTasks.scalar("mem", 256, allocation), ROLE, PRINCIPAL);
    Resource disk = TestTasks.reserved(TestTasks.scalar("disk", 1024, allocation), ROLE,
        PRINCIPAL);
    Resource volume = TestTasks.volume(disk, "loss-volume", "data", PRINCIPAL);
    TaskInfo task = TestTasks.task(taskId, offer, Map.of("volume", "data", "marker", marker,
        "spawn.child", "300"), List.of(cpus, mem, volume));
    fw.accept(List.of(offer.getId()), List.of(TestTasks.reserve(List.of(cpus, mem, disk)),
        TestTasks.create(volume), TestTasks.launch(task)), 0.1);
    return task;
  }

  private static List<Resource> reservedTaskResources(Offer offer) {
    return offer.getResourcesList().stream()
        .filter(r -> ROLE.equals(TestTasks.reservationRole(r)))
        .filter(r -> r.getName().equals("cpus") || r.getName().equals("mem")
            || TestTasks.isVolume(r))
        .toList();
  }

  private static boolean hasVolumeAndReservation(Offer offer) {
    List<Resource> r = offer.getResourcesList();
    Predicate<Resource> reserved = res -> ROLE.equals(TestTasks.reservationRole(res));
    return r.stream().anyMatch(res -> TestTasks.isVolume(res)
            && res.getDisk().getPersistence().getId().equals("loss-volume"))
        && TestTasks.sum(r, "cpus", reserved) >= 0.5 - 1e-6
        && TestTasks.sum(r, "mem", reserved) >= 256 - 1e-6
        && TestTasks.sum(r, "cpus", TestTasks::isUnreserved) >= TestTasks.EXECUTOR_CPUS - 1e-6;
  }
}
