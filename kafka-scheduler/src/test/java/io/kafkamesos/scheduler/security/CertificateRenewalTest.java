package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.security.NodeKeys;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateRenewalTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final TlsPolicy policy = new TlsPolicy(Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(1825));
  private final ClusterCa ca = ClusterCa.generate("kafka0", NOW, policy.caValidity(), random);
  private final X509Certificate node = ca.issue(NodeKeys.generate(random).getPublic(),
      Principals.node("kafka0"), SubjectNames.none(), NOW, policy.validity(), random);

  @Test
  void aNodeCertificateIsRenewedFromItsRenewalWindowOn() {
    Instant windowOpens = NOW.plus(Duration.ofDays(365 - 30));

    assertThat(CertificateRenewal.nodeRenewal(node, ca, NOW, policy)).isEmpty();
    assertThat(CertificateRenewal.nodeRenewal(node, ca, windowOpens.minusSeconds(1), policy)).isEmpty();
    assertThat(CertificateRenewal.nodeRenewal(node, ca, windowOpens, policy))
        .hasValueSatisfying(reason -> assertThat(reason).contains("within 30 days (TLS_RENEWAL_DAYS)"));
    assertThat(CertificateRenewal.nodeRenewal(node, ca, NOW.plus(Duration.ofDays(366)), policy))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("the certificate expired at"));
  }

  @Test
  void aCertificateOfAnotherCaIsRenewed() {
    ClusterCa renewed = ClusterCa.generate("kafka0", NOW, policy.caValidity(), random);

    assertThat(CertificateRenewal.nodeRenewal(node, renewed, NOW, policy))
        .hasValueSatisfying(reason -> assertThat(reason).contains("not by the cluster's CA"));
  }

  @Test
  void aCertificateNotValidYetIsRenewed() {
    assertThat(CertificateRenewal.nodeRenewal(node, ca, NOW.minus(Duration.ofHours(2)), policy))
        .hasValueSatisfying(reason -> assertThat(reason).contains("valid only from"));
  }

  @Test
  void theCaIsRenewedACertificatesLifePlusItsWindowBeforeItEnds() {
    Instant renewal = ca.notAfter().minus(Duration.ofDays(365 + 30));

    assertThat(CertificateRenewal.caRenewal(ca, renewal.minusSeconds(1), policy).state())
        .isEqualTo(CertificateRenewal.CaState.VALID);
    assertThat(CertificateRenewal.caRenewal(ca, renewal, policy).state())
        .isEqualTo(CertificateRenewal.CaState.RENEW);
    assertThat(CertificateRenewal.caRenewal(ca, ca.notAfter(), policy).state())
        .isEqualTo(CertificateRenewal.CaState.EXPIRED);
  }

  @Test
  void theOperatorsCaIsTheOperatorsToReplace() {
    ClusterCa operator = ClusterCa.fromPem(ca.certificatePem(), ca.keyPem(), ClusterCa.Origin.OPERATOR, NOW);

    CertificateRenewal.CaVerdict verdict = CertificateRenewal.caRenewal(operator,
        ca.notAfter().minus(Duration.ofDays(10)), policy);

    assertThat(verdict.state()).isEqualTo(CertificateRenewal.CaState.REPLACE);
    assertThat(verdict.reason()).contains("TLS_CA_CERT_FILE");
  }

  @Test
  void policiesThatWouldRenewAtOnceAreRefused() {
    assertThatThrownBy(() -> new TlsPolicy(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(1000)))
        .hasMessageContaining("before the end");
    assertThatThrownBy(() -> new TlsPolicy(Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(395)))
        .hasMessageContaining("the CA must live longer");
    assertThat(TlsPolicy.DEFAULT.caRenewBefore()).isEqualTo(Duration.ofDays(395));
  }
}
