package io.kafkamesos.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void parsesTheFlags() {
    MesosLocalConfig config = Main.parse(new String[] {"--agents", "5", "--resources",
        "cpus:1;mem:512;ports:[1000-2000]", "--port=5050", "--zk-port", "2181", "--work-dir",
        "/tmp/x"});
    assertThat(config.agents()).isEqualTo(5);
    assertThat(config.port()).isEqualTo(5050);
    assertThat(config.zkPort()).isEqualTo(2181);
    assertThat(config.workDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(config.resources()).isEqualTo("cpus:1;mem:512;ports:[1000-2000]");
  }

  @Test
  void refusesBadFlagsClearly() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--agent", "3"}))
        .hasMessage("unknown flag --agent");
    assertThatThrownBy(() -> Main.parse(new String[] {"--agents", "x"}))
        .hasMessage("--agents needs a number, not 'x'");
    assertThatThrownBy(() -> Main.parse(new String[] {"--port"}))
        .hasMessage("missing value for --port");
    assertThatThrownBy(() -> Main.parse(new String[] {"--resources", "cpus=1"}))
        .hasMessageContaining("cpus=1");
    assertThatThrownBy(() -> Main.parse(new String[] {"--agents", "0"}))
        .hasMessageContaining("agents must be between");
  }
}
