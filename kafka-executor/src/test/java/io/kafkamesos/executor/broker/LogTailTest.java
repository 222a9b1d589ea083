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
}
