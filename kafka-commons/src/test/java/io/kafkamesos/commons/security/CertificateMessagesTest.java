package io.kafkamesos.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.message.Envelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateMessagesTest {

  @Test
  void eachMessageSurvivesTheWire() {
    for (CertificateMessages.Message message : new CertificateMessages.Message[] {
        new CertificateMessages.Request("broker-0__a", "r1", "secret", "-----BEGIN CERTIFICATE REQUEST-----\nx\n"),
        new CertificateMessages.Issued("broker-0__a", "r1", "chain\n", "ca\n"),
        new CertificateMessages.Refused("broker-0__a", "r1", "wrong secret")}) {
      byte[] data = message.envelope().encode();

      assertThat(CertificateMessages.read(Envelope.decode(data).orElseThrow())).contains(message);
    }
  }

  @Test
  void otherTypesAreNotThisExchange() {
    assertThat(CertificateMessages.read(new Envelope("broker-metrics/1", Map.of()))).isEmpty();
  }

  @Test
  void aRequestWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> CertificateMessages.read(new Envelope(CertificateMessages.REQUEST,
        Map.of("task.id", "t", "request.id", "r", "csr", "x"))))
        .hasMessage("certificate-request/1 message lacks 'task.secret'");
  }

  @Test
  void theSecretIsNeverInToString() {
    assertThat(new CertificateMessages.Request("t", "r", "s3cr3t", "csr").toString())
        .doesNotContain("s3cr3t");
  }
}
