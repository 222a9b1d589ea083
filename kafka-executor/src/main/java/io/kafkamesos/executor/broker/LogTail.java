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
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return lastLines(new String(bytes, StandardCharsets.UTF_8), lines, size < length);
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
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
