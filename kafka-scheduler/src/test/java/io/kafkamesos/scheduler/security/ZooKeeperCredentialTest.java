package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperCredentialTest {

  @TempDir
  Path dir;

  @Test
  void readsTheFileOrTheValue() throws Exception {
    Path file = Files.writeString(dir.resolve("zk"), "kafka0-scheduler:s3cr:et\n");

    assertThat(ZooKeeperCredential.parse(Map.of("ZK_SECRET_FILE", file.toString())))
        .contains(new ZooKeeperCredential("kafka0-scheduler", "s3cr:et"));
    assertThat(ZooKeeperCredential.parse(Map.of("ZK_SECRET", "u:p"))).contains(new ZooKeeperCredential("u", "p"));
    assertThat(ZooKeeperCredential.parse(Map.of("ZK_SECRET", " "))).isEmpty();
    assertThat(ZooKeeperCredential.parse(Map.of())).isEmpty();
  }

  @Test
  void refusalsNameTheVariableNeverThePassword() throws Exception {
    assertThatThrownBy(() -> ZooKeeperCredential.parse(Map.of("ZK_SECRET", "nocolonsecret")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("Invalid ZK_SECRET: its value must be user:password (a ZooKeeper digest identity)");
    assertThatThrownBy(() -> ZooKeeperCredential.parse(Map.of("ZK_SECRET_FILE", dir.resolve("none").toString())))
        .hasMessageContaining("Invalid ZK_SECRET_FILE=").hasMessageContaining("cannot read it");
    assertThatThrownBy(() -> ZooKeeperCredential.parse(Map.of("ZK_SECRET", "u:p", "ZK_SECRET_FILE", "/f")))
        .hasMessage("Set ZK_SECRET or ZK_SECRET_FILE, not both");
    assertThat(new ZooKeeperCredential("u", "hunter2").toString()).doesNotContain("hunter2");
  }

  @Test
  void digestIdIsZooKeepers() {
    // as zkCli's "addauth digest u:p" and an ACL "digest:u:<base64 sha1(u:p)>"
    assertThat(new ZooKeeperCredential("u", "p").digestId()).isEqualTo("u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=");
  }
}
