package io.kafkamesos.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** What the benchmarks share: latency statistics, resident memory, ZooKeeper registrations, processes. */
final class BenchSupport {
  private BenchSupport() {
  }

  /** Latencies of one operation repeated in a row: percentiles in ms and operations per second. */
  record Latency(String name, int count, double p50Ms, double p99Ms, double perSecond) {
    static Latency of(String name, long[] nanos, long totalNanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Latency(name, sorted.length, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
          sorted.length / (totalNanos / 1e9));
    }

    private static double percentile(long[] sorted, double q) {
      int index = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /** Something to time; may throw. */
  interface Operation {
    void run() throws Exception;
  }

  /** Runs {@code op} {@code warmup} times untimed, then {@code count} times timed one after the other. */
  static Latency measure(String name, int warmup, int count, Operation op) throws Exception {
    for (int i = 0; i < warmup; i++) {
      op.run();
    }
    long[] nanos = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      op.run();
      nanos[i] = System.nanoTime() - t0;
    }
    return Latency.of(name, nanos, System.nanoTime() - start);
  }

  /** VmRSS of a process in MiB, from /proc/<pid>/status. */
  static Optional<Double> rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Optional.of(Long.parseLong(kb) / 1024.0);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Java processes started (directly or not) by this JVM whose command line contains every one of
   * {@code parts}: this run's executors and brokers, not those of anyone else on the machine.
   */
  static List<ProcessHandle> javaDescendants(String... parts) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> Arrays.stream(parts).allMatch(c::contains)).orElse(false))
        .toList();
  }

  /** A ZooKeeper session for reading registrations. */
  static ZooKeeper zooKeeper(String connect) throws IOException, InterruptedException {
    ZooKeeper zk = new ZooKeeper(connect, 30_000, event -> { });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (zk.getState() != ZooKeeper.States.CONNECTED && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return zk;
  }

  /** How many brokers are registered under {@code chroot}/brokers/ids. */
  static int registeredBrokers(ZooKeeper zk, String chroot) {
    try {
      return zk.getChildren(chroot + "/brokers/ids", false).size();
    } catch (KeeperException e) {
      // No node yet (nothing registered), or a blip: count nothing and ask again.
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Checks {@code condition} every 20 ms; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Stops a process as an operator would: SIGTERM, a minute's grace, then SIGKILL. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The machine's load now, as {@code uptime} prints it (the machine is shared: say how busy). */
  static String uptime() {
    try {
      Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "(uptime: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  static void writeProperties(Path file, List<String> lines) {
    try {
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
