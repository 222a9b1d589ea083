package io.kafkamesos.scheduler.security;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityTargetTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  @Test
  void aTargetKeepsItsSecurityOptionsThroughZooKeeperJson() throws Exception {
    SecurityTarget security = SecurityTarget.of(SecuritySettingsParser.parse(Map.of("TLS_ENABLED", "TRUE",
        "ZK_SECRET", "kafka0:secret-password", "AUTHENTICATION", "SCRAM-SHA-512"), Instant.now()));
    TargetConfiguration target = TargetConfiguration.of(settings(), "/kafka").withSecurity(security);

    String text = JSON.writeValueAsString(target);

    assertThat(text).doesNotContain("secret-password").contains("\"authentication\":\"SCRAM-SHA-512\"");
    assertThat(JSON.readValue(text, TargetConfiguration.class)).isEqualTo(target);
  }

  @Test
  void aTargetStoredBeforeSecurityWasKeptRunsWithout() throws Exception {
    ObjectNode old = (ObjectNode) JSON.valueToTree(TargetConfiguration.of(settings(), "/kafka"));
    old.remove("security");

    TargetConfiguration read = JSON.treeToValue(old, TargetConfiguration.class);

    assertThat(read.security()).isEqualTo(SecurityTarget.NONE);
    assertThat(read).isEqualTo(TargetConfiguration.of(settings(), "/kafka"));
  }

  @Test
  void everyClusterWithoutTlsIsNone() {
    SecuritySettings plain = SecuritySettingsParser.parse(Map.of("TLS_VALIDITY_DAYS", "90",
        "TLS_RENEWAL_DAYS", "10", "ALLOW_PLAINTEXT", "TRUE"), Instant.now());
    assertThat(SecurityTarget.of(plain)).isEqualTo(SecurityTarget.NONE);
    assertThat(SecurityTarget.refusal(SecurityTarget.NONE, SecurityTarget.of(plain))).isEmpty();
  }
}
