package io.kafkamesos.it.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What another JVM on this machine costs, read from outside: its CPU time (process and per
 * thread, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat}) and its heap in
 * use after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}).
 */
final class ProcessProbe {
  /** Linux's USER_HZ: {@code /proc} counts CPU time in these ticks (getconf CLK_TCK). */
  private static final double TICKS_PER_SECOND = clockTicks();
  private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*\\S.*?heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private final long pid;
  private final Path jcmd;

  ProcessProbe(long pid) {
    this.pid = pid;
    this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  /**
   * CPU used so far: the process's user + system time, and each thread's by its name (threads of
   * one name, such as the collector's workers once numbers are cut off, are added up).
   */
  record CpuSample(long nanos, double processMs, Map<String, Double> threadMs) {
    double threadMs(String namePrefix) {
      return threadMs.entrySet().stream().filter(e -> e.getKey().startsWith(namePrefix))
          .mapToDouble(Map.Entry::getValue).sum();
    }
  }

  CpuSample cpu() {
    long now = System.nanoTime();
    double process = ticksMs(Path.of("/proc/" + pid + "/stat")).orElse(0.0);
    Map<String, Double> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        Optional<String> name = comm(task);
        Optional<Double> ms = ticksMs(task.resolve("stat"));
        if (name.isPresent() && ms.isPresent()) {
          threads.merge(threadGroup(name.get()), ms.get(), Double::sum);
        }
      }
    } catch (IOException e) {
      // the process ended: what was read stands
    }
    return new CpuSample(now, process, threads);
  }

  /** Threads numbered alike are one group: {@code GC Thread#1} and {@code GC Thread#0}, {@code dw-42}. */
  private static String threadGroup(String comm) {
    return comm.replaceAll("[#-]?\\d+$", "");
  }

  /** Heap in use after a full collection, in MiB (the collection runs in the process, on its CPU). */
  Optional<Double> heapAfterFullGcMiB() {
    run("GC.run");
    Matcher m = HEAP_USED.matcher(run("GC.heap_info"));
    return m.find() ? Optional.of(Long.parseLong(m.group(2)) / 1024.0) : Optional.empty();
  }

  Optional<Double> rssMiB() {
    return BenchSupport.rssMiB(pid);
  }

  private String run(String command) {
    try {
      Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Optional<String> comm(Path task) {
    try {
      return Optional.of(Files.readString(task.resolve("comm")).trim());
    } catch (IOException e) {
      return Optional.empty(); // the thread ended
    }
  }

  /** utime + stime of a stat line, in ms; the name in parentheses may hold spaces. */
  private static Optional<Double> ticksMs(Path stat) {
    try {
      String line = Files.readString(stat);
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      // after the name: state is field 3 of stat(5), utime 14, stime 15
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return Optional.of(ticks * 1000.0 / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100; // Linux's USER_HZ on every common architecture
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
