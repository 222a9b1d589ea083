package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAuthSettingsTest {

  private static final String HASH = "sha256:" + "ab".repeat(32);
  private static final String BCRYPT = "$2y$04$" + "a".repeat(53);

  @TempDir
  Path dir;

  @Test
  void offByDefault() {
    assertThat(ApiAuthSettings.parse(Map.of())).isEqualTo(ApiAuthSettings.OFF);
  }

  @Test
  void readsTokensAndUsersFromValuesAndFiles() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "# operators\n" + HASH + "\n"
        + "sha256:" + "CD".repeat(32) + ":read  # the dashboard\n\n");

    ApiAuthSettings settings = ApiAuthSettings.parse(Map.of("API_AUTH", "true",
        "API_TOKEN_HASHES_FILE", tokens.toString(), "API_USERS", "alice:" + BCRYPT + ", bob:" + BCRYPT + ":read"));

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.tokens()).extracting(ApiCredentials.TokenHash::role).containsExactly(ApiRole.ADMIN, ApiRole.READ);
    assertThat(settings.tokens().get(1).id()).isEqualTo("sha256:cdcdcdcd");
    assertThat(settings.users()).extracting(ApiCredentials.User::name).containsExactly("alice", "bob");
    assertThat(settings.users().get(1).role()).isEqualTo(ApiRole.READ);
  }

  @Test
  void refusalsNameTheVariableAndTheEntryNeverItsText() {
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("API_AUTH=TRUE needs API_TOKEN_HASHES(_FILE) or API_USERS(_FILE)");
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_TOKEN_HASHES",
        HASH + ",my-raw-token")))
        .hasMessage("Invalid API_TOKEN_HASHES: entry 2 is not sha256:<64 hex digits>[:read] (make one with HashToken)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("my-raw-token"));
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_USERS", "alice:plaintext")))
        .hasMessageContaining("Invalid API_USERS: entry 1 is not name:<bcrypt hash>");
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE", "API_USERS",
        "alice:" + BCRYPT + ",alice:" + BCRYPT))).hasMessageContaining("user alice is given twice");
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_TOKEN_HASHES", HASH)))
        .hasMessageContaining("API_TOKEN_HASHES is set but API_AUTH is not TRUE");
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "on")))
        .hasMessage("Invalid API_AUTH='on': must be TRUE or FALSE");
    assertThatThrownBy(() -> ApiAuthSettings.parse(Map.of("API_AUTH", "TRUE",
        "API_USERS_FILE", dir.resolve("none").toString()))).hasMessageContaining("cannot read it");
  }
}
