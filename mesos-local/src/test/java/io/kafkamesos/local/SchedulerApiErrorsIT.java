package io.kafkamesos.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get Mesos' status codes and messages, and the master keeps serving. */
class SchedulerApiErrorsIT {

  @TempDir
  static Path workDir;
  private static MesosLocal local;
  private static TestScheduler scheduler;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    local = MesosLocal.start(MesosLocalConfig.defaults(workDir).withAgents(1));
    scheduler = new TestScheduler(local.masterUrl(), TestScheduler.framework("errors", "r"),
        ContentType.PROTOBUF);
    scheduler.await(e -> e.getType() == Event.Type.SUBSCRIBED);
  }

  @AfterAll
  static void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (local != null) {
      local.close();
    }
  }

  private static HttpResponse<String> post(String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create(local.masterUrl() + "/api/v1/scheduler")).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String fwId() {
    return scheduler.id().getValue();
  }

  @Test
  void refusesOtherMethodsWith405() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create(local.masterUrl() + "/api/v1/scheduler")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void refusesUnknownContentTypesWith415() throws Exception {
    HttpResponse<String> response = post("text/plain", "{}");
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).isEqualTo(
        "Expecting 'Content-Type' of application/json or application/x-protobuf");
  }

  @Test
  void refusesAMissingContentTypeWith400() throws Exception {
    HttpResponse<String> response = post(null, "{}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Expecting 'Content-Type' to be present");
  }

  @Test
  void refusesMalformedJsonWith400() throws Exception {
    HttpResponse<String> response = post("application/json", "{not json");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("Failed to parse body into JSON: ");
  }

  @Test
  void refusesACallWithoutTypeOrFrameworkId() throws Exception {
    HttpResponse<String> noType = post("application/json", "{}");
    assertThat(noType.statusCode()).isEqualTo(400);
    assertThat(noType.body()).isEqualTo(
        "Failed to validate scheduler::Call: Expecting 'type' to be present");
    HttpResponse<String> noId = post("application/json", "{\"type\":\"REVIVE\"}");
    assertThat(noId.body()).isEqualTo(
        "Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
  }

  @Test
  void refusesASubscribeWithoutRequiredFields() throws Exception {
    HttpResponse<String> response = post("application/json",
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"x\"}}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Failed to convert JSON into Call protobuf: "
        + "Missing required fields: subscribe.framework_info.user");
  }

  @Test
  void refusesAnUnacceptableAcceptWith406() throws Exception {
    HttpResponse<String> response = post("application/json",
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"}}}",
        "Accept", "text/html");
    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(response.body()).isEqualTo(
        "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  }

  @Test
  void refusesMissingOrWrongStreamIds() throws Exception {
    String revive = "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + fwId() + "\"}}";
    HttpResponse<String> missing = post("application/json", revive);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo(
        "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    HttpResponse<String> wrong = post("application/json", revive, "Mesos-Stream-Id", "nope");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).isEqualTo("The stream ID 'nope' included in this request didn't "
        + "match the stream ID currently associated with framework ID " + fwId());
    HttpResponse<String> right = post("application/json", revive, "Mesos-Stream-Id",
        scheduler.streamId());
    assertThat(right.statusCode()).isEqualTo(202);
  }

  @Test
  void refusesCallsForUnknownFrameworks() throws Exception {
    HttpResponse<String> response = post("application/json",
        "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"no-such-framework\"}}",
        "Mesos-Stream-Id", "x");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Framework cannot be found");
  }

  @Test
  void refusesASubscribeWithAStreamId() throws Exception {
    HttpResponse<String> response = post("application/json",
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"}}}",
        "Mesos-Stream-Id", "x");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "Subscribe calls should not include the 'Mesos-Stream-Id' header");
  }

  @Test
  void keepsServingAfterBadRequests() throws Exception {
    post("application/x-protobuf", "\u0001\u0002garbage");
    post("application/json", "[]");
    scheduler.send(Call.newBuilder().setType(Call.Type.REVIVE));
    assertThat(MesosLocalSmokeIT.state(local).get("frameworks").get(0).get("active").asBoolean())
        .isTrue();
  }
}
