package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheLastLines() {
    assertThat(LogTail.lastLines("a\nb\nc\nd\n", 2, false)).containsExactly("c", "d");
    assertThat(LogTail.lastLines("a\r\nb", 5, false)).containsExactly("a", "b");
  }

  @Test
  void dropsThePartialFirstLineOfACutText() {
    assertThat(LogTail.lastLines("tial\nwhole\n", 5, true)).containsExactly("whole");
  }

  @Test
  void readsTheEndOfALargeFile() throws IOException {
    Path log = dir.resolve("broker.log");
    Files.writeString(log, IntStream.range(0, 100_000)
        .mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

    assertThat(LogTail.of(log, 3)).containsExactly("line 99997", "line 99998", "line 99999");
  }

  @Test
  void aMissingFileHasNoLines() {
    assertThat(LogTail.of(dir.resolve("nothing.log"), 20)).isEmpty();
  }

  @Test
  void findsWhyKafkasStartupFailed(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("broker.log");
    Files.writeString(log, String.join("\n",
        "[2026-11-27 00:32:02,434] INFO Creating /brokers/ids/0 (is it secure? false) (kafka.zk.KafkaZkClient)",
        "[2026-11-27 00:32:02,504] ERROR [KafkaServer id=0] Fatal error during KafkaServer startup. "
            + "Prepare to shutdown (kafka.server.KafkaServer)",
        "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists",
        "\tat org.apache.zookeeper.KeeperException.create(KeeperException.java:126)",
        "[2026-11-27 00:32:02,505] INFO [KafkaServer id=0] shutting down (kafka.server.KafkaServer)",
        ""));
    assertThat(LogTail.fatalStartupError(log)).contains(
        "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists");
    assertThat(LogTail.fatalStartupError(dir.resolve("absent.log"))).isEmpty();
    Files.writeString(log, "[2026-11-27 00:32:02,434] INFO [KafkaServer id=0] started\n");
    assertThat(LogTail.fatalStartupError(log)).isEmpty();
  }
}
