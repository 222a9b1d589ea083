package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmxStartupProbeTest {

  @TempDir
  Path dir;

  private void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  @Test
  void findsTheStartedLineWrittenAfterConstruction() throws IOException {
    Path log = dir.resolve("broker.log");
    JmxStartupProbe.StartedLine line = new JmxStartupProbe.StartedLine(log, 3);
    assertThat(line.seen()).isFalse();

    append(log, "[2026-01-01 00:00:00,000] INFO [KafkaServer id=3] starting "
        + "(kafka.server.KafkaServer)\n");
    assertThat(line.seen()).isFalse();
    append(log, "[2026-01-01 00:00:05,000] INFO [KafkaServer id=3] started "
        + "(kafka.server.KafkaServer)\n");
    assertThat(line.seen()).isTrue();
  }

  @Test
  void ignoresWhatAnEarlierBrokerLoggedInTheSameFile() throws IOException {
    Path log = dir.resolve("broker.log");
    append(log, "INFO [KafkaServer id=3] started (kafka.server.KafkaServer)\n");
    JmxStartupProbe.StartedLine line = new JmxStartupProbe.StartedLine(log, 3);

    append(log, "INFO [KafkaServer id=3] starting (kafka.server.KafkaServer)\n");
    assertThat(line.seen()).isFalse();
  }

  @Test
  void aLineWrittenInTwoPartsCountsOnceComplete() throws IOException {
    Path log = dir.resolve("broker.log");
    JmxStartupProbe.StartedLine line = new JmxStartupProbe.StartedLine(log, 3);

    append(log, "INFO [KafkaServer id=3] sta");
    assertThat(line.seen()).isFalse();
    append(log, "rted (kafka.server.KafkaServer)\n");
    assertThat(line.seen()).isTrue();
  }

  @Test
  void anotherBrokersLineDoesNotCount() throws IOException {
    Path log = dir.resolve("broker.log");
    JmxStartupProbe.StartedLine line = new JmxStartupProbe.StartedLine(log, 3);
    append(log, "INFO [KafkaServer id=31] started (kafka.server.KafkaServer)\n");
    assertThat(line.seen()).isFalse();
  }

  @Test
  void withoutJmxTheProbeFallsBackToTheLog() throws IOException {
    Path log = dir.resolve("broker.log");
    try (JmxStartupProbe probe = new JmxStartupProbe(3, OptionalInt.empty(), log)) {
      assertThat(probe.startup()).isEqualTo(Startup.STARTING);
      append(log, "INFO [KafkaServer id=3] started (kafka.server.KafkaServer)\n");
      assertThat(probe.startup()).isEqualTo(Startup.STARTED);
    }
  }

  @Test
  void anUnreachableJmxPortFallsBackToTheLog() throws IOException {
    Path log = dir.resolve("broker.log");
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (JmxStartupProbe probe = new JmxStartupProbe(3, OptionalInt.of(closedPort), log)) {
      assertThat(probe.startup()).isEqualTo(Startup.STARTING);
      append(log, "INFO [KafkaServer id=3] started (kafka.server.KafkaServer)\n");
      assertThat(probe.startup()).isEqualTo(Startup.STARTED);
    }
  }
}
