package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.ContentType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where Mesos 1.12 serves its APIs and what a subscriber hears first: the master answers the
 * scheduler API at {@code /master/api/v1/scheduler} (where libprocess routes the master process,
 * and where Mesos' own scheduler library posts) as at {@code /api/v1/scheduler}; an agent answers
 * the executor API at {@code /slave(1)/api/v1/executor} as at {@code /api/v1/executor}; right after
 * SUBSCRIBED the master sends a HEARTBEAT (its heartbeater starts with no delay, master.cpp
 * {@code Framework::heartbeat}), then one every interval. Heartbeats are ten minutes apart here,
 * so the one that follows SUBSCRIBED can only be that first one.
 */
class EndpointAliasIT {

  private static final Map<String, String> PROTOBUF = Map.of(
      "Content-Type", "application/x-protobuf", "Accept", "application/x-protobuf");

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1)
      .withHeartbeatInterval(Duration.ofMinutes(10)));

  @Test
  void subscribedIsFollowedAtOnceByAHeartbeat() throws Exception {
    byte[] body = Calls.subscribe("first-heartbeat", "heartbeat-role").toByteArray();
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body, PROTOBUF)) {
      assertThat(sub.status()).isEqualTo(200);
      Event first = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      assertThat(first.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(600.0);
      Event second = Event.parseFrom(sub.next(Duration.ofSeconds(10)).orElseThrow(
          () -> new AssertionError("nothing followed SUBSCRIBED within 10 s")));
      assertThat(second.getType()).isEqualTo(Event.Type.HEARTBEAT);
      assertThat(second.getSerializedSize()).as("a bare HEARTBEAT, as Mesos sends it")
          .isEqualTo(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()
              .getSerializedSize());
      teardown(cluster.masterUrl() + "/api/v1/scheduler",
          first.getSubscribed().getFrameworkId(), sub.header("Mesos-Stream-Id").orElseThrow());
    }
  }

  @Test
  void theMasterAnswersTheSchedulerApiUnderMaster() throws Exception {
    URI alias = URI.create(cluster.masterUrl() + "/master/api/v1/scheduler");
    HttpResponse<String> get = new RawHttp(alias).send(new RawHttp(alias).request().GET()
        .build());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");

    byte[] body = Calls.subscribe("alias-subscriber", "alias-role").toByteArray();
    try (RawSubscription sub = RawSubscription.open(alias, body, PROTOBUF)) {
      assertThat(sub.status()).isEqualTo(200);
      Event subscribed = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      FrameworkID id = subscribed.getSubscribed().getFrameworkId();
      String stream = sub.header("Mesos-Stream-Id").orElseThrow();
      // calls may go to either path: it is one endpoint
      HttpResponse<String> revive = new RawHttp(cluster.masterUrl()).post(
          Calls.revive(id).toByteArray(), Map.of("Content-Type", "application/x-protobuf",
              "Mesos-Stream-Id", stream));
      assertThat(revive.statusCode()).as(revive.body()).isEqualTo(202);
      assertThat(cluster.state().framework(id.getValue())).isPresent();
      teardown(alias.toString(), id, stream);
    }
  }

  @Test
  void theAgentAnswersTheExecutorApiUnderSlave1() throws Exception {
    TestFramework framework = cluster.framework("executor-alias");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo reporting = TestTasks.task("reporting", offer, Map.of("report.env", "true"));
    TaskInfo base = TestTasks.task("silent", offer, Map.of());
    // an executor that never subscribes by itself: the test subscribes in its place
    TaskInfo silent = base.toBuilder().setExecutor(base.getExecutor().toBuilder()
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue("exec sleep 120"))).build();
    framework.accept(offer, List.of(TestTasks.launch(reporting, silent)));
    Properties env = TestExecutor.report(framework.awaitUpdate(0, reporting.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT));
    URI alias = URI.create("http://" + env.getProperty("env.MESOS_AGENT_ENDPOINT")
        + "/slave(1)/api/v1/executor");

    HttpResponse<String> get = new RawHttp(alias).send(new RawHttp(alias).request().GET()
        .build());
    assertThat(get.statusCode()).isEqualTo(405);

    org.apache.mesos.v1.executor.Protos.Call subscribe =
        org.apache.mesos.v1.executor.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.executor.Protos.Call.Type.SUBSCRIBE)
            .setFrameworkId(framework.frameworkId())
            .setExecutorId(silent.getExecutor().getExecutorId())
            .setSubscribe(org.apache.mesos.v1.executor.Protos.Call.Subscribe.getDefaultInstance())
            .build();
    try (RawSubscription sub = RawSubscription.open(alias, subscribe.toByteArray(), PROTOBUF)) {
      assertThat(sub.status()).isEqualTo(200);
      var subscribed = org.apache.mesos.v1.executor.Protos.Event.parseFrom(
          sub.next(TIMEOUT).orElseThrow());
      assertThat(subscribed.getType())
          .isEqualTo(org.apache.mesos.v1.executor.Protos.Event.Type.SUBSCRIBED);
      assertThat(subscribed.getSubscribed().getExecutorInfo().getExecutorId())
          .isEqualTo(silent.getExecutor().getExecutorId());
      var launch = org.apache.mesos.v1.executor.Protos.Event.parseFrom(
          sub.next(TIMEOUT).orElseThrow());
      assertThat(launch.getType())
          .isEqualTo(org.apache.mesos.v1.executor.Protos.Event.Type.LAUNCH);
      assertThat(launch.getLaunch().getTask().getTaskId()).isEqualTo(silent.getTaskId());
    }
  }

  private static void teardown(String endpoint, FrameworkID id, String stream) {
    HttpResponse<String> response = new RawHttp(URI.create(endpoint)).send(
        new RawHttp(URI.create(endpoint)).request()
            .POST(HttpRequest.BodyPublishers.ofByteArray(ContentType.PROTOBUF.encode(
                Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(id).build())))
            .header("Content-Type", "application/x-protobuf").header("Mesos-Stream-Id", stream)
            .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }
}
