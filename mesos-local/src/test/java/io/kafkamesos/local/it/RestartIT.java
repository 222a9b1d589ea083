package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart of mesos-local on the same work dir, as a Mesos master failover plus agent recovery
 * (docs/agent-recovery.md, docs/executor-http-api.md "Agent Recovery"): a checkpointing
 * framework's executor keeps running through {@code stop()}, re-subscribes to the restarted agent,
 * its task is still TASK_RUNNING on reconciliation, and the reservation and volume survive.
 */
class RestartIT {

  private static final String ROLE = "restart-role";
  private static final String PRINCIPAL = "restart-principal";

  @TempDir
  Path work;
  LocalCluster cluster;

  @AfterEach
  void cleanup() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anUpdateSentWhileMesosLocalWasDownArrivesAfterTheRestart() throws Exception {
    // docs/executor-http-api.md: a disconnected executor keeps its unacknowledged updates and
    // sends them with its next SUBSCRIBE; the recovered agent forwards them
    MesosLocalConfig config = MesosLocalConfig.defaults(work).withAgents(1)
        .withPort(LocalCluster.freePort()).withZkPort(LocalCluster.freePort());
    cluster = LocalCluster.start(config);
    TestFramework framework = cluster.framework("patient",
        b -> b.checkpoint(true).failoverTimeout(Duration.ofHours(1)));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Path finish = work.resolve("finish-now");
    TaskInfo task = TestTasks.task("finishes-offline", offer,
        Map.of("finish.file", finish.toString()));
    framework.accept(offer, List.of(TestTasks.launch(task)));
    long pid = TestExecutor.pidIn(framework.awaitUpdate(0, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();
    cluster.track(framework.executorPids());

    int beforeStop = framework.mark();
    cluster.mesos().stop();
    java.nio.file.Files.writeString(finish, "now");
    Poll.sleep(1500); // the executor tries to send TASK_FINISHED and keeps it unacknowledged
    assertThat(LocalCluster.isAlive(pid)).isTrue();

    cluster.replace(MesosLocal.start(config));
    TaskStatus finished = framework.awaitUpdate(beforeStop, task.getTaskId(),
        TaskState.TASK_FINISHED, Duration.ofSeconds(90));
    assertThat(finished.getMessage()).contains("pid=" + pid);
    assertThat(finished.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    // acknowledged, the executor has nothing left and exits
    Poll.until("executor process " + pid + " gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));
  }

  @Test
  void threeMastersComeBackOnTheirPortsAndElectALeader() throws Exception {
    MesosLocalConfig config = MesosLocalConfig.defaults(work).withAgents(1).withMasters(3);
    cluster = LocalCluster.start(config);
    List<String> urls = cluster.mesos().masterUrls();
    assertThat(urls).hasSize(3).doesNotHaveDuplicates();
    cluster.mesos().stop();

    cluster.replace(MesosLocal.start(config));
    assertThat(cluster.mesos().masterUrls()).isEqualTo(urls);
    assertThat(cluster.mesos().leadingMaster()).isPresent();
    assertThat(cluster.state().agents()).hasSize(1);
  }

  @Test
  void aRunningExecutorSurvivesARestartOfMesosLocal() throws Exception {
    MesosLocalConfig config = MesosLocalConfig.defaults(work).withAgents(1)
        .withPort(LocalCluster.freePort()).withZkPort(LocalCluster.freePort());
    cluster = LocalCluster.start(config);
    TestFramework framework = cluster.framework("survivor",
        b -> b.role(ROLE).principal(PRINCIPAL).checkpoint(true)
            .failoverTimeout(Duration.ofHours(1)));
    FrameworkID id = framework.frameworkId();
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    assertThat(offer.getHostname()).isIn(cluster.mesos().agentHostnames());

    var allocation = offer.getAllocationInfo();
    Resource cpus = TestTasks.reserved(TestTasks.scalar("cpus", 0.5, allocation), ROLE, PRINCIPAL);
    Resource mem = TestTasks.reserved(TestTasks.scalar("mem", 128, allocation), ROLE, PRINCIPAL);
    Resource disk = TestTasks.reserved(TestTasks.scalar("disk", 512, allocation), ROLE, PRINCIPAL);
    Resource volume = TestTasks.volume(disk, "restart-volume", "data", PRINCIPAL);
    TaskInfo task = TestTasks.task("long-runner", offer,
        Map.of("volume", "data", "marker", "before-restart"), List.of(cpus, mem, volume));
    framework.accept(List.of(offer.getId()), List.of(TestTasks.reserve(List.of(cpus, mem, disk)),
        TestTasks.create(volume), TestTasks.launch(task)), 1);
    TaskStatus running = framework.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    long pid = TestExecutor.pidIn(running).orElseThrow();
    cluster.track(framework.executorPids());
    assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.getAgentId()).isEqualTo(agent);
    assertThat(MasterState.objects(cluster.state().framework(id.getValue()).orElseThrow()
        .getAsJsonArray("tasks"))).singleElement()
        .satisfies(t -> assertThat(MasterState.string(t, "state")).isEqualTo("TASK_RUNNING"));
    // the volume is a directory of the agent's work dir, outside the sandbox
    Path marker = work.resolve("agents").resolve(agent.getValue()).resolve("volumes/roles")
        .resolve(ROLE).resolve("restart-volume").resolve("marker.txt");
    assertThat(java.nio.file.Files.readString(marker)).isEqualTo("before-restart");

    // crash-like stop: the executor keeps running
    int beforeStop = framework.mark();
    cluster.mesos().stop();
    assertThat(LocalCluster.isAlive(pid)).as("executor alive after stop()").isTrue();

    cluster.replace(MesosLocal.start(config));
    assertThat(cluster.masterUrl()).endsWith(":" + config.port());

    // the scheduler client re-subscribes by itself, with its framework id
    int mark = beforeStop;
    Event resubscribed = framework.awaitEvent(beforeStop, Event.Type.SUBSCRIBED, e -> true,
        TIMEOUT);
    assertThat(resubscribed.getSubscribed().getFrameworkId()).isEqualTo(id);

    // explicit reconciliation, retried as docs/reconciliation.md advises while agents recover
    TaskStatus reconciled = Poll.until("TASK_RUNNING on reconciliation after the restart",
        Duration.ofSeconds(90), () -> {
          int before = framework.mark();
          framework.reconcile(List.of(Call.Reconcile.Task.newBuilder()
              .setTaskId(task.getTaskId()).setAgentId(agent).build()));
          return framework.eventWithin(before, Event.Type.UPDATE,
              e -> e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
                  && e.getUpdate().getStatus().getReason()
                      == TaskStatus.Reason.REASON_RECONCILIATION
                  && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING,
              Duration.ofSeconds(3)).map(e -> e.getUpdate().getStatus());
        });
    assertThat(reconciled.getAgentId()).isEqualTo(agent);
    assertThat(LocalCluster.isAlive(pid)).as("the same executor process, never restarted").isTrue();
    assertThat(framework.events(mark)).noneMatch(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
        && e.getUpdate().getStatus().getState() != TaskState.TASK_RUNNING);

    // the reservation survived
    var reserved = MasterState.reservedFor(cluster.state().agent(agent.getValue()), ROLE)
        .orElseThrow(() -> new AssertionError("reservation lost: " + cluster.state()));
    assertThat(MasterState.quantity(reserved, "disk")).isCloseTo(512, within(1e-6));

    // the executor re-subscribed: a KILL reaches the very same process
    int beforeKill = framework.mark();
    framework.kill(task.getTaskId(), agent);
    TaskStatus killed = framework.awaitUpdate(beforeKill, task.getTaskId(),
        TaskState.TASK_KILLED, TIMEOUT);
    assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(killed.getMessage()).contains("pid=" + pid);

    // and the volume, with the data of the first run, is offered again
    framework.revive();
    Offer withVolume = framework.awaitOfferMatching(agent,
        o -> o.getResourcesList().stream().anyMatch(r -> TestTasks.isVolume(r)
            && r.getDisk().getPersistence().getId().equals("restart-volume"))
            && TestTasks.sum(o.getResourcesList(), "cpus", TestTasks::isUnreserved) >= 0.1,
        "an offer with the volume after the restart", TIMEOUT);
    List<Resource> again = withVolume.getResourcesList().stream()
        .filter(r -> ROLE.equals(TestTasks.reservationRole(r)))
        .filter(r -> r.getName().equals("cpus") || r.getName().equals("mem")
            || TestTasks.isVolume(r))
        .toList();
    TaskInfo relaunch = TestTasks.task("after-restart", withVolume,
        Map.of("volume", "data", "marker", "after-restart"), again);
    int beforeRelaunch = framework.mark();
    framework.accept(withVolume, List.of(TestTasks.launch(relaunch)));
    TaskStatus relaunched = framework.awaitUpdate(beforeRelaunch, relaunch.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT);
    assertThat(TestExecutor.report(relaunched).getProperty("previous"))
        .isEqualTo("before-restart");
  }
}
