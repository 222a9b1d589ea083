package io.kafkamesos.scheduler.api;

import static io.kafkamesos.scheduler.api.ApiExtensions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.scheduler.access.AclService;
import io.kafkamesos.scheduler.access.KafkaAdminAccess;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import io.kafkamesos.scheduler.access.ScramUsers;
import io.kafkamesos.scheduler.access.UserCertificates;
import io.kafkamesos.scheduler.security.Authentication;
import io.kafkamesos.scheduler.security.ClusterCa;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.SecurityTarget;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v1/users} and {@code /v1/acls} on Dropwizard's in-memory Jersey: every bad request is a
 * 400 naming its field before Kafka is asked anything (no broker is registered here, so a request
 * that got through would answer 503 instead); the version and authorizer refusals.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessApiTest {

  private static final KafkaAdminAccess NO_BROKERS = new KafkaAdminAccess(() -> "", Duration.ofSeconds(1),
      Clock.systemUTC());

  private static final Instant NOW = Instant.now();
  private static final ClusterCa CA = ClusterCa.generate("kafka0", NOW, Duration.ofDays(30), new SecureRandom());
  /** A cluster without TLS: no certificate is signed. */
  private static final UserCertificates NO_CERTIFICATES = new UserCertificates(SecurityTarget.NONE,
      ClusterCaService.State.Off::new, () -> "", Clock.systemUTC(), new SecureRandom());

  static final ResourceExtension MTLS = ApiExtensions.of(
      new UsersResource(new ScramUsers(NO_BROKERS, () -> "3.9.1", new SecureRandom()), new UserCertificates(
          new SecurityTarget(true, Authentication.MTLS.option(), true, List.of(), false, 7, 2, 30, false),
          () -> new ClusterCaService.State.Ready(CA), CA::certificatePem, Clock.systemUTC(), new SecureRandom())));

  static final ResourceExtension API = ApiExtensions.of(
      new UsersResource(new ScramUsers(NO_BROKERS, () -> "3.9.1", new SecureRandom()), NO_CERTIFICATES),
      new AclsResource(new AclService(NO_BROKERS, () -> false)));
  static final ResourceExtension OLD_KAFKA = ApiExtensions.of(
      new UsersResource(new ScramUsers(NO_BROKERS, () -> "2.4.1", new SecureRandom()), NO_CERTIFICATES));

  private static void refused(Response r, int status, String message) throws Exception {
    assertThat(r.getStatus()).isEqualTo(status);
    assertThat(r.getMediaType().toString()).startsWith("application/json");
    JsonNode body = json(r);
    assertThat(body.path("code").asInt()).isEqualTo(status);
    assertThat(body.path("message").asText()).contains(message);
  }

  private static Response post(String path, String body) {
    return API.target(path).request().post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
  }

  @Test
  void aUserRequestIsCheckedBeforeKafkaIsAsked() throws Exception {
    refused(post("/v1/users/bad,name", "{}"), 400, "invalid name \"bad,name\"");
    refused(post("/v1/users/alice", "{\"password\":\"short\"}"), 400, "invalid password: must be 8 to 1024");
    refused(post("/v1/users/alice", "{\"mechanism\":\"MD5\"}"), 400, "invalid mechanism \"MD5\"");
    refused(post("/v1/users/alice", "{\"iterations\":1}"), 400, "invalid iterations 1");
    refused(post("/v1/users/alice", "{\"pw\":\"x\"}"), 400, "unknown field(s) [pw]");
    refused(API.target("/v1/users/alice").queryParam("password", "secret123").request()
        .post(Entity.json("{}")), 400, "password must not be in the URL");
    refused(API.target("/v1/users/alice").queryParam("update", "maybe").request()
        .post(Entity.json("{}")), 400, "invalid update \"maybe\"");
    refused(API.target("/v1/users/alice").queryParam("mechanism", "SCRAM-SHA-1").request().delete(), 400,
        "invalid mechanism \"SCRAM-SHA-1\"");
    refused(API.target("/v1/users/al%20ice").request().get(), 400, "invalid name \"al ice\"");
  }

  @Test
  void anMtlsClusterSignsAUsersCertificateRequestSentAsAnyContentType() throws Exception {
    KeyPair alice = NodeKeys.generate(new SecureRandom());
    String csr = Pem.request(NodeKeys.request(alice, "laptop.example", "10.0.0.9"));
    Response signed = MTLS.target("/v1/users/alice/certificate").request()
        .post(Entity.entity(csr, MediaType.APPLICATION_FORM_URLENCODED_TYPE)); // what curl --data-binary sends
    assertThat(signed.getStatus()).isEqualTo(201);
    JsonNode body = json(signed);
    assertThat(body.path("user").asText()).isEqualTo("alice");
    assertThat(body.path("principal").asText()).isEqualTo("User:CN=alice");
    assertThat(body.path("ca").asText()).isEqualTo(CA.certificatePem());
    X509Certificate certificate = Pem.parseCertificates(body.path("certificate").asText()).get(0);
    assertThat(certificate.getPublicKey()).isEqualTo(alice.getPublic());
    assertThat(Instant.parse(body.path("not_after").asText())).isEqualTo(certificate.getNotAfter().toInstant());

    Response asJson = MTLS.target("/v1/users/alice/certificate").request()
        .post(Entity.json(new ObjectMapper().createObjectNode().put("csr", csr).toString()));
    assertThat(asJson.getStatus()).isEqualTo(201);
    assertThat(json(asJson).path("principal").asText()).isEqualTo("User:CN=alice");
    refused(MTLS.target("/v1/users/alice/certificate").request().post(Entity.json("{\"pem\":\"x\"}")), 400,
        "a JSON body must be {\"csr\"");
    refused(MTLS.target("/v1/users/alice/certificate").request().post(Entity.text("not a request")), 400,
        "the body must be a PEM certificate request");
    refused(MTLS.target("/v1/users/al%20ice/certificate").request().post(Entity.text(csr)), 400,
        "invalid name \"al ice\"");
    refused(API.target("/v1/users/alice/certificate").request().post(Entity.text(csr)), 409,
        "this cluster runs without TLS");
  }

  @Test
  void aGoodUserRequestGoesToKafka() throws Exception {
    refused(post("/v1/users/alice", "{\"password\":\"long-enough\",\"iterations\":8192}"), 503,
        "no Kafka broker is registered yet");
    // no body at all: every default and a generated password
    refused(API.target("/v1/users/alice").request().post(Entity.json("")), 503, "no Kafka broker");
    refused(API.target("/v1/users").request().get(), 503, "no Kafka broker");
  }

  @Test
  void scramUsersNeedKafka27() throws Exception {
    refused(OLD_KAFKA.target("/v1/users").request().get(), 409,
        "SCRAM users need Kafka 2.7 or newer (its admin API for SCRAM credentials); this cluster runs"
            + " Kafka 2.4.1: upgrade it first");
    refused(OLD_KAFKA.target("/v1/users/alice").request().post(Entity.json("{}")), 409, "need Kafka 2.7");
  }

  @Test
  void anAclRequestIsCheckedBeforeKafkaIsAsked() throws Exception {
    refused(API.target("/v1/acls").queryParam("resource-type", "topic").queryParam("resource-name", "t")
        .queryParam("operation", "read").request().post(Entity.json("")), 400, "missing principal");
    refused(API.target("/v1/acls").queryParam("principal", "User:a").queryParam("resource-type", "group")
        .queryParam("resource-name", "g").queryParam("operation", "write").request().post(Entity.json("")),
        400, "invalid operation write for resource-type group");
    refused(API.target("/v1/acls").queryParam("resource-type", "queue").request().get(), 400,
        "invalid resource-type \"queue\"");
    refused(API.target("/v1/acls").request().delete(), 400, "DELETE /v1/acls needs principal or resource-name");
    refused(API.target("/v1/acls").queryParam("principal", "User:a").queryParam("consumer", "true")
        .queryParam("resource-name", "t").request().post(Entity.json("")), 400, "missing group");
  }

  @Test
  void aGoodAclRequestGoesToKafka() throws Exception {
    refused(API.target("/v1/acls").request().get(), 503, "no Kafka broker is registered yet");
    refused(API.target("/v1/acls").queryParam("principal", "User:a").queryParam("producer", "true")
        .queryParam("resource-name", "t").request().post(Entity.json("")), 503, "no Kafka broker");
  }
}
