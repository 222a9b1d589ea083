package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.kafkamesos.local.MesosLocalConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Framework authentication as a Mesos master with {@code --authenticate_http_frameworks} and
 * {@code --credentials} does it (docs/authentication.md; libprocess' basic authenticator for the
 * realm {@code mesos-master-scheduler}): a request to the scheduler API without valid basic
 * credentials gets {@code 401 Unauthorized.} with {@code WWW-Authenticate}, on every master (it
 * comes before a non-leader's redirect); a SUBSCRIBE naming another principal than the
 * authenticated one is refused with 400 (validation.cpp); one naming none gets the authenticated
 * principal; a call authenticated as another principal than its framework's is refused with 400
 * (http.cpp). {@code /state} and {@code /health} need no credentials.
 */
class FrameworkAuthIT {

  private static final String CHALLENGE = "Basic realm=\"mesos-master-scheduler\"";

  @TempDir
  static Path work;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Path credentials = work.resolve("credentials.json");
    Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"kafka\", \"secret\":"
        + " \"s3cret\"}, {\"principal\": \"other\", \"secret\": \"0ther\"}]}");
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work.resolve("mesos")).withAgents(1)
        .withMasters(2).withCredentials(credentials.toString())
        .withFrameworkAuthentication(true));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void withoutValidCredentialsTheSchedulerApiAnswers401() {
    byte[] subscribe = subscribe("kafka", null).toByteArray();
    List<String> wrong = List.of(
        basic("kafka", "wrong"), basic("nobody", "s3cret"), basic("kafka", ""),
        "Bearer " + base64("kafka:s3cret"), "Basic", "Basic !!!not-base64!!!",
        "basic " + base64("kafka:s3cret"));
    for (String url : cluster.mesos().masterUrls()) {
      for (String path : List.of("/api/v1/scheduler", "/master/api/v1/scheduler")) {
        assertUnauthorized(post(url + path, subscribe, null));
        for (String authorization : wrong) {
          assertUnauthorized(post(url + path, subscribe, authorization));
        }
      }
      assertThat(get(url + "/state").statusCode()).isIn(200, 307);
      assertThat(get(url + "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theRightCredentialsSubscribeAndANonLeaderRedirects() throws Exception {
    String leader = cluster.masterUrl();
    String other = cluster.mesos().masterUrls().stream().filter(u -> !u.equals(leader))
        .findFirst().orElseThrow();
    HttpResponse<String> redirected = post(other + "/api/v1/scheduler",
        subscribe("kafka", "kafka").toByteArray(), basic("kafka", "s3cret"));
    assertThat(redirected.statusCode()).isEqualTo(307);
    assertThat(redirected.headers().firstValue("Location"))
        .contains(leader.substring("http:".length()) + "/master/api/v1/scheduler");

    try (RawSubscription sub = RawSubscription.open(URI.create(leader + "/api/v1/scheduler"),
        subscribe("kafka", "kafka").toByteArray(), headers(basic("kafka", "s3cret")))) {
      assertThat(sub.status()).isEqualTo(200);
      Event subscribed = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      FrameworkID id = subscribed.getSubscribed().getFrameworkId();
      String stream = sub.header("Mesos-Stream-Id").orElseThrow();

      HttpResponse<String> revive = post(leader + "/api/v1/scheduler",
          Calls.revive(id).toByteArray(), basic("kafka", "s3cret"), stream);
      assertThat(revive.statusCode()).as(revive.body()).isEqualTo(202);
      // the framework's own stream id, but another (valid) principal: http.cpp refuses it
      HttpResponse<String> foreign = post(leader + "/api/v1/scheduler",
          Calls.revive(id).toByteArray(), basic("other", "0ther"), stream);
      assertThat(foreign.statusCode()).isEqualTo(400);
      assertThat(foreign.body()).isEqualTo("Authenticated principal 'other' does not match"
          + " principal 'kafka' set in `FrameworkInfo`");
      // and without credentials, 401 before anything else
      assertUnauthorized(post(leader + "/api/v1/scheduler", Calls.revive(id).toByteArray(),
          null, stream));

      HttpResponse<String> teardown = post(leader + "/api/v1/scheduler",
          Calls.teardown(id).toByteArray(), basic("kafka", "s3cret"), stream);
      assertThat(teardown.statusCode()).as(teardown.body()).isEqualTo(202);
    }
  }

  @Test
  void aSubscribeNamingAnotherPrincipalIsRefused() {
    HttpResponse<String> response = post(cluster.masterUrl() + "/api/v1/scheduler",
        subscribe("impostor", "kafka").toByteArray(), basic("other", "0ther"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Failed to validate scheduler::Call: Authenticated"
        + " principal 'other' does not match principal 'kafka' set in `FrameworkInfo`");
  }

  @Test
  void aSubscribeWithoutPrincipalGetsTheAuthenticatedOne() throws Exception {
    try (RawSubscription sub = RawSubscription.open(
        URI.create(cluster.masterUrl() + "/api/v1/scheduler"),
        subscribe("anonymous", null).toByteArray(), headers(basic("other", "0ther")))) {
      assertThat(sub.status()).isEqualTo(200);
      Event subscribed = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      FrameworkID id = subscribed.getSubscribed().getFrameworkId();
      JsonObject framework = cluster.state().framework(id.getValue()).orElseThrow();
      assertThat(MasterState.string(framework, "principal")).isEqualTo("other");
      HttpResponse<String> teardown = post(cluster.masterUrl() + "/api/v1/scheduler",
          Calls.teardown(id).toByteArray(), basic("other", "0ther"),
          sub.header("Mesos-Stream-Id").orElseThrow());
      assertThat(teardown.statusCode()).as(teardown.body()).isEqualTo(202);
    }
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
    assertThat(response.body()).isEqualTo("401 Unauthorized.");
  }

  private static Call subscribe(String name, String principal) {
    Call call = Calls.subscribe(name, name + "-role");
    if (principal == null) {
      return call;
    }
    return call.toBuilder().setSubscribe(call.getSubscribe().toBuilder().setFrameworkInfo(
        call.getSubscribe().getFrameworkInfo().toBuilder().setPrincipal(principal))).build();
  }

  private static Map<String, String> headers(String authorization) {
    Map<String, String> headers = new HashMap<>(Map.of(
        "Content-Type", "application/x-protobuf", "Accept", "application/x-protobuf"));
    headers.put("Authorization", authorization);
    return headers;
  }

  private static String basic(String principal, String secret) {
    return "Basic " + base64(principal + ":" + secret);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String url, byte[] body, String authorization) {
    return post(url, body, authorization, null);
  }

  private static HttpResponse<String> post(String url, byte[] body, String authorization,
      String streamId) {
    RawHttp http = new RawHttp(URI.create(url));
    HttpRequest.Builder request = http.request().POST(HttpRequest.BodyPublishers.ofByteArray(
        body)).header("Content-Type", "application/x-protobuf");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (streamId != null) {
      request.header("Mesos-Stream-Id", streamId);
    }
    return http.send(request.build());
  }

  private static HttpResponse<String> get(String url) {
    RawHttp http = new RawHttp(URI.create(url));
    return http.send(http.request().GET().build());
  }
}
