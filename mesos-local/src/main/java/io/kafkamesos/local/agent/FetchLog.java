package io.kafkamesos.local.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The fetcher's lines in the sandbox's {@code stderr}, where Mesos' {@code mesos-fetcher} writes
 * its own, each with a local timestamp ({@code 2026-12-03 11:41:37,684 fetcher: ...}, the format of
 * the executors' logback lines) so that the time a fetch took can be read off the sandbox.
 */
final class FetchLog {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final Path stderr;

  FetchLog(Path sandbox) {
    this.stderr = Objects.requireNonNull(sandbox).resolve("stderr");
  }

  void line(String message) {
    try {
      Files.writeString(stderr, TIME.format(LocalDateTime.now()) + " fetcher: " + message + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // a sandbox that cannot be written fails the fetch itself right after
    }
  }
}
