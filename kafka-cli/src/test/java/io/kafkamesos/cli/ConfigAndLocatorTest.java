package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.cli.support.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndLocatorTest {

    @TempDir
    Path dir;

    @Test
    void configFileFollowsDcosDirElseHome() {
        assertThat(CliConfig.defaultFile(Map.of("DCOS_DIR", "/x/dcos", "HOME", "/home/u")))
                .isEqualTo(Path.of("/x/dcos/kafka-mesos.properties"));
        assertThat(CliConfig.defaultFile(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.dcos/kafka-mesos.properties"));
    }

    @Test
    void setShowAndUnsetPersistInTheFile() throws Exception {
        CliConfig config = new CliConfig(dir.resolve("sub/kafka-mesos.properties"));
        assertThat(config.get(CliConfig.FRAMEWORK_NAME)).isEmpty();
        config.set("kafka.framework_name", "kafka1");
        config.set("core.dcos_url", "http://127.0.0.1:5050");
        CliConfig reread = new CliConfig(dir.resolve("sub/kafka-mesos.properties"));
        assertThat(reread.get("kafka.framework_name")).contains("kafka1");
        assertThat(reread.all()).containsOnlyKeys("core.dcos_url", "kafka.framework_name");
        assertThat(Files.readString(config.file())).contains("kafka.framework_name=kafka1");
        assertThat(reread.unset("kafka.framework_name")).isTrue();
        assertThat(reread.unset("kafka.framework_name")).isFalse();
        assertThat(config.get("kafka.framework_name")).isEmpty();
    }

    @Test
    void refusesUnknownKeysAndBadValues() {
        CliConfig config = new CliConfig(dir.resolve("c.properties"));
        assertThatThrownBy(() -> config.set("kafka.broker_count", "3")).hasMessageContaining("unknown config key");
        assertThatThrownBy(() -> config.set("kafka.framework_name", "a/b")).hasMessageContaining("invalid framework name");
        assertThatThrownBy(() -> config.set("core.dcos_url", "ftp://x")).hasMessageContaining("http://");
        assertThat(Files.exists(config.file())).isFalse();
    }

    @Test
    void frameworkNameComesFromOptionThenConfigThenKafka0() {
        assertThat(ServiceLocator.frameworkName(Optional.of("a"), Optional.of("b"))).isEqualTo("a");
        assertThat(ServiceLocator.frameworkName(Optional.empty(), Optional.of("b"))).isEqualTo("b");
        assertThat(ServiceLocator.frameworkName(Optional.empty(), Optional.empty())).isEqualTo("kafka0");
        assertThatThrownBy(() -> ServiceLocator.frameworkName(Optional.of("../x"), Optional.empty()))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void serviceUrlIsDcosUriPlusServiceProxyUnlessPointedAtTheScheduler() {
        assertThat(ServiceLocator.serviceUrl(Map.of("DCOS_URI", "http://127.0.0.1:5050/"), Optional.empty(), "kafka0"))
                .isEqualTo("http://127.0.0.1:5050/service/kafka0");
        assertThat(ServiceLocator.serviceUrl(Map.of(), Optional.of("https://dcos.example"), "k1"))
                .isEqualTo("https://dcos.example/service/k1");
        assertThat(ServiceLocator.serviceUrl(Map.of("DCOS_URI", "master:5050"), Optional.of("https://x"), "k"))
                .isEqualTo("http://master:5050/service/k");
        assertThat(ServiceLocator.serviceUrl(Map.of("KAFKA_SERVICE_URL", "http://127.0.0.1:8080/",
                "DCOS_URI", "http://x"), Optional.empty(), "k")).isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> ServiceLocator.serviceUrl(Map.of(), Optional.empty(), "k"))
                .hasMessageContaining("set DCOS_URI");
    }
}
