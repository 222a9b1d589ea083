package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.commons.testing.MutableClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The API's door, with Dropwizard's resource testing: what gets through, what is refused and how. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiAuthFilterTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final String ADMIN_TOKEN = "admin-token-" + "x".repeat(30);
  private static final String READ_TOKEN = "read-token-" + "y".repeat(30);
  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger CHANGES = new AtomicInteger();

  /** A resource like the API's: reads, a change that counts, the status page, the CA. */
  @Path("/")
  @Produces(MediaType.APPLICATION_JSON)
  public static final class Api {
    @GET
    @Path("v1/brokers")
    public Map<String, Object> brokers(@Context SecurityContext security) {
      return Map.of("brokers", List.of("0"), "caller", security.getUserPrincipal().getName());
    }

    @PUT
    @Path("v1/brokers")
    public List<String> restart() {
      CHANGES.incrementAndGet();
      return List.of("broker-0__x");
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String statusPage() {
      return "<html>status</html>";
    }

    @GET
    @Path("v1/tls/ca")
    @Produces("application/x-pem-file")
    public String ca() {
      return "-----BEGIN CERTIFICATE-----\n";
    }

    @PUT
    @Path("v1/tls/ca")
    public String replaceCa() {
      CHANGES.incrementAndGet();
      return "changed";
    }
  }

  private static ApiCredentials credentials() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    String bcrypt = OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 4);
    return new ApiCredentials(
        List.of(new ApiCredentials.TokenHash(ApiCredentials.sha256(ADMIN_TOKEN), ApiRole.ADMIN),
            new ApiCredentials.TokenHash(ApiCredentials.sha256(READ_TOKEN), ApiRole.READ)),
        List.of(new ApiCredentials.User("alice", bcrypt, ApiRole.ADMIN)),
        new MutableClock(Instant.parse("2025-06-01T00:00:00Z")));
  }

  static final ResourceExtension API = ResourceExtension.builder()
      .addProvider(new ApiAuthFilter(credentials(), "kafka0"))
      .addResource(new Api())
      .build();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    CHANGES.set(0);
    logs.start();
    ((Logger) LoggerFactory.getLogger(ApiAuthFilter.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(ApiAuthFilter.class)).detachAppender(logs);
  }

  private static Invocation.Builder call(String path, String authorization) {
    Invocation.Builder request = API.target(path).request();
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(Response response) throws Exception {
    return JSON.readTree(response.readEntity(String.class));
  }

  @Test
  void withoutCredentialsEveryPathIsA401WithAChallengeAndJson() throws Exception {
    for (String path : new String[] {"/v1/brokers", "/", "/v1/no-such-path", "/status"}) {
      Response response = call(path, null).get();

      assertThat(response.getStatus()).as(path).isEqualTo(401);
      assertThat(response.getMediaType().toString()).startsWith("application/json");
      assertThat(response.getStringHeaders().get("WWW-Authenticate"))
          .containsExactly("Bearer realm=\"kafka0\"", "Basic realm=\"kafka0\", charset=\"UTF-8\"");
      JsonNode body = json(response);
      assertThat(body.path("code").asInt()).isEqualTo(401);
      assertThat(body.path("message").asText()).contains("token=<token>");
    }
  }

  @Test
  void aRefusedChangeChangesNothing() throws Exception {
    Response none = call("/v1/brokers", null).put(Entity.json("{}"));
    Response wrong = call("/v1/brokers", "token=not-the-token").put(Entity.json("{}"));

    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(wrong.getStatus()).isEqualTo(401);
    assertThat(json(wrong).path("message").asText()).isEqualTo("the credentials are not valid for this API");
    assertThat(CHANGES).hasValue(0);
  }

  @Test
  void dcosTokensAndBearerTokensGetIn() {
    Response dcos = call("/v1/brokers", "token=" + ADMIN_TOKEN).get();
    Response bearer = call("/v1/brokers", "Bearer " + ADMIN_TOKEN).get();
    Response change = call("/v1/brokers", "token=" + ADMIN_TOKEN).put(Entity.json("{}"));

    assertThat(dcos.getStatus()).isEqualTo(200);
    assertThat(dcos.readEntity(String.class)).contains("\"caller\":\"token sha256:"
        + HexFormat.of().formatHex(ApiCredentials.sha256(ADMIN_TOKEN), 0, 4) + "\"");
    assertThat(bearer.getStatus()).isEqualTo(200);
    assertThat(change.getStatus()).isEqualTo(200);
    assertThat(CHANGES).hasValue(1);
    assertThat(call("/", "Bearer " + ADMIN_TOKEN).get().getStatus()).isEqualTo(200);
    assertThat(call("/v1/no-such-path", "Bearer " + ADMIN_TOKEN).get().getStatus()).isEqualTo(404);
  }

  @Test
  void aReadOnlyTokenReadsAndGetsA403ForAChange() throws Exception {
    assertThat(call("/v1/brokers", "Bearer " + READ_TOKEN).get().getStatus()).isEqualTo(200);

    Response change = call("/v1/brokers", "Bearer " + READ_TOKEN).put(Entity.json("{}"));

    assertThat(change.getStatus()).isEqualTo(403);
    JsonNode body = json(change);
    assertThat(body.path("code").asInt()).isEqualTo(403);
    assertThat(body.path("message").asText()).contains("may only read").contains("PUT /v1/brokers");
    assertThat(CHANGES).hasValue(0);
  }

  @Test
  void basicUsersWithTheirPasswordGetIn() {
    assertThat(call("/v1/brokers", basic("alice", PASSWORD)).get().getStatus()).isEqualTo(200);
    assertThat(call("/v1/brokers", basic("alice", PASSWORD)).get().readEntity(String.class))
        .contains("\"caller\":\"user alice\"");
    assertThat(call("/v1/brokers", basic("alice", "wrong password")).get().getStatus()).isEqualTo(401);
    assertThat(call("/v1/brokers", basic("bob", PASSWORD)).get().getStatus()).isEqualTo(401);
    assertThat(call("/v1/brokers", "Basic !!notbase64").get().getStatus()).isEqualTo(401);
    assertThat(call("/v1/brokers", "Digest whatever").get().getStatus()).isEqualTo(401);
  }

  @Test
  void theCaCertificateIsOpenToReadOnly() {
    assertThat(call("/v1/tls/ca", null).get().getStatus()).isEqualTo(200);
    assertThat(call("/v1/tls/ca", null).put(Entity.text("x")).getStatus()).isEqualTo(401);
    assertThat(CHANGES).hasValue(0);
  }

  @Test
  void noTokenOrPasswordReachesTheLog() {
    call("/v1/brokers", "token=" + ADMIN_TOKEN + "-wrong").get();
    call("/v1/brokers", basic("alice", "my wrong password")).get();
    call("/v1/brokers", "Bearer " + READ_TOKEN).put(Entity.json("{}"));

    assertThat(logs.list).hasSize(3);
    assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
        .doesNotContain(ADMIN_TOKEN).doesNotContain(READ_TOKEN).doesNotContain("my wrong password"));
    assertThat(logs.list.get(1).getFormattedMessage()).contains("basic user alice");
  }
}
