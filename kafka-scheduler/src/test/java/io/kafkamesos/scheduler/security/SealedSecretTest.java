package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SealedSecretTest {

  private final SecureRandom random = new SecureRandom();
  private final byte[] secret = "-----BEGIN PRIVATE KEY-----\nabc\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensWithThePasswordAndTheSameAssociatedData() {
    byte[] sealed = SealedSecret.seal(secret, "pw", "/kafka0/scheduler/secrets/ca-key", random);

    assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");
    assertThat(SealedSecret.open(sealed, "pw", "/kafka0/scheduler/secrets/ca-key")).isEqualTo(secret);
  }

  @Test
  void aWrongPasswordOrOtherAssociatedDataOrAChangeDoNotOpen() {
    byte[] sealed = SealedSecret.seal(secret, "pw", "a", random);
    String text = new String(sealed, StandardCharsets.UTF_8);
    String data = text.substring(text.indexOf("data=") + 5, text.indexOf('\n', text.indexOf("data=")));
    byte[] changed = text.replace(data, (data.charAt(0) == 'A' ? "B" : "A") + data.substring(1))
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SealedSecret.open(sealed, "other", "a")).hasMessageContaining("does not open");
    assertThatThrownBy(() -> SealedSecret.open(sealed, "pw", "b")).hasMessageContaining("does not open");
    assertThatThrownBy(() -> SealedSecret.open(changed, "pw", "a")).hasMessageContaining("does not open");
    assertThatThrownBy(() -> SealedSecret.open(secret, "pw", "a")).hasMessageContaining("not a sealed secret");
  }
}
