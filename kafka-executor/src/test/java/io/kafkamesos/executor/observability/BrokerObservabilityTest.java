package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.executor.broker.BrokerLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.kafkamesos.commons.observability.ObservabilitySettings;

class BrokerObservabilityTest {

  private static final List<String> COMMAND = List.of("java", "-Xmx256m",
      "-Dlog4j.configuration=file:/s/kafka/config/log4j.properties", "-cp", "/s/kafka/libs/*",
      "kafka.Kafka", "/s/server.properties");

  @Test
  void withoutTargetsTheLaunchIsUnchanged(@TempDir Path sandbox) throws Exception {
    BrokerLaunch launch = launch(sandbox);
    BrokerLaunch prepared = new BrokerObservability(ObservabilitySettings.NONE, () -> "t")
        .prepare(spec(), launch);
    assertThat(prepared.command()).isEqualTo(COMMAND);
    assertThat(sandbox.resolve(BrokerLog4j.FILE_NAME)).doesNotExist();
  }

  @Test
  void syslogPointsTheBrokerAtItsOwnLog4jFile(@TempDir Path sandbox) throws Exception {
    Files.createDirectories(sandbox.resolve("kafka/config"));
    Files.writeString(sandbox.resolve("kafka/config/log4j.properties"),
        "log4j.rootLogger=INFO, stdout\n");
    ObservabilitySettings settings = new ObservabilitySettings(
        Optional.of(new ObservabilitySettings.Syslog("127.0.0.1", 5514, "LOCAL0")), Optional.empty());

    // the broker's command names the distribution's log4j file, which the syslog file extends
    List<String> command = COMMAND.stream().map(arg -> arg.startsWith("-Dlog4j.configuration=")
        ? "-Dlog4j.configuration=file:" + sandbox.resolve("kafka/config/log4j.properties") : arg).toList();
    BrokerLaunch prepared = new BrokerObservability(settings, () -> "broker-1__u")
        .prepare(spec(), new BrokerLaunch(1, command, sandbox, sandbox.resolve("broker.log")));

    Path file = sandbox.resolve(BrokerLog4j.FILE_NAME).toAbsolutePath();
    assertThat(prepared.command()).contains("-Dlog4j.configuration=file:" + file)
        .hasSize(COMMAND.size());
    assertThat(Files.readString(file)).contains("log4j.rootLogger=INFO, stdout, syslog")
        .contains("task=broker-1__u");
  }

  @Test
  void jmxOptionsGoBeforeTheClassPathAndStayOnLoopback() {
    List<String> command = BrokerObservability.withJmx(COMMAND, 40001);
    assertThat(command.subList(command.indexOf("-cp"), command.size()))
        .isEqualTo(COMMAND.subList(3, COMMAND.size()));
    assertThat(command).contains("-Dcom.sun.management.jmxremote.port=40001",
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false");
  }

  private static BrokerTaskSpec spec() {
    return new BrokerTaskSpec(1, "kafka0", "127.0.0.1:2181/kafka0", "127.0.0.1", 9092, 256,
        "data", "kafka", Map.of());
  }

  private static BrokerLaunch launch(Path sandbox) {
    return new BrokerLaunch(1, COMMAND, sandbox, sandbox.resolve("broker.log"));
  }
}
