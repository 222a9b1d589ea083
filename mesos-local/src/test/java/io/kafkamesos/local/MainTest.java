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
        "/tmp/x", "--masters", "3"});
    assertThat(config.agents()).isEqualTo(5);
    assertThat(config.masters()).isEqualTo(3);
    assertThat(config.port()).isEqualTo(5050);
    assertThat(config.zkPort()).isEqualTo(2181);
    assertThat(config.workDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(config.resources()).isEqualTo("cpus:1;mem:512;ports:[1000-2000]");
  }

  @Test
  void switchesFrameworkAuthenticationOnAsMesosFlagsDo() {
    MesosLocalConfig on = Main.parse(new String[] {"--authenticate-http-frameworks",
        "--credentials", "/etc/creds.json"});
    assertThat(on.authenticateFrameworks()).isTrue();
    assertThat(on.credentials()).isEqualTo("/etc/creds.json");
    assertThat(Main.parse(new String[] {"--credentials=/c", "--authenticate_http_frameworks=true"})
        .authenticateFrameworks()).isTrue();
    assertThat(Main.parse(new String[] {"--no-authenticate_http_frameworks"})
        .authenticateFrameworks()).isFalse();
    assertThat(Main.parse(new String[0]).authenticateFrameworks()).as("off by default").isFalse();
  }

  @Test
  void takesTheFetcherCacheFlagsInMesosNotation() {
    MesosLocalConfig config = Main.parse(new String[] {"--work-dir", "/tmp/w",
        "--fetcher_cache_dir", "/var/cache/fetch", "--fetcher_cache_size=512MB"});
    assertThat(config.fetcherCacheRoot()).isEqualTo(Path.of("/var/cache/fetch"));
    assertThat(config.fetcherCacheSize()).isEqualTo(512L * 1024 * 1024);
    MesosLocalConfig defaults = Main.parse(new String[] {"--work-dir", "/tmp/w"});
    assertThat(defaults.fetcherCacheRoot()).as("in the work dir").isEqualTo(Path.of("/tmp/w/fetch"));
    assertThat(defaults.fetcherCacheSize()).as("Mesos' 2GB").isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(Main.parse(new String[] {"--fetcher-cache-size", "0"}).fetcherCacheSize()).isZero();
    assertThatThrownBy(() -> Main.parse(new String[] {"--fetcher_cache_size", "lots"}))
        .hasMessageContaining("--fetcher_cache_size needs a size such as 2GB");
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
    assertThatThrownBy(() -> Main.parse(new String[] {"--masters", "4"}))
        .hasMessage("masters must be between 1 and 3, not 4");
    assertThatThrownBy(() -> Main.parse(new String[] {"--authenticate-http-frameworks"}))
        .hasMessage("--authenticate-http-frameworks needs --credentials FILE");
    assertThatThrownBy(() -> Main.parse(new String[] {"--authenticate_http_frameworks=yes"}))
        .hasMessage("--authenticate_http_frameworks needs true or false, not 'yes'");
  }
}
