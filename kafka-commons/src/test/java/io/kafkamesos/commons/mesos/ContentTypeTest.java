package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class ContentTypeTest {

  private final Call subscribe = Call.newBuilder()
      .setType(Call.Type.SUBSCRIBE)
      .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
      .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder()
          .setUser("kafka").setName("kafka0").setFailoverTimeout(604800).setCheckpoint(true)))
      .build();

  @Test
  void jsonUsesProtoFieldNamesAndEnumNames() {
    String json = new String(ContentType.JSON.encode(subscribe), StandardCharsets.UTF_8);

    assertThat(json).contains("\"type\":\"SUBSCRIBE\"", "\"framework_id\":{\"value\":\"fw-1\"}",
        "\"framework_info\":", "\"failover_timeout\":604800", "\"checkpoint\":true");
  }

  @Test
  void bothEncodingsRoundTrip() throws InvalidProtocolBufferException {
    for (ContentType type : ContentType.values()) {
      Call decoded = type.decode(type.encode(subscribe), Call.newBuilder());
      assertThat(decoded).as(type.name()).isEqualTo(subscribe);
    }
  }

  @Test
  void parsesMesosJsonAsMesosWritesIt() throws InvalidProtocolBufferException {
    String fromMaster = "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"x-0001\"},"
        + "\"heartbeat_interval_seconds\":15.0},\"some_future_field\":1}";

    Event event = ContentType.JSON.decode(fromMaster.getBytes(StandardCharsets.UTF_8), Event.newBuilder());

    assertThat(event.getType()).isEqualTo(Event.Type.SUBSCRIBED);
    assertThat(event.getSubscribed().getFrameworkId().getValue()).isEqualTo("x-0001");
    assertThat(event.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15.0);
  }

  @Test
  void refusesABodyThatIsNotTheMessage() {
    assertThatThrownBy(() -> ContentType.JSON.decode("{not json".getBytes(StandardCharsets.UTF_8),
        Call.newBuilder())).isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> ContentType.PROTOBUF.decode(new byte[] {(byte) 0xff, 0x01},
        Call.newBuilder())).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void readsTheMediaTypeOfAHeader() {
    assertThat(ContentType.fromHeader("application/json; charset=utf-8")).contains(ContentType.JSON);
    assertThat(ContentType.fromHeader("Application/X-Protobuf")).contains(ContentType.PROTOBUF);
    assertThat(ContentType.fromHeader("text/plain")).isEmpty();
    assertThat(ContentType.fromHeader(null)).isEmpty();
  }
}
