package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.MesosLocalConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status codes of {@code Master::Http::scheduler} (src/master/http.cpp) and of
 * {@code validation::scheduler::call::validate} (src/master/validation.cpp): 405 for a method
 * other than POST, 400 without Content-Type or for a body that is not a valid Call, 415 for another
 * media type, 406 when the Accept header allows neither encoding, 400 for a SUBSCRIBE carrying a
 * Mesos-Stream-Id, 400 for an unknown framework, 403 for a known framework that is not subscribed,
 * 400 for a missing or foreign stream id. After each refusal the master still serves.
 */
class BadRequestIT {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  @TempDir
  static Path work;
  static LocalCluster cluster;
  static RawHttp http;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(1));
    http = new RawHttp(cluster.masterUrl());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Every refusal leaves the master serving: a new framework still subscribes and gets offers. */
  @AfterEach
  void masterStillServes() {
    cluster.teardownFrameworks();
    try {
      TestFramework probe = cluster.framework("probe-" + UUID.randomUUID());
      probe.awaitOffers(1, TIMEOUT);
      assertThat(cluster.state().agents()).hasSize(1);
    } finally {
      cluster.teardownFrameworks();
    }
  }

  @Test
  void getIsMethodNotAllowed() {
    HttpResponse<String> response = http.send(http.request().GET().build());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
        allow -> assertThat(allow).contains("POST"));
  }

  @Test
  void contentTypeWithParametersIsUnsupportedMediaType() {
    // http.cpp compares the whole header with the two media types
    HttpResponse<String> response = http.post(Calls.subscribe("x", "r").toByteArray(),
        Map.of("Content-Type", "application/x-protobuf; charset=utf-8"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
  }

  @Test
  void missingContentTypeIsBadRequest() {
    HttpResponse<String> response = http.post(Calls.subscribe("x", "r").toByteArray(), Map.of());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Expecting 'Content-Type' to be present");
  }

  @Test
  void unknownContentTypeIsUnsupportedMediaType() {
    HttpResponse<String> response = http.post("type=SUBSCRIBE".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "text/plain"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
    assertThat(response.body()).isEqualTo(
        "Expecting 'Content-Type' of application/json or application/x-protobuf");
  }

  @Test
  void malformedProtobufBodyIsBadRequest() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02, (byte) 0x9a};
    HttpResponse<String> response = http.post(garbage, Map.of("Content-Type", PROTOBUF));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isNotBlank();
  }

  @Test
  void malformedJsonBodyIsBadRequest() {
    HttpResponse<String> response = post("{\"type\": \"SUBSCRIBE\", ", JSON, Optional.empty());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).startsWith("Failed to parse body into JSON: ");
  }

  @Test
  void jsonOfAnUnknownCallTypeIsBadRequest() {
    HttpResponse<String> response = post("{\"type\": \"MAKE_COFFEE\"}", JSON, Optional.empty());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void callWithoutTypeIsBadRequest() {
    HttpResponse<String> response = post("{}", JSON, Optional.empty());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "Failed to validate scheduler::Call: Expecting 'type' to be present");
  }

  @Test
  void subscribeWithoutARequiredFieldIsBadRequestNamingIt() {
    HttpResponse<String> response = post(
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"x\"}}}", JSON,
        Optional.empty());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Failed to convert JSON into Call protobuf: "
        + "Missing required fields: subscribe.framework_info.user");
  }

  @Test
  void subscribeWithoutSubscribeMessageIsBadRequest() {
    HttpResponse<String> response = post("{\"type\": \"SUBSCRIBE\"}", JSON, Optional.empty());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void subscribeWhoseFrameworkIdsDifferIsBadRequest() {
    Call call = Calls.subscribe("x", "r").toBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue("some-other-id")).build();
    HttpResponse<String> response = http.post(call.toByteArray(), Map.of("Content-Type", PROTOBUF));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void subscribeWithAStreamIdIsBadRequest() {
    HttpResponse<String> response = http.post(Calls.subscribe("x", "r").toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", UUID.randomUUID().toString()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "Subscribe calls should not include the 'Mesos-Stream-Id' header");
  }

  @Test
  void subscribeAcceptingNeitherEncodingIsNotAcceptable() {
    HttpResponse<String> response = http.post(Calls.subscribe("x", "r").toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Accept", "text/html"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(406);
    assertThat(response.body()).isEqualTo(
        "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  }

  @Test
  void callWithoutFrameworkIdIsBadRequest() {
    TestFramework framework = cluster.framework("no-framework-id");
    Call call = Call.newBuilder().setType(Call.Type.REVIVE).build();
    HttpResponse<String> response = http.post(call.toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", framework.streamId().orElseThrow()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
  }

  @Test
  void acceptWithoutItsMessageIsBadRequest() {
    TestFramework framework = cluster.framework("accept-without-accept");
    Call call = Call.newBuilder().setType(Call.Type.ACCEPT)
        .setFrameworkId(framework.frameworkId()).build();
    HttpResponse<String> response = http.post(call.toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", framework.streamId().orElseThrow()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void acknowledgeWithAnInvalidUuidIsBadRequest() {
    TestFramework framework = cluster.framework("bad-uuid");
    Call call = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
        .setFrameworkId(framework.frameworkId())
        .setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("agent"))
            .setTaskId(TestTasks.taskId("task"))
            .setUuid(com.google.protobuf.ByteString.copyFromUtf8("not-a-uuid")))
        .build();
    HttpResponse<String> response = http.post(call.toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", framework.streamId().orElseThrow()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
  }

  @Test
  void missingStreamIdIsBadRequest() {
    TestFramework framework = cluster.framework("missing-stream-id");
    HttpResponse<String> response = http.post(Calls.revive(framework.frameworkId()).toByteArray(),
        Map.of("Content-Type", PROTOBUF));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  }

  @Test
  void wrongStreamIdIsBadRequest() {
    TestFramework framework = cluster.framework("wrong-stream-id");
    String wrong = UUID.randomUUID().toString();
    HttpResponse<String> response = http.post(Calls.revive(framework.frameworkId()).toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", wrong));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("The stream ID '" + wrong + "' included in this "
        + "request didn't match the stream ID currently associated with framework ID "
        + framework.frameworkId().getValue());
  }

  @Test
  void callForAnotherFrameworkWithOurStreamIdIsBadRequest() {
    TestFramework ours = cluster.framework("ours");
    TestFramework theirs = cluster.framework("theirs", b -> b.role("their-role"));
    HttpResponse<String> response = http.post(Calls.teardown(theirs.frameworkId()).toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", ours.streamId().orElseThrow()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    // and the other framework was not torn down
    theirs.revive();
    assertThat(cluster.state().framework(theirs.frameworkId().getValue())).isPresent();
  }

  @Test
  void callForAnUnknownFrameworkIsBadRequest() {
    FrameworkID unknown = FrameworkID.newBuilder().setValue(UUID.randomUUID() + "-0000").build();
    HttpResponse<String> response = http.post(Calls.revive(unknown).toByteArray(),
        Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", UUID.randomUUID().toString()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Framework cannot be found");
  }

  @Test
  void callForAFrameworkThatIsNotSubscribedIsForbidden() {
    TestFramework framework = cluster.framework("disconnected",
        b -> b.failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = framework.frameworkId();
    String streamId = framework.streamId().orElseThrow();
    framework.close();

    // the master notices the closed subscription connection, then refuses calls with 403
    HttpResponse<String> response = Poll.until("403 for the disconnected framework", TIMEOUT,
        () -> {
          HttpResponse<String> r = http.post(Calls.revive(id).toByteArray(),
              Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", streamId));
          return r.statusCode() == 202 ? Optional.empty() : Optional.of(r);
        });
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("Framework is not subscribed");

    // re-subscribing ends the disconnection; tear it down for the next test
    TestFramework back = cluster.framework("disconnected", b -> b.frameworkId(id));
    assertThat(back.frameworkId()).isEqualTo(id);
  }

  private static HttpResponse<String> post(String body, String contentType,
      Optional<String> streamId) {
    HttpRequest.Builder b = http.request()
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", contentType);
    streamId.ifPresent(id -> b.header("Mesos-Stream-Id", id));
    return http.send(b.build());
  }
}
