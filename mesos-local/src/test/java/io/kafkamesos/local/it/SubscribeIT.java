package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kafkamesos.commons.mesos.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SUBSCRIBE as docs/scheduler-http-api.md describes it: a 200 streaming response in RecordIO whose
 * first event is SUBSCRIBED (framework id, heartbeat_interval_seconds), a {@code Mesos-Stream-Id}
 * header, HEARTBEAT events, JSON or protobuf records chosen by the Accept header, and one
 * subscription per framework (a newer one closes the older with an ERROR).
 */
class SubscribeIT {

  private static final Map<String, String> JSON = Map.of(
      "Content-Type", "application/json", "Accept", "application/json");
  private static final Map<String, String> PROTOBUF = Map.of(
      "Content-Type", "application/x-protobuf", "Accept", "application/x-protobuf");

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1)
      .withHeartbeatInterval(Duration.ofSeconds(1)));

  @Test
  void subscribedCarriesFrameworkIdAndHeartbeatIntervalThenHeartbeatsFollow() {
    TestFramework framework = cluster.framework("heartbeats");

    Event subscribed = framework.awaitEvent(Event.Type.SUBSCRIBED, e -> true, TIMEOUT);
    assertThat(subscribed.getSubscribed().getFrameworkId().getValue()).isNotBlank();
    assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(1.0);
    assertThat(framework.streamId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());

    Poll.until("two HEARTBEAT events", TIMEOUT, () -> framework.events(0).stream()
        .filter(e -> e.getType() == Event.Type.HEARTBEAT).count() >= 2);
  }

  @Test
  void jsonSubscriptionStreamsMesosJsonRecords() throws Exception {
    byte[] body = ContentType.JSON.encode(Calls.subscribe("json-subscriber", "json-role"));
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body, JSON)) {
      assertThat(sub.status()).isEqualTo(200);
      assertThat(sub.header("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/json"));
      String streamId = sub.header("Mesos-Stream-Id").orElseThrow(
          () -> new AssertionError("no Mesos-Stream-Id header"));
      assertThat(streamId.getBytes(StandardCharsets.UTF_8).length).isBetween(1, 128);

      // Mesos' JSON: proto field names and enum names, as in the documentation's examples
      JsonObject first = JsonParser.parseString(new String(
          sub.next(TIMEOUT).orElseThrow(), StandardCharsets.UTF_8)).getAsJsonObject();
      assertThat(first.get("type").getAsString()).isEqualTo("SUBSCRIBED");
      JsonObject subscribed = first.getAsJsonObject("subscribed");
      String frameworkId = subscribed.getAsJsonObject("framework_id").get("value").getAsString();
      assertThat(frameworkId).isNotBlank();
      assertThat(subscribed.get("heartbeat_interval_seconds").getAsDouble()).isEqualTo(1.0);

      assertThat(nextOfType(sub, "HEARTBEAT", false)).isTrue();

      RawHttp http = new RawHttp(cluster.masterUrl());
      var teardown = http.post(ContentType.JSON.encode(Calls.teardown(id(frameworkId))),
          Map.of("Content-Type", "application/json", "Mesos-Stream-Id", streamId));
      assertThat(teardown.statusCode()).as(teardown.body()).isEqualTo(202);
    }
  }

  @Test
  void protobufSubscriptionStreamsProtobufRecords() throws Exception {
    byte[] body = Calls.subscribe("protobuf-subscriber", "protobuf-role").toByteArray();
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body, PROTOBUF)) {
      assertThat(sub.status()).isEqualTo(200);
      assertThat(sub.header("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/x-protobuf"));
      String streamId = sub.header("Mesos-Stream-Id").orElseThrow();

      Event first = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      FrameworkID frameworkId = first.getSubscribed().getFrameworkId();
      assertThat(first.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(1.0);
      assertThat(nextOfType(sub, "HEARTBEAT", true)).isTrue();

      var teardown = new RawHttp(cluster.masterUrl()).post(
          Calls.teardown(frameworkId).toByteArray(),
          Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", streamId));
      assertThat(teardown.statusCode()).as(teardown.body()).isEqualTo(202);
    }
  }

  @Test
  void acceptHeaderChoosesTheEncodingOfTheStream() throws Exception {
    byte[] body = ContentType.JSON.encode(Calls.subscribe("mixed-subscriber", "mixed-role"));
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body,
        Map.of("Content-Type", "application/json", "Accept", "application/x-protobuf"))) {
      assertThat(sub.status()).isEqualTo(200);
      assertThat(sub.header("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/x-protobuf"));
      Event first = Event.parseFrom(sub.next(TIMEOUT).orElseThrow());
      assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
      teardownRaw(first.getSubscribed().getFrameworkId(), sub.header("Mesos-Stream-Id").orElseThrow());
    }
  }

  @Test
  void jsonCallsWorkThroughTheClient() {
    TestFramework framework = cluster.framework("json-client",
        b -> b.contentType(ContentType.JSON).role("json-client-role"));
    var offers = framework.awaitOffers(1, TIMEOUT);
    framework.decline(offers.stream().map(o -> o.getId()).toList(), 1);
    framework.revive();
    framework.awaitOffers(1, TIMEOUT);
  }

  @Test
  void aNewSubscriptionOfTheSameFrameworkClosesTheOldOneWithAnError() {
    TestFramework first = cluster.framework("failing-over");
    FrameworkID id = first.frameworkId();
    String oldStream = first.streamId().orElseThrow();

    byte[] body = ContentType.JSON.encode(Calls.resubscribe("failing-over", "test-role",
        first.principal(), id));
    try (RawSubscription second = RawSubscription.open(cluster.masterUrl(), body, JSON)) {
      assertThat(second.status()).isEqualTo(200);
      String newStream = second.header("Mesos-Stream-Id").orElseThrow();
      assertThat(newStream).isNotEqualTo(oldStream);
      JsonObject subscribed = JsonParser.parseString(new String(
          second.next(TIMEOUT).orElseThrow(), StandardCharsets.UTF_8)).getAsJsonObject();
      assertThat(subscribed.get("type").getAsString()).as(subscribed.toString())
          .isEqualTo("SUBSCRIBED");
      assertThat(subscribed.getAsJsonObject("subscribed").getAsJsonObject("framework_id")
          .get("value").getAsString()).isEqualTo(id.getValue());

      // master.cpp: the old connection gets ERROR "Framework failed over" and is closed
      Event error = first.awaitEvent(Event.Type.ERROR, e -> true, TIMEOUT);
      assertThat(error.getError().getMessage()).isEqualTo("Framework failed over");

      RawHttp http = new RawHttp(cluster.masterUrl());
      var withOldStream = http.post(Calls.revive(id).toByteArray(),
          Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", oldStream));
      assertThat(withOldStream.statusCode()).as(withOldStream.body()).isEqualTo(400);
      var withNewStream = http.post(Calls.revive(id).toByteArray(),
          Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", newStream));
      assertThat(withNewStream.statusCode()).as(withNewStream.body()).isEqualTo(202);
      teardownRaw(id, newStream);
    }
  }

  @Test
  void withoutAcceptHeaderTheStreamIsJson() {
    byte[] body = Calls.subscribe("no-accept", "no-accept-role").toByteArray();
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body,
        Map.of("Content-Type", "application/x-protobuf"))) {
      assertThat(sub.status()).isEqualTo(200);
      assertThat(sub.header("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/json"));
      JsonObject first = JsonParser.parseString(new String(
          sub.next(TIMEOUT).orElseThrow(), StandardCharsets.UTF_8)).getAsJsonObject();
      assertThat(first.get("type").getAsString()).isEqualTo("SUBSCRIBED");
      teardownRaw(FrameworkID.newBuilder().setValue(first.getAsJsonObject("subscribed")
          .getAsJsonObject("framework_id").get("value").getAsString()).build(),
          sub.header("Mesos-Stream-Id").orElseThrow());
    }
  }

  @Test
  void anInvalidFrameworkInfoIsAnsweredWithAnErrorEventAndTheStreamCloses() {
    // validation.cpp validateRoles: a role component may not contain whitespace
    byte[] body = ContentType.JSON.encode(Calls.subscribe("bad-roles", "bad role"));
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body, JSON)) {
      assertThat(sub.status()).isEqualTo(200);
      JsonObject first = JsonParser.parseString(new String(
          sub.next(TIMEOUT).orElseThrow(), StandardCharsets.UTF_8)).getAsJsonObject();
      assertThat(first.get("type").getAsString()).as(first.toString()).isEqualTo("ERROR");
      assertThat(first.getAsJsonObject("error").get("message").getAsString()).isNotBlank();
      Poll.until("the refused stream closed", TIMEOUT, () -> {
        sub.next(Duration.ofMillis(500));
        return sub.ended();
      });
    }
  }

  private static void teardownRaw(FrameworkID id, String streamId) {
    var response = new RawHttp(cluster.masterUrl()).post(Calls.teardown(id).toByteArray(),
        Map.of("Content-Type", "application/x-protobuf", "Mesos-Stream-Id", streamId));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static boolean nextOfType(RawSubscription sub, String type, boolean protobuf)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      var record = sub.next(Duration.ofSeconds(5));
      if (record.isEmpty()) {
        if (sub.ended()) {
          return false;
        }
        continue;
      }
      String actual = protobuf ? Event.parseFrom(record.get()).getType().name()
          : JsonParser.parseString(new String(record.get(), StandardCharsets.UTF_8))
              .getAsJsonObject().get("type").getAsString();
      if (actual.equals(type)) {
        return true;
      }
    }
    return false;
  }

  private static FrameworkID id(String value) {
    return FrameworkID.newBuilder().setValue(value).build();
  }
}
