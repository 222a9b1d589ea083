package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashTokenTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));

  private int run(String stdin, String... args) {
    return HashToken.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new SecureRandom());
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aNewTokenAndItsHashThatTheApiAccepts() {
    assertThat(run("")).isZero();
    String[] lines = output().split("\n");
    String token = lines[0].substring("token: ".length());
    String hash = lines[1].substring("hash:  ".length());

    ApiAuthSettings settings = ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_TOKEN_HASHES", hash));
    ApiCredentials credentials = new ApiCredentials(settings.tokens(), settings.users(), clock);

    assertThat(token).hasSizeGreaterThanOrEqualTo(43);
    assertThat(credentials.token(token)).isPresent();
    assertThat(credentials.token(token + "x")).isEmpty();
  }

  @Test
  void hashesATokenFromStdin() {
    assertThat(run("my-token\n", "--stdin")).isZero();

    assertThat(output().strip()).isEqualTo(
        "sha256:" + java.util.HexFormat.of().formatHex(ApiCredentials.sha256("my-token")));
  }

  @Test
  void aUserLineWhosePasswordChecksOut() {
    assertThat(run("a good long password\n", "--user", "alice")).isZero();
    String line = output().strip();

    ApiAuthSettings settings = ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_USERS", line));
    ApiCredentials credentials = new ApiCredentials(settings.tokens(), settings.users(), clock);

    assertThat(line).startsWith("alice:$2y$12$").doesNotContain("a good long password");
    assertThat(credentials.user("alice", "a good long password")).isPresent();
    assertThat(credentials.user("alice", "a good long passworD")).isEmpty();
  }

  @Test
  void refusesShortPasswordsAndStrayArguments() {
    assertThat(run("short\n", "--user", "alice")).isEqualTo(2);
    assertThat(run("", "the-token-itself")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: HashToken");
  }

  @Test
  void aRememberedPasswordIsCheckedAgainAfterItsTime() {
    assertThat(run("a good long password\n", "--user", "alice")).isZero();
    ApiAuthSettings settings = ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_USERS", output().strip()));
    ApiCredentials credentials = new ApiCredentials(settings.tokens(), List.copyOf(settings.users()), clock);

    assertThat(credentials.user("alice", "a good long password")).isPresent();
    assertThat(credentials.user("alice", "a good long password")).isPresent();
    assertThat(credentials.bcryptChecks()).as("the second call was remembered").isEqualTo(1);
    assertThat(credentials.user("alice", "another password")).isEmpty();
    assertThat(credentials.bcryptChecks()).as("a wrong password is always checked").isEqualTo(2);
    clock.advance(ApiCredentials.REMEMBER.plusSeconds(1));
    assertThat(credentials.user("alice", "a good long password")).isPresent();
    assertThat(credentials.bcryptChecks()).as("checked again after its time").isEqualTo(3);
    assertThat(credentials.user("nobody", "a good long password")).isEmpty();
    assertThat(credentials.bcryptChecks()).as("an unknown user costs a check too").isEqualTo(4);
  }
}
