package io.kafkamesos.commons.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  @Test
  void roundTripsTypeAndFieldsWithNewlinesAndUnicode() {
    Envelope sent = new Envelope("certificate-request/1",
        Map.of("task.id", "broker-0__1", "csr", "-----BEGIN X-----\nabc=\n-----END X-----\n", "note", "é:#!"));

    Envelope received = Envelope.decode(sent.encode()).orElseThrow();

    assertThat(received).isEqualTo(sent);
    assertThat(received.required("csr")).contains("\nabc=\n");
  }

  @Test
  void readsTheBrokerMetricsReportsExecutorsAlreadySend() {
    // broker-metrics/1 is Properties text with a type key and flat fields: an envelope as it is
    byte[] report = "type=broker-metrics/1\nbroker.id=2\ntask.id=broker-2__x\nsent.at=17\nmetric.messages_in_per_sec=1.5\n"
        .getBytes(StandardCharsets.UTF_8);

    Envelope envelope = Envelope.decode(report).orElseThrow();

    assertThat(envelope.type()).isEqualTo("broker-metrics/1");
    assertThat(envelope.fields()).containsEntry("broker.id", "2")
        .containsEntry("metric.messages_in_per_sec", "1.5").doesNotContainKey("type");
  }

  @Test
  void dataThatIsNoEnvelopeIsEmpty() {
    assertThat(Envelope.decode("just text".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Envelope.decode("type=NoVersion\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Envelope.decode("a=\\u00zz\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(Envelope.decode(new byte[Envelope.MAX_BYTES + 1])).isEmpty();
  }

  @Test
  void refusesAFieldCalledTypeAndMissingFields() {
    assertThatThrownBy(() -> new Envelope("x/1", Map.of("type", "y")))
        .hasMessageContaining("'type'");
    assertThatThrownBy(() -> new Envelope("x/1", Map.of()).required("task.id"))
        .hasMessage("x/1 message lacks 'task.id'");
  }

  @Test
  void refusesToEncodeMoreThanMesosShouldCarry() {
    Envelope big = new Envelope("x/1", Map.of("blob", "a".repeat(Envelope.MAX_BYTES)));

    assertThatThrownBy(big::encode).hasMessageContaining("larger than " + Envelope.MAX_BYTES);
  }

  @Test
  void toStringShowsNoValue() {
    assertThat(new Envelope("x/1", Map.of("task.secret", "s3cr3t")).toString())
        .contains("task.secret").doesNotContain("s3cr3t");
  }
}
