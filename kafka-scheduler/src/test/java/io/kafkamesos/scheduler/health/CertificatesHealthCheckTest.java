package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.scheduler.security.CertificateWatch;
import io.kafkamesos.scheduler.security.ClusterCa;
import io.kafkamesos.scheduler.security.Principals;
import io.kafkamesos.scheduler.security.SubjectNames;
import io.kafkamesos.scheduler.security.TlsPolicy;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificatesHealthCheckTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final TlsPolicy policy = new TlsPolicy(Duration.ofDays(365), Duration.ofDays(30), Duration.ofDays(1825));
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Map<String, X509Certificate> served = new HashMap<>();
  private boolean restarts = true;

  private X509Certificate issuedDaysAgo(ClusterCa ca, int days) {
    return ca.issue(NodeKeys.generate(random).getPublic(), Principals.node("kafka0"), SubjectNames.none(),
        NOW.minus(Duration.ofDays(days)), policy.validity(), random);
  }

  private CertificateWatch watch(ClusterCa ca) {
    List<CertificateWatch.Node> nodes = List.of(new CertificateWatch.Node(0, "broker 0", "a", 1),
        new CertificateWatch.Node(1, "broker 1", "b", 1));
    return new CertificateWatch("kafka0", () -> nodes, () -> Optional.of(ca), policy, (host, port) -> {
      X509Certificate c = served.get(host);
      if (c == null) {
        throw new IOException("Connection refused");
      }
      return c;
    }, (id, reason) -> restarts, clock);
  }

  private Result checked(CertificateWatch watch) {
    watch.check();
    return new CertificatesHealthCheck(watch, clock).execute();
  }

  @Test
  void healthyBeforeTheFirstCheckAndWithGoodCertificatesNamingTheFirstEnd() {
    ClusterCa ca = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(), random);
    served.put("a", issuedDaysAgo(ca, 100));
    served.put("b", issuedDaysAgo(ca, 10));
    CertificateWatch watch = watch(ca);

    Result before = new CertificatesHealthCheck(watch, clock).execute();
    assertThat(Severity.of(before)).isEqualTo(Severity.HEALTHY);
    assertThat(before.getMessage()).contains("not checked yet");

    Result after = checked(watch);
    assertThat(Severity.of(after)).isEqualTo(Severity.HEALTHY);
    assertThat(after.getMessage()).contains("2 node(s) serve valid certificates")
        .contains("broker 0's, at " + NOW.plus(Duration.ofDays(265)));
  }

  @Test
  void aWarningWhileADueNodeRestartsOrANodeCannotBeRead() {
    ClusterCa ca = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(), random);
    served.put("a", issuedDaysAgo(ca, 350));

    Result result = checked(watch(ca));

    assertThat(Severity.of(result)).isEqualTo(Severity.WARNING);
    assertThat(result.isHealthy()).isTrue();
    assertThat(result.getMessage()).contains("broker 0: the certificate expires at")
        .contains("it restarts in the rolling way").contains("broker 1: cannot read");
  }

  @Test
  void anErrorWhenARestartCannotRenewOrACertificateExpired() {
    ClusterCa ca = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(), random);
    ClusterCa other = ClusterCa.generate("kafka0", NOW.minus(Duration.ofDays(400)), policy.caValidity(), random);
    served.put("a", issuedDaysAgo(other, 1));
    served.put("b", issuedDaysAgo(ca, 370));
    restarts = false; // broker 1 does not run

    Result result = checked(watch(ca));

    assertThat(Severity.of(result)).isEqualTo(Severity.ERROR);
    assertThat(result.getMessage()).contains("broker 0: the certificate was issued by")
        .contains("give the scheduler its former CA back").contains("broker 1: its certificate expired at");
  }
}
