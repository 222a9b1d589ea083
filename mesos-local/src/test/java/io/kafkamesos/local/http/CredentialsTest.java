package io.kafkamesos.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @TempDir
  Path dir;

  @Test
  void readsMesosJsonAndTextFilesAndFileUrls() throws Exception {
    Path json = dir.resolve("credentials.json");
    Files.writeString(json, "{\"credentials\":[{\"principal\":\"p\",\"secret\":\"s\"},"
        + "{\"principal\":\"q\",\"secret\":\"t\"}]}");
    Credentials fromJson = Credentials.read(json.toString());
    assertThat(fromJson.size()).isEqualTo(2);
    assertThat(fromJson.matches("q", "t")).isTrue();
    assertThat(fromJson.matches("q", "s")).isFalse();

    Path text = dir.resolve("credentials");
    Files.writeString(text, "p s\n\nq   t\n");
    assertThat(Credentials.read("file://" + text).matches("q", "t")).isTrue();
  }

  @Test
  void namesWhatIsWrongWithABadFile() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"credentials\":[{\"principal\":\"p\"}]}");
    assertThatThrownBy(() -> Credentials.read(bad.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.json")
        .hasMessageContaining("\"secret\"");
    assertThatThrownBy(() -> Credentials.read(dir.resolve("missing").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> Credentials.read(empty.toString()))
        .hasMessageContaining("holds no credential");
  }

  @Test
  void basicAuthenticationAcceptsOnlyAKnownPrincipalWithItsSecret() {
    BasicAuthenticator auth = new BasicAuthenticator("realm",
        new Credentials(Map.of("p", "s", "q", "")), new AuthenticationFailures(Clock.systemUTC()));
    assertThat(auth.principal(basic("p:s"))).contains("p");
    assertThat(auth.principal(basic("p:x"))).isEmpty();
    assertThat(auth.principal(basic("nobody:s"))).isEmpty();
    assertThat(auth.principal(basic("p:s:extra"))).as("libprocess splits on ':'").isEmpty();
    assertThat(auth.principal(basic("q:"))).as("an empty secret, if that is the secret")
        .contains("q");
    assertThat(auth.principal("basic " + b64("p:s"))).as("the scheme as Mesos spells it")
        .isEmpty();
    assertThat(auth.principal("Basic  " + b64("p:s"))).isEmpty();
    assertThat(auth.principal("Basic %%%")).isEmpty();
    assertThat(auth.principal(null)).isEmpty();
  }

  @Test
  void aRefusalNamesTheClaimedPrincipalNeverTheSecret() {
    assertThat(BasicAuthenticator.claimedPrincipal(basic("p:wrong"))).contains("p");
    assertThat(BasicAuthenticator.claimedPrincipal(basic("p:s:extra"))).contains("p");
    assertThat(BasicAuthenticator.claimedPrincipal(basic("no-colon"))).isEmpty();
    assertThat(BasicAuthenticator.claimedPrincipal("Bearer " + b64("p:s"))).isEmpty();
    assertThat(BasicAuthenticator.claimedPrincipal("Basic %%%")).isEmpty();
    assertThat(BasicAuthenticator.claimedPrincipal(null)).isEmpty();
  }

  @Test
  void refusalsAreKeptOldestFirstAndBounded() {
    AuthenticationFailures failures = new AuthenticationFailures(Clock.systemUTC());
    for (int i = 0; i < AuthenticationFailures.KEPT + 5; i++) {
      failures.refused("realm", "/api/v1/scheduler", i == AuthenticationFailures.KEPT + 4
          ? Optional.of("last") : Optional.empty());
    }
    assertThat(failures.all()).hasSize(AuthenticationFailures.KEPT);
    assertThat(failures.all().get(AuthenticationFailures.KEPT - 1).principal()).contains("last");
    assertThat(failures.all().get(0).path()).isEqualTo("/api/v1/scheduler");
  }

  private static String basic(String credential) {
    return "Basic " + b64(credential);
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
