package io.kafkamesos.scheduler.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.junit.jupiter.api.Test;

class UserRequestsTest {

  private static void refused(String body, String message) {
    assertThatThrownBy(() -> UserRequests.parse(body))
        .isInstanceOfSatisfying(AccessException.class,
            e -> assertThat(e.kind()).isEqualTo(AccessException.Kind.BAD_REQUEST))
        .hasMessageContaining(message);
  }

  @Test
  void anEmptyBodyIsEveryDefaultAndAGeneratedPassword() {
    UserRequests.UserRequest request = UserRequests.parse("");
    assertThat(request.password()).isEmpty();
    assertThat(request.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
    assertThat(request.iterations()).isEqualTo(4096);
    assertThat(UserRequests.parse("{}")).isEqualTo(request);
  }

  @Test
  void readsEveryField() {
    UserRequests.UserRequest request = UserRequests.parse(
        "{\"password\":\"correct horse battery\",\"mechanism\":\"scram-sha-256\",\"iterations\":8192}");
    assertThat(request.password()).hasValue("correct horse battery");
    assertThat(request.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_256);
    assertThat(request.iterations()).isEqualTo(8192);
    assertThat(request.toString()).doesNotContain("horse");
  }

  @Test
  void refusesEachBadFieldByName() {
    refused("{\"password\":\"short\"}", "invalid password: must be 8 to 1024 characters long (it has 5)");
    refused("{\"password\":12345678}", "invalid password: must be a JSON string");
    refused("{\"password\":\"line one\\nline two\"}", "invalid password: control characters");
    refused("{\"mechanism\":\"PLAIN\"}", "invalid mechanism \"PLAIN\": must be SCRAM-SHA-512 or SCRAM-SHA-256");
    refused("{\"iterations\":100}", "invalid iterations 100: must be a whole number from 4096 to 16384");
    refused("{\"iterations\":20000}", "invalid iterations 20000");
    refused("{\"iterations\":\"4096\"}", "invalid iterations");
    refused("{\"pasword\":\"secret-secret\"}", "unknown field(s) [pasword] in the body");
    refused("not json", "the body is not JSON");
    refused("[1]", "the body must be a JSON object");
  }

  @Test
  void aRefusalNeverEchoesThePassword() {
    assertThatThrownBy(() -> UserRequests.parse("{\"password\":\"s3cr\\u0001t-value\"}"))
        .hasMessageNotContaining("s3cr");
  }

  @Test
  void namesArePlainAndShort() {
    assertThat(UserRequests.name("alice.smith@example-1")).isEqualTo("alice.smith@example-1");
    for (String bad : List.of("", "-alice", "al ice", "a".repeat(65), "al,ice", "al=ice")) {
      assertThatThrownBy(() -> UserRequests.name(bad)).isInstanceOf(AccessException.class)
          .hasMessageContaining("a user name is 1 to 64 letters");
    }
  }

  @Test
  void aPasswordInTheUrlIsRefusedByName() {
    assertThatThrownBy(() -> UserRequests.checkQuery(Map.of("password", List.of("x")), Set.of("update")))
        .hasMessage("password must not be in the URL, where it would be logged: send it in the JSON"
            + " body, {\"password\": \"...\"}");
    assertThatThrownBy(() -> UserRequests.checkQuery(Map.of("updat", List.of("true")), Set.of("update")))
        .hasMessage("unknown parameter \"updat\"; it takes update");
    assertThatThrownBy(() -> UserRequests.update("yes")).hasMessageContaining("invalid update \"yes\"");
    assertThat(UserRequests.update(null)).isFalse();
    assertThat(UserRequests.update("TRUE")).isTrue();
  }

  @Test
  void generatedPasswordsAreLongAndDiffer() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String password = UserRequests.generatePassword(random);
      assertThat(password).hasSize(32).matches("[A-Za-z0-9]{32}");
      seen.add(password);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void mechanismsAsKafkaNamesThem() {
    assertThat(UserRequests.mechanism(" SCRAM-SHA-256 ")).isEqualTo(ScramMechanism.SCRAM_SHA_256);
    assertThat(Optional.of(UserRequests.mechanism("scram-sha-512"))).hasValue(ScramMechanism.SCRAM_SHA_512);
  }
}
