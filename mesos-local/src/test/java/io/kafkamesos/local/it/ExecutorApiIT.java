package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.local.MesosLocalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's {@code /api/v1/executor} refusing what Mesos refuses (src/slave/http.cpp
 * {@code Http::executor}, src/common/validation.cpp {@code validateExecutorCall}): 405, 415, 400
 * for a body that is not a valid Call or an UPDATE without uuid, from another source or in
 * TASK_STAGING, 400 for an unknown framework or executor, 403 for an executor not yet subscribed.
 */
class ExecutorApiIT {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path work;
  static LocalCluster cluster;
  static URI endpoint;
  static FrameworkID frameworkId;
  static ExecutorID subscribed;
  static TaskID subscribedTask;
  static ExecutorID mute;
  static TaskID muteTask;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(1));
    TestFramework framework = cluster.framework("executor-api");
    frameworkId = framework.frameworkId();
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo reporting = TestTasks.task("reporting", offer, Map.of("report.env", "true"));
    TaskInfo muteBase = TestTasks.task("mute", offer, Map.of());
    TaskInfo silent = muteBase.toBuilder().setExecutor(muteBase.getExecutor().toBuilder()
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue("exec sleep 120"))).build();
    framework.accept(offer, List.of(TestTasks.launch(reporting, silent)));
    Properties env = TestExecutor.report(framework.awaitUpdate(0, reporting.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT));
    endpoint = URI.create("http://" + env.getProperty("env.MESOS_AGENT_ENDPOINT")
        + "/api/v1/executor");
    subscribed = reporting.getExecutor().getExecutorId();
    subscribedTask = reporting.getTaskId();
    mute = silent.getExecutor().getExecutorId();
    muteTask = silent.getTaskId();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void getIsMethodNotAllowed() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint).GET());
    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void unknownContentTypeIsUnsupportedMediaType() {
    HttpResponse<String> response = post("hello".getBytes(), "text/plain");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
  }

  @Test
  void malformedBodyIsBadRequest() {
    HttpResponse<String> response = post(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void callWithoutExecutorIdIsBadRequest() {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(frameworkId)
        .setSubscribe(Call.Subscribe.getDefaultInstance()).buildPartial();
    HttpResponse<String> response = post(call.toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void updateWithoutUuidIsBadRequest() {
    TaskStatus status = status(subscribedTask, TaskState.TASK_RUNNING).toBuilder().clearUuid()
        .build();
    HttpResponse<String> response = post(update(subscribed, status).toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void updateFromAnotherSourceIsBadRequest() {
    TaskStatus status = status(subscribedTask, TaskState.TASK_RUNNING).toBuilder()
        .setSource(TaskStatus.Source.SOURCE_MASTER).build();
    HttpResponse<String> response = post(update(subscribed, status).toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void updateToTaskStagingIsBadRequest() {
    TaskStatus status = status(subscribedTask, TaskState.TASK_STAGING);
    HttpResponse<String> response = post(update(subscribed, status).toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void subscribeOfAnUnknownFrameworkIsBadRequest() {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setFrameworkId(FrameworkID.newBuilder().setValue("no-such-framework"))
        .setExecutorId(subscribed).setSubscribe(Call.Subscribe.getDefaultInstance()).build();
    HttpResponse<String> response = post(call.toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void subscribeOfAnUnknownExecutorIsBadRequest() {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(frameworkId)
        .setExecutorId(ExecutorID.newBuilder().setValue("no-such-executor"))
        .setSubscribe(Call.Subscribe.getDefaultInstance()).build();
    HttpResponse<String> response = post(call.toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void updateFromAnExecutorThatHasNotSubscribedIsForbidden() {
    HttpResponse<String> response = post(
        update(mute, status(muteTask, TaskState.TASK_RUNNING)).toByteArray(), PROTOBUF);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
  }

  private static Call update(ExecutorID executor, TaskStatus status) {
    return Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(frameworkId)
        .setExecutorId(executor).setUpdate(Call.Update.newBuilder().setStatus(status)).build();
  }

  private static TaskStatus status(TaskID task, TaskState state) {
    UUID uuid = UUID.randomUUID();
    byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    return TaskStatus.newBuilder().setTaskId(task).setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(ByteString.copyFrom(bytes))
        .setMessage("raw update from the test").build();
  }

  private static HttpResponse<String> post(byte[] body, String contentType) {
    return send(HttpRequest.newBuilder(endpoint).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
