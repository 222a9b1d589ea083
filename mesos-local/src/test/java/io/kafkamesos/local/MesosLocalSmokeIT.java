package io.kafkamesos.local;

import static io.kafkamesos.local.Fixtures.create;
import static io.kafkamesos.local.Fixtures.launch;
import static io.kafkamesos.local.Fixtures.reserve;
import static io.kafkamesos.local.Fixtures.reserved;
import static io.kafkamesos.local.Fixtures.scalar;
import static io.kafkamesos.local.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path once: subscribe, offers, RESERVE + CREATE + LAUNCH of a real executor process,
 * TASK_RUNNING, a restart of mesos-local with the executor still running, then KILL.
 */
class MesosLocalSmokeIT {

  private static final String ROLE = "kafka-role";

  @TempDir
  Path workDir;
  private MesosLocal local;
  private TestScheduler scheduler;

  @AfterEach
  void tearDown() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  void launchesOnAVolumeAndKeepsTheTaskRunningAcrossARestart() throws Exception {
    MesosLocalConfig config = MesosLocalConfig.defaults(workDir).withAgents(2)
        .withHeartbeatInterval(Duration.ofSeconds(1));
    local = MesosLocal.start(config);
    scheduler = new TestScheduler(local.masterUrl(),
        TestScheduler.framework("smoke", ROLE), ContentType.JSON);
    scheduler.await(e -> e.getType() == Event.Type.SUBSCRIBED);
    Protos.Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS)
        .getOffers().getOffers(0);
    assertThat(offer.getHostname()).isIn(local.agentHostnames());

    Protos.TaskInfo task = Protos.TaskInfo.newBuilder().setName("smoke")
        .setTaskId(Protos.TaskID.newBuilder().setValue("smoke-task-1"))
        .setAgentId(offer.getAgentId())
        .addResources(reserved("cpus", 0.5, ROLE))
        .addResources(reserved("mem", 128, ROLE))
        .addResources(volume(100, ROLE, "vol-1", "data"))
        .setExecutor(Protos.ExecutorInfo.newBuilder()
            .setExecutorId(Protos.ExecutorID.newBuilder().setValue("smoke-executor"))
            .setCommand(TestScheduler.testExecutorCommand())
            .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)))
        .setData(ByteString.copyFromUtf8("write data/hello.txt hello from the executor"))
        .build();
    int before = scheduler.events().size();
    scheduler.send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(reserve(reserved("cpus", 0.5, ROLE), reserved("mem", 128, ROLE),
            reserved("disk", 100, ROLE)))
        .addOperations(create(volume(100, ROLE, "vol-1", "data")))
        .addOperations(launch(task))));
    Protos.TaskStatus running = scheduler.awaitUpdate(before, "smoke-task-1",
        TaskState.TASK_RUNNING);
    assertThat(running.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
    scheduler.acknowledge(running);

    JsonNode state = state(local);
    JsonNode fw = state.get("frameworks").get(0);
    assertThat(fw.get("tasks").get(0).get("state").asText()).isEqualTo("TASK_RUNNING");
    JsonNode agent = agentNode(state, offer.getAgentId().getValue());
    assertThat(agent.get("reserved_resources").get(ROLE).get("cpus").asDouble()).isEqualTo(0.5);
    Path volumeFile = workDir.resolve("agents").resolve(offer.getAgentId().getValue())
        .resolve("volumes/roles").resolve(ROLE).resolve("vol-1/hello.txt");
    assertThat(Files.readString(volumeFile)).isEqualTo("hello from the executor");

    local.stop();
    local = MesosLocal.start(config);
    int afterRestart = scheduler.events().size();
    scheduler.await(afterRestart, e -> e.getType() == Event.Type.SUBSCRIBED,
        Duration.ofSeconds(60));
    scheduler.send(Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
            .setTaskId(task.getTaskId()).setAgentId(offer.getAgentId()))));
    Protos.TaskStatus reconciled = scheduler.awaitUpdate(afterRestart, "smoke-task-1",
        TaskState.TASK_RUNNING);
    assertThat(reconciled.getReason())
        .isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(agentNode(state(local), offer.getAgentId().getValue())
        .get("reserved_resources").get(ROLE).get("disk").asDouble()).isEqualTo(100);

    int beforeKill = scheduler.events().size();
    scheduler.send(Call.newBuilder().setType(Call.Type.KILL)
        .setKill(Call.Kill.newBuilder().setTaskId(task.getTaskId())));
    Protos.TaskStatus killed = scheduler.awaitUpdate(beforeKill, "smoke-task-1",
        TaskState.TASK_KILLED);
    scheduler.acknowledge(killed);
  }

  static JsonNode state(MesosLocal local) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(local.masterUrl() + "/state")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  static JsonNode agentNode(JsonNode state, String agentId) {
    for (JsonNode agent : state.get("slaves")) {
      if (agent.get("id").asText().equals(agentId)) {
        return agent;
      }
    }
    throw new AssertionError("no agent " + agentId + " in " + state);
  }
}
