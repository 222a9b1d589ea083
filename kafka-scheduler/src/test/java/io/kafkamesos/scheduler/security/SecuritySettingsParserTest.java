package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsParserTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir
  Path dir;

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static void refused(Map<String, String> env, String variable, String message) {
    assertThatThrownBy(() -> SecuritySettingsParser.parse(env, NOW))
        .isInstanceOfSatisfying(InvalidSettingException.class,
            e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessageContaining(message);
  }

  @Test
  void nothingSetIsNoSecurity() {
    SecuritySettings settings = SecuritySettingsParser.parse(env("TLS_ENABLED", ""), NOW);

    assertThat(settings.any()).isFalse();
    assertThat(settings.listenerTarget()).isEqualTo(ListenerTarget.PLAINTEXT);
    assertThat(settings.policy()).isEqualTo(TlsPolicy.DEFAULT);
  }

  @Test
  void readsEveryOption() {
    SecuritySettings settings = SecuritySettingsParser.parse(env("TLS_ENABLED", "true",
        "AUTHENTICATION", "scram-sha-512", "AUTHORIZATION_ENABLED", "TRUE",
        "SUPER_USERS", "alice; User:CN=bob,O=example ;", "ALLOW_PLAINTEXT", "TRUE",
        "TLS_VALIDITY_DAYS", "90", "TLS_RENEWAL_DAYS", "10", "TLS_CA_VALIDITY_DAYS", "1000",
        "ZK_SECRET", "kafka0:pw"), NOW);

    assertThat(settings.tls()).isTrue();
    assertThat(settings.authentication()).isEqualTo(Authentication.SCRAM_SHA_512);
    assertThat(settings.authorization()).isTrue();
    assertThat(settings.superUsers()).containsExactly("User:alice", "User:CN=bob,O=example");
    assertThat(settings.allowPlaintext()).isTrue();
    assertThat(settings.policy()).isEqualTo(new TlsPolicy(Duration.ofDays(90), Duration.ofDays(10), Duration.ofDays(1000)));
    assertThat(settings.credential()).contains(new ZooKeeperCredential("kafka0", "pw"));
    assertThat(settings.toString()).doesNotContain("pw]").doesNotContain(":pw");
    assertThat(settings.listenerTarget()).isEqualTo(new ListenerTarget(true, true,
        Authentication.SCRAM_SHA_512, true, true, List.of("User:alice", "User:CN=bob,O=example")));
  }

  @Test
  void optionsThatNeedTlsAreRefusedWithoutIt() {
    refused(env("AUTHENTICATION", "MTLS"), "AUTHENTICATION", "AUTHENTICATION=MTLS needs TLS_ENABLED=TRUE");
    refused(env("AUTHORIZATION_ENABLED", "TRUE"), "AUTHORIZATION_ENABLED", "needs TLS_ENABLED=TRUE");
    refused(env("SUPER_USERS", "alice"), "SUPER_USERS", "has no effect without AUTHORIZATION_ENABLED=TRUE");
  }

  @Test
  void tlsWithoutAZooKeeperIdentityIsRefusedRatherThanStoreAKeyAnyoneReads() {
    refused(env("TLS_ENABLED", "TRUE"), "TLS_ENABLED", "needs ZK_SECRET_FILE (or ZK_SECRET)");
  }

  @Test
  void badValuesNameTheirVariable() {
    refused(env("TLS_ENABLED", "yes"), "TLS_ENABLED", "Invalid TLS_ENABLED='yes': must be TRUE or FALSE");
    refused(env("AUTHENTICATION", "KERBEROS"), "AUTHENTICATION", "must be NONE, SCRAM-SHA-512 or MTLS");
    refused(env("TLS_VALIDITY_DAYS", "0"), "TLS_VALIDITY_DAYS", "from 1 to 3650");
    refused(env("TLS_VALIDITY_DAYS", "30", "TLS_RENEWAL_DAYS", "30"), "TLS_RENEWAL_DAYS",
        "must be less than TLS_VALIDITY_DAYS (30)");
    refused(env("TLS_CA_VALIDITY_DAYS", "395"), "TLS_CA_VALIDITY_DAYS", "more than TLS_VALIDITY_DAYS + TLS_RENEWAL_DAYS (395)");
    refused(env("TLS_ENABLED", "TRUE", "AUTHORIZATION_ENABLED", "TRUE", "SUPER_USERS", "Group:ops", "ZK_SECRET", "a:b"),
        "SUPER_USERS", "Invalid SUPER_USERS entry 'Group:ops'");
  }

  @Test
  void theOperatorsCaIsCheckedAtStartAndNeedsNoZooKeeperIdentity() throws Exception {
    ClusterCa own = ClusterCa.generate("own", NOW, Duration.ofDays(100), new SecureRandom());
    Path cert = Files.writeString(dir.resolve("ca.pem"), own.certificatePem());
    Path key = Files.writeString(dir.resolve("ca.key"), own.keyPem());
    Path otherKey = Files.writeString(dir.resolve("other.key"),
        ClusterCa.generate("x", NOW, Duration.ofDays(100), new SecureRandom()).keyPem());

    SecuritySettings settings = SecuritySettingsParser.parse(env("TLS_ENABLED", "TRUE",
        "TLS_CA_CERT_FILE", cert.toString(), "TLS_CA_KEY_FILE", key.toString()), NOW);

    assertThat(settings.operatorCa()).isTrue();
    assertThat(settings.caKeyFile()).isEqualTo(key);
    refused(env("TLS_ENABLED", "TRUE", "TLS_CA_CERT_FILE", cert.toString()), "TLS_CA_KEY_FILE", "Missing TLS_CA_KEY_FILE");
    refused(env("TLS_ENABLED", "TRUE", "TLS_CA_CERT_FILE", cert.toString(), "TLS_CA_KEY_FILE", otherKey.toString()),
        "TLS_CA_CERT_FILE", "is not the key of the certificate");
    refused(env("TLS_ENABLED", "TRUE", "TLS_CA_CERT_FILE", cert.toString(), "TLS_CA_KEY_FILE", dir.resolve("no").toString()),
        "TLS_CA_KEY_FILE", "cannot read it");
    refused(env("TLS_CA_CERT_FILE", cert.toString(), "TLS_CA_KEY_FILE", key.toString()), "TLS_CA_CERT_FILE",
        "only used with TLS_ENABLED=TRUE");
  }

  @Test
  void securityIsOfferedFromKafka391On() {
    SecuritySettings secure = SecuritySettingsParser.parse(env("TLS_ENABLED", "TRUE", "ZK_SECRET", "a:b"), NOW);

    SecuritySettingsParser.checkKafkaVersion(secure, "3.9.1");
    SecuritySettingsParser.checkKafkaVersion(secure, "4.1.0");
    SecuritySettingsParser.checkKafkaVersion(SecuritySettings.NONE, "2.4.1");
    assertThatThrownBy(() -> SecuritySettingsParser.checkKafkaVersion(secure, "2.4.1"))
        .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.variable()).isEqualTo("TLS_ENABLED"))
        .hasMessage("TLS_ENABLED needs Kafka 3.9.1 or newer; this cluster runs Kafka 2.4.1 (upgrade it first,"
            + " then turn security on)");
    assertThatThrownBy(() -> SecuritySettingsParser.checkKafkaVersion(secure, "3.9.0")).hasMessageContaining("3.9.0");
    assertThat(SecuritySettingsParser.atLeast("3.10.0", "3.9.1")).isTrue();
    assertThat(SecuritySettingsParser.atLeast("3.9", "3.9.1")).isFalse();
  }

  @Test
  void theApiServesHttpsOnlyOnAClusterWithTls() {
    SecuritySettings secure = SecuritySettingsParser.parse(env("TLS_ENABLED", "TRUE", "ZK_SECRET", "a:b"), NOW);

    SecuritySettingsParser.checkApiTls(secure, true);
    SecuritySettingsParser.checkApiTls(SecuritySettings.NONE, false);
    assertThatThrownBy(() -> SecuritySettingsParser.checkApiTls(SecuritySettings.NONE, true))
        .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.variable()).isEqualTo("API_TLS"))
        .hasMessageContaining("needs TLS_ENABLED=TRUE");
  }
}
