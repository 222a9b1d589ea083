package io.kafkamesos.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorTokensTest {

  private static final String REALM = "Bearer realm=\"mesos-agent-executor\"";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ExecutorTokens tokens = new ExecutorTokens("key".getBytes(), clock);

  @Test
  void aTokenCarriesTheExecutorsClaimsSignedWithHs256() throws Exception {
    String token = tokens.issue("fw-1", "broker-0__executor", "c-1");

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertThat(header.path("alg").asText()).isEqualTo("HS256");
    assertThat(tokens.authenticate("Bearer " + token).claims())
        .contains(Map.of("fid", "fw-1", "eid", "broker-0__executor", "cid", "c-1"));
  }

  @Test
  void noHeaderGetsTheBareChallenge() {
    ExecutorTokens.Authentication auth = tokens.authenticate(null);

    assertThat(auth.claims()).isEmpty();
    assertThat(auth.challenge()).isEqualTo(REALM);
  }

  @Test
  void anotherSchemeOrAMalformedHeaderIsAnInvalidToken() {
    assertThat(tokens.authenticate("Basic dXNlcjpwdw==").challenge()).isEqualTo(REALM
        + ", error=\"invalid_token\", error_description=\"Scheme 'Basic' unsupported\"");
    assertThat(tokens.authenticate("Bearer").challenge()).isEqualTo(REALM
        + ", error=\"invalid_token\", error_description=\"Malformed 'Authorization' header\"");
  }

  @Test
  void aTokenSignedWithAnotherKeyOrTamperedWithIsRefused() {
    String foreign = new ExecutorTokens("other".getBytes(), clock).issue("fw-1", "e", "c");
    String token = tokens.issue("fw-1", "e", "c");
    String[] parts = token.split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"cid\":\"c\",\"eid\":\"other\",\"fid\":\"fw-1\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(tokens.authenticate("Bearer " + foreign).challenge())
        .endsWith("error_description=\"Invalid JWT: Token signature does not match\"");
    assertThat(tokens.authenticate("Bearer " + parts[0] + "." + forged + "." + parts[2])
        .claims()).isEmpty();
    assertThat(tokens.authenticate("Bearer a.b").challenge())
        .contains("Invalid JWT: Expected 3 components in token, got 2");
  }

  @Test
  void theClaimsMustNameTheCallsExecutor() {
    Map<String, String> claims = Map.of("fid", "fw-1", "eid", "e-1", "cid", "c-1");

    assertThat(ExecutorTokens.claimsError(claims, "fw-1", "e-1", "c-1")).isEmpty();
    assertThat(ExecutorTokens.claimsError(claims, "fw-1", "e-2", "c-1")).contains(
        "Authenticated principal '{\"claims\":{\"cid\":\"c-1\",\"eid\":\"e-1\",\"fid\":\"fw-1\"}}'"
            + " does not contain an 'eid' claim with the executor ID e-2, which is set in the call");
    assertThat(ExecutorTokens.claimsError(claims, "fw-2", "e-1", "c-1").orElseThrow())
        .contains("'fid' claim with the framework ID fw-2");
    assertThat(ExecutorTokens.claimsError(claims, "fw-1", "e-1", "c-2").orElseThrow())
        .contains("'cid' claim with the correct active ContainerID");
  }

  @Test
  void theKeyIsMadeOnceReadableByItsOwnerAndKeptForRestarts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwt-key");

    String token = ExecutorTokens.load(file, clock).issue("f", "e", "c");

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(ExecutorTokens.load(file, clock).authenticate("Bearer " + token).claims())
        .isPresent();
  }
}
