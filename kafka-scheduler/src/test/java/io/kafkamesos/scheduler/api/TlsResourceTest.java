package io.kafkamesos.scheduler.api;

import static io.kafkamesos.scheduler.api.ApiExtensions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.commons.security.Pem;
import io.kafkamesos.scheduler.security.ClusterCa;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.OperatorCaFiles;
import io.kafkamesos.scheduler.security.SecuritySettings;
import io.kafkamesos.scheduler.security.SecuritySettingsParser;
import io.kafkamesos.scheduler.security.SecurityTarget;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /v1/tls/ca}: the CA in PEM, 404 without TLS, 503 while there is no CA, in JSON. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TlsResourceTest {

  private static final ClusterCa OPERATOR_CA = ClusterCa.generate("ops", Instant.now(), Duration.ofDays(3650),
      new SecureRandom());
  private static final Path FILES = files();

  private static final ClusterCaService OFF = started(SecuritySettings.NONE);
  private static final ClusterCaService OPERATOR = started(SecuritySettingsParser.parse(Map.of(
      "TLS_ENABLED", "TRUE", "TLS_CA_CERT_FILE", FILES.resolve("ca.pem").toString(),
      "TLS_CA_KEY_FILE", FILES.resolve("ca.key").toString()), Instant.now()));
  // TLS on with a generated CA, but no ZooKeeper identity to open the secret store with
  private static final ClusterCaService NO_IDENTITY = startedWithTarget(
      SecurityTarget.of(SecuritySettingsParser.parse(Map.of("TLS_ENABLED", "TRUE", "ZK_SECRET", "a:b"),
          Instant.now())), SecuritySettings.NONE);

  static final ResourceExtension OFF_API = ApiExtensions.of(new TlsResource(OFF));
  static final ResourceExtension OPERATOR_API = ApiExtensions.of(new TlsResource(OPERATOR));
  static final ResourceExtension PENDING_API = ApiExtensions.of(new TlsResource(NO_IDENTITY));

  private static Path files() {
    try {
      Path dir = Files.createTempDirectory("tls-resource-");
      OperatorCaFiles.write(OPERATOR_CA, dir);
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ClusterCaService started(SecuritySettings settings) {
    return startedWithTarget(SecurityTarget.of(settings), settings);
  }

  private static ClusterCaService startedWithTarget(SecurityTarget target, SecuritySettings settings) {
    ClusterCaService service = new ClusterCaService("kafka0", target, settings, credential -> {
      throw new AssertionError("no ZooKeeper in this test");
    }, Clock.systemUTC());
    service.start();
    return service;
  }

  @AfterAll
  static void removeFiles() throws Exception {
    for (String name : List.of("ca.pem", "ca.key")) {
      Files.deleteIfExists(FILES.resolve(name));
    }
    Files.deleteIfExists(FILES);
  }

  @Test
  void answersTheCaCertificateInPem() {
    Response r = OPERATOR_API.target("/v1/tls/ca").request().get();

    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getMediaType().toString()).isEqualTo("application/x-pem-file");
    List<X509Certificate> certificates = Pem.parseCertificates(r.readEntity(String.class));
    assertThat(certificates).containsExactly(OPERATOR_CA.certificate());
    assertThat(certificates.get(0).getBasicConstraints()).isEqualTo(0);
  }

  @Test
  void withoutTlsThereIsNoCaAndTheAnswerSaysSoInJson() throws Exception {
    Response r = OFF_API.target("/v1/tls/ca").request().get();

    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(r.getMediaType().toString()).startsWith("application/json");
    assertThat(json(r).path("code").asInt()).isEqualTo(404);
    assertThat(json(OFF_API.target("/v1/tls/ca").request().get()).path("message").asText())
        .isEqualTo("TLS is off for this cluster (TLS_ENABLED is not TRUE): it has no cluster CA");
  }

  @Test
  void aClusterWithTlsWhoseCaCannotBeHadAnswers503WithTheReason() throws Exception {
    Response r = PENDING_API.target("/v1/tls/ca").request().get();

    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(json(r).path("message").asText()).startsWith("the cluster CA is not available: "
        + "TLS_ENABLED is on but neither ZK_SECRET_FILE nor ZK_SECRET is set");
  }

  @Test
  void aJsonClientGetsThePemToo() {
    Response r = OPERATOR_API.target("/v1/tls/ca").request("application/json").get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.readEntity(String.class)).startsWith("-----BEGIN CERTIFICATE-----");
  }
}
