package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.security.NodeKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateWatchTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final TlsPolicy policy = new TlsPolicy(Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(1825));
  private final ClusterCa ca = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(),
      random);
  private final CertificateWatch.Node broker0 = new CertificateWatch.Node(0, "broker 0", "agent-1", 9093);
  private final CertificateWatch.Node broker1 = new CertificateWatch.Node(1, "broker 1", "agent-2", 9093);
  private final CertificateWatch.Node controller = new CertificateWatch.Node(3, "controller 3", "agent-3", 9500);
  private final Map<String, X509Certificate> served = new HashMap<>();
  private final List<String> renewed = new ArrayList<>();

  private X509Certificate issuedDaysAgo(ClusterCa signer, int days) {
    return signer.issue(NodeKeys.generate(random).getPublic(), Principals.node("kafka0"), SubjectNames.none(),
        NOW.minus(Duration.ofDays(days)), policy.validity(), random);
  }

  private CertificateWatch watch(ClusterCa signer, Instant now, List<CertificateWatch.Node> nodes) {
    return new CertificateWatch("kafka0", () -> nodes, () -> Optional.ofNullable(signer), policy,
        (host, port) -> {
          X509Certificate c = served.get(host + ":" + port);
          if (c == null) {
            throw new IOException("Connection refused");
          }
          return c;
        },
        (id, reason) -> renewed.add(id + ": " + reason), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aNodeInItsRenewalWindowIsRestartedAndTheOthersAreLeftAlone() {
    served.put("agent-1:9093", issuedDaysAgo(ca, 340)); // ends in 25 days: due
    served.put("agent-2:9093", issuedDaysAgo(ca, 10));
    served.put("agent-3:9500", issuedDaysAgo(ca, 334)); // ends in 31 days: not yet

    CertificateWatch.Report report = watch(ca, NOW, List.of(broker0, broker1, controller)).check().orElseThrow();

    assertThat(renewed).singleElement().asString().startsWith("0: certificate renewal: the certificate expires at")
        .contains("within 30 days (TLS_RENEWAL_DAYS)");
    assertThat(report.checkedAt()).isEqualTo(NOW);
    assertThat(report.readings()).extracting(r -> r.node().name(), CertificateWatch.Reading::renewing)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("broker 0", true),
            org.assertj.core.groups.Tuple.tuple("broker 1", false),
            org.assertj.core.groups.Tuple.tuple("controller 3", false));
    assertThat(report.readings().get(0).renewal()).contains("within 30 days");
    assertThat(report.readings().get(1).renewal()).isNull();
    assertThat(report.readings().get(1).notAfter()).isEqualTo(NOW.plus(Duration.ofDays(355)));
    assertThat(report.readings().get(1).subject()).contains("kafka0");
  }

  @Test
  void theOperatorsRenewalRestartsEveryNodeThatRunsButNotOneOfAnotherCa() {
    ClusterCa other = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(1)), policy.caValidity(), random);
    served.put("agent-1:9093", issuedDaysAgo(ca, 10)); // not due
    served.put("agent-2:9093", issuedDaysAgo(other, 1)); // another CA's: a restart cannot help
    served.put("agent-3:9500", issuedDaysAgo(ca, 340)); // due anyway

    CertificateWatch.Report report = watch(ca, NOW, List.of(broker0, broker1, controller)).renewAll().orElseThrow();

    assertThat(renewed).containsExactly(
        "0: certificate renewal: asked for by the operator (PUT /v1/tls/certificates/renew)",
        renewed.get(1));
    assertThat(renewed.get(1)).startsWith("3: certificate renewal: the certificate expires at");
    assertThat(report.readings()).extracting(CertificateWatch.Reading::renewing).containsExactly(true, false, true);
    assertThat(report.readings().get(1).renewal()).contains("not renewed: the cluster CA is not the one");
  }

  @Test
  void readingRestartsNothing() {
    served.put("agent-1:9093", issuedDaysAgo(ca, 364));

    CertificateWatch.Report report = watch(ca, NOW, List.of(broker0)).read().orElseThrow();

    assertThat(report.readings().get(0).renewal()).contains("within 30 days");
    assertThat(report.readings().get(0).renewing()).isFalse();
    assertThat(renewed).isEmpty();
  }

  @Test
  void aCertificateOfAnotherCaIsReportedNotRestartedAndSoIsAnUnreadableNode() {
    ClusterCa other = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(1)), policy.caValidity(), random);
    served.put("agent-1:9093", issuedDaysAgo(other, 1));

    CertificateWatch.Report report = watch(ca, NOW, List.of(broker0, broker1)).check().orElseThrow();

    assertThat(renewed).as("a node relaunched with the new CA could not reach the others").isEmpty();
    assertThat(report.readings().get(0).renewal()).contains("not by the cluster's CA")
        .contains("not renewed: the cluster CA is not the one the nodes were launched with");
    assertThat(report.readings().get(1).error()).isEqualTo(
        "cannot read the certificate served at agent-2:9093: Connection refused");
    assertThat(report.readings().get(1).renewing()).isFalse();
  }

  @Test
  void anExpiredCertificateIsRenewedWhateverItsCa() {
    ClusterCa other = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(), random);
    served.put("agent-1:9093", issuedDaysAgo(other, 366));

    watch(ca, NOW, List.of(broker0)).check().orElseThrow();

    assertThat(renewed).singleElement().asString().startsWith("0: certificate renewal: the certificate expired at");
  }

  @Test
  void noRestartWhenANewCertificateWouldEndWithTheCaAndBeDueAtOnce() {
    // the CA ends in 20 days: every certificate it issues now ends then too, inside the window
    Instant late = ca.notAfter().minus(Duration.ofDays(20));
    served.put("agent-1:9093", ca.issue(NodeKeys.generate(random).getPublic(), Principals.node("kafka0"),
        SubjectNames.none(), late.minus(Duration.ofDays(300)), policy.validity(), random));

    CertificateWatch.Report report = watch(ca, late, List.of(broker0)).check().orElseThrow();

    assertThat(renewed).isEmpty();
    assertThat(report.readings().get(0).renewal()).contains("the CA must be renewed first");
  }

  @Test
  void nothingIsReadWhileTheCaIsNotReady() {
    served.put("agent-1:9093", issuedDaysAgo(ca, 364));

    assertThat(watch(null, NOW, List.of(broker0)).check()).isEmpty();
    assertThat(renewed).isEmpty();
  }
}
