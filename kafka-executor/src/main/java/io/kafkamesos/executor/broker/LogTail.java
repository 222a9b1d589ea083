package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a (possibly large) log file, read from its end. */
public final class LogTail {

  /** Enough bytes for a few dozen ordinary log lines (stack traces included). */
  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {
  }

  /** The last {@code lines} lines of the file; empty when it does not exist or cannot be read. */
  public static List<String> of(Path file, int lines) {
    return of(file, lines, MAX_BYTES);
  }

  private static List<String> of(Path file, int lines, int maxBytes) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, maxBytes);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return lastLines(new String(bytes, StandardCharsets.UTF_8), lines, size < length);
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  /** What Kafka logs when its startup fails, followed by the exception's line. */
  static final String FATAL_STARTUP = "Fatal error during KafkaServer startup";
  private static final int SEARCH_BYTES = 256 * 1024;

  /**
   * Why Kafka's startup failed, from the end of its log: the exception logged after its "Fatal
   * error during KafkaServer startup" line; empty when the log has no such line.
   */
  public static java.util.Optional<String> fatalStartupError(Path file) {
    List<String> lines = of(file, Integer.MAX_VALUE, SEARCH_BYTES);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains(FATAL_STARTUP)) {
        return java.util.Optional.of(i + 1 < lines.size() ? lines.get(i + 1).trim() : FATAL_STARTUP);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The last {@code count} lines of a text; when {@code cut} says the text starts mid-file, its
   * first (partial) line is dropped.
   */
  static List<String> lastLines(String text, int count, boolean cut) {
    List<String> all = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
      all.remove(all.size() - 1);
    }
    if (cut && !all.isEmpty()) {
      all.remove(0);
    }
    return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
  }
}
