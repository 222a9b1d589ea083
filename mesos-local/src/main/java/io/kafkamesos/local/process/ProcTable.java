package io.kafkamesos.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One reading of Linux' process table ({@code /proc/<pid>/stat}): each process' parent and
 * session. Java's {@link ProcessHandle} tells the parent but not the session, which is what keeps
 * a container's orphans findable. Pure apart from the reading; empty where there is no /proc.
 */
final class ProcTable {

  /** One process: its parent and its session id. */
  record Entry(long pid, long ppid, long session) {
  }

  private static final Path PROC = Path.of("/proc");

  private final Map<Long, Entry> entries;

  private ProcTable(Map<Long, Entry> entries) {
    this.entries = entries;
  }

  /** Whether this machine has a process table to read (Linux). */
  static boolean available() {
    return Files.isReadable(PROC.resolve("self/stat"));
  }

  /** The processes alive now; a process that ends while it is read is left out. */
  static ProcTable read() {
    Map<Long, Entry> entries = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8))
              .ifPresent(e -> entries.put(e.pid(), e));
        } catch (IOException e) {
          // ended while we looked: not a member any more
        }
      }
    } catch (IOException e) {
      return new ProcTable(Map.of());
    }
    return new ProcTable(entries);
  }

  /** The session id of one process, if it is alive. */
  static Optional<Long> sessionOf(long pid) {
    try {
      return parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
          StandardCharsets.UTF_8)).map(Entry::session);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses one {@code stat} line: {@code pid (comm) state ppid pgrp session ...}. The command
   * name may hold spaces and parentheses, so the fields are counted from its last ')'.
   */
  static Optional<Entry> parse(String stat) {
    int open = stat.indexOf(' ');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < 0) {
      return Optional.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    if (fields.length < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Entry(Long.parseLong(stat.substring(0, open).trim()),
          Long.parseLong(fields[1]), Long.parseLong(fields[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The processes whose session id is {@code session}. */
  List<Long> inSession(long session) {
    List<Long> out = new ArrayList<>();
    entries.values().forEach(e -> {
      if (e.session() == session) {
        out.add(e.pid());
      }
    });
    return out;
  }

  /** Package-private for tests: a table of given entries. */
  static ProcTable of(List<Entry> entries) {
    Map<Long, Entry> map = new HashMap<>();
    entries.forEach(e -> map.put(e.pid(), e));
    return new ProcTable(map);
  }
}
