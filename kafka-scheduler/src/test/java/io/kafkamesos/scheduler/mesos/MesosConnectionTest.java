package io.kafkamesos.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.mesos.MasterLocator;
import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MesosConnectionTest {

  private static final String PRINCIPAL = "kafka0-principal";

  @TempDir
  Path dir;

  @Test
  void withoutASecretSendsNoCredential() {
    MesosConnection c = MesosConnection.parse("http://m1:5050", PRINCIPAL, Map.of());

    assertThat(c.credential()).isEmpty();
    assertThat(c.describe()).isEqualTo("http://m1:5050 with no credential");
  }

  @Test
  void takesTheSecretFromTheEnvironment() {
    MesosConnection c = MesosConnection.parse("http://m1:5050", PRINCIPAL,
        Map.of("FRAMEWORK_SECRET", "top secret"));

    assertThat(c.credential().orElseThrow().header()).isEqualTo(basic(PRINCIPAL + ":top secret"));
    assertThat(c.describe()).isEqualTo("http://m1:5050 with principal kafka0-principal, secret from FRAMEWORK_SECRET")
        .doesNotContain("top secret");
    assertThat(c.toString()).doesNotContain("top secret");
  }

  @Test
  void takesTheSecretFromAFileWithoutItsTrailingNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "fr0m-a-file\n");

    MesosConnection c = MesosConnection.parse("http://m1:5050", PRINCIPAL,
        Map.of("FRAMEWORK_SECRET_FILE", file.toString()));

    assertThat(c.credential().orElseThrow().header()).isEqualTo(basic(PRINCIPAL + ":fr0m-a-file"));
    assertThat(c.describe()).contains("secret from FRAMEWORK_SECRET_FILE=" + file).doesNotContain("fr0m-a-file");
  }

  @Test
  void refusesASecretFileItCannotUseWithoutShowingItsContent() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> MesosConnection.parse("http://m1:5050", PRINCIPAL,
        Map.of("FRAMEWORK_SECRET_FILE", missing.toString())))
        .isInstanceOfSatisfying(InvalidSettingException.class,
            e -> assertThat(e.variable()).isEqualTo("FRAMEWORK_SECRET_FILE"))
        .hasMessage("Cannot read FRAMEWORK_SECRET_FILE=" + missing + ": NoSuchFileException");
    assertThatThrownBy(() -> MesosConnection.parse("http://m1:5050", PRINCIPAL,
        Map.of("FRAMEWORK_SECRET_FILE", empty.toString())))
        .hasMessage("Invalid FRAMEWORK_SECRET_FILE=" + empty + ": the file is empty");
  }

  @Test
  void refusesTwoSecrets() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "a");

    assertThatThrownBy(() -> MesosConnection.parse("http://m1:5050", PRINCIPAL,
        Map.of("FRAMEWORK_SECRET", "b", "FRAMEWORK_SECRET_FILE", file.toString())))
        .hasMessage("Set FRAMEWORK_SECRET or FRAMEWORK_SECRET_FILE, not both");
  }

  @Test
  void refusesACaFileWithoutCertificates() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

    assertThatThrownBy(() -> MesosConnection.parse("https://m1:5050", PRINCIPAL,
        Map.of("MESOS_CA_FILE", notPem.toString())))
        .isInstanceOfSatisfying(InvalidSettingException.class,
            e -> assertThat(e.variable()).isEqualTo("MESOS_CA_FILE"))
        .hasMessageStartingWith("Invalid MESOS_CA_FILE: " + notPem + " holds no PEM certificate");
    assertThatThrownBy(() -> MesosConnection.parse("https://m1:5050", PRINCIPAL,
        Map.of("LIBPROCESS_SSL_CA_FILE", notPem.toString())))
        .hasMessageStartingWith("Invalid LIBPROCESS_SSL_CA_FILE: ");
  }

  @Test
  void fixedMastersAreTriedInTheirOrder() throws Exception {
    try (MasterLocator locator = MesosConnection.parse("http://m1:5050,https://m2:5050", PRINCIPAL, Map.of())
        .locator()) {
      assertThat(locator.masters()).containsExactly(URI.create("http://m1:5050"), URI.create("https://m2:5050"));
    }
  }

  @Test
  void mastersFoundInZooKeeperSpeakHttpsWhenLibprocessSslIsOn() {
    assertThat(MesosConnection.parse("zk://zk1:2181/mesos", PRINCIPAL, Map.of()).describe())
        .startsWith("zk://zk1:2181/mesos (http)");
    assertThat(MesosConnection.parse("zk://zk1:2181/mesos", PRINCIPAL,
        Map.of("LIBPROCESS_SSL_ENABLED", "true")).describe()).startsWith("zk://zk1:2181/mesos (https:");
    assertThat(MesosConnection.parse("zk://zk1:2181/mesos", PRINCIPAL,
        Map.of("SSL_ENABLED", "1")).describe()).startsWith("zk://zk1:2181/mesos (https:");
    assertThat(MesosConnection.parse("zk://u:pw@zk1:2181/mesos", PRINCIPAL, Map.of()).describe())
        .doesNotContain("pw");
  }

  private static String basic(String userPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }
}
