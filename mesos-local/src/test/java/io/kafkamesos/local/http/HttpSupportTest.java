package io.kafkamesos.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpSupportTest {

  @Test
  void matchesAcceptRangesAndQualities() {
    assertThat(HttpSupport.accepts("application/json", "application/json")).isTrue();
    assertThat(HttpSupport.accepts("*/*", "application/x-protobuf")).isTrue();
    assertThat(HttpSupport.accepts("application/*", "application/json")).isTrue();
    assertThat(HttpSupport.accepts("text/html, application/json;q=0", "application/json"))
        .isFalse();
    assertThat(HttpSupport.accepts("text/html", "application/json")).isFalse();
    assertThat(HttpSupport.accepts("application/recordio", "application/recordio")).isTrue();
    assertThat(HttpSupport.accepts("*/*", "application/recordio")).isFalse();
  }

  @Test
  void parsesCallsWithMesosMessages() {
    CallBody<org.apache.mesos.v1.scheduler.Protos.Call> body = CallBody.parse("application/json",
        "{\"type\":\"TEARDOWN\"}".getBytes(), org.apache.mesos.v1.scheduler.Protos.Call
            .newBuilder());
    assertThat(body.call()).isPresent();
    CallBody<org.apache.mesos.v1.scheduler.Protos.Call> bad = CallBody.parse(
        "application/json; charset=utf-8", "{}".getBytes(),
        org.apache.mesos.v1.scheduler.Protos.Call.newBuilder());
    assertThat(bad.status()).isEqualTo(415);
    CallBody<org.apache.mesos.v1.scheduler.Protos.Call> wrongField = CallBody.parse(
        "application/json", "{\"framework_id\":\"abc\"}".getBytes(),
        org.apache.mesos.v1.scheduler.Protos.Call.newBuilder());
    assertThat(wrongField.status()).isEqualTo(400);
    assertThat(wrongField.error()).startsWith("Failed to convert JSON into Call protobuf: ");
  }
}
