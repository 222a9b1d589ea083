package io.kafkamesos.it.faults;

import io.kafkamesos.it.ClusterConvergence;
import io.kafkamesos.it.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks twice a second, for as long as it runs, for a broker id launched twice: two live tasks of
 * the same broker in the master's {@code /state}, or two broker JVMs of the same id on the machine.
 * It counts what it saw: a sample is one look at both; a look that fails (the master does not
 * answer for a moment, while mesos-local restarts) is counted as such, and {@link #assertWatched}
 * fails when the watch took no sample, or was blind (no sample) for longer than it may be, since a
 * duplicate could then have come and gone unseen.
 */
final class DuplicateWatch implements AutoCloseable {

  private static final Pattern BROKER_JVM = Pattern.compile("broker-(\\d+)__executor__");
  private static final long INTERVAL_MILLIS = 500;

  private final LocalCluster cluster;
  private final ClusterConvergence convergence;
  private final Duration maxBlind;
  private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final long startNanos = System.nanoTime();
  private volatile boolean running = true;
  private volatile int samples;
  private volatile int failedLooks;
  private volatile String lastFailure = "";
  private volatile long lastSampleNanos = startNanos;
  private volatile long longestBlindNanos;

  /**
   * @param maxBlind the longest stretch without a sample that still counts as watching (longer
   *     than a restart of mesos-local, the one fault during which the master cannot answer)
   */
  DuplicateWatch(LocalCluster cluster, ClusterConvergence convergence, Duration maxBlind) {
    this.cluster = cluster;
    this.convergence = convergence;
    this.maxBlind = maxBlind;
    this.thread = new Thread(this::run, "duplicate-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Every moment a broker id ran twice, described. */
  List<String> duplicates() {
    return List.copyOf(seen);
  }

  /** How many full looks (master state and processes) the watch took. */
  int samples() {
    return samples;
  }

  /**
   * Fails unless the watch really watched: at least one sample, and never longer than
   * {@code maxBlind} without one (counted until now).
   */
  void assertWatched() {
    long blind = Math.max(longestBlindNanos, System.nanoTime() - lastSampleNanos);
    String summary = samples + " samples and " + failedLooks + " failed looks in "
        + Duration.ofNanos(System.nanoTime() - startNanos).toSeconds() + " s"
        + (lastFailure.isEmpty() ? "" : "; last failure: " + lastFailure);
    if (samples == 0) {
      throw new AssertionError("the duplicate watch saw nothing: " + summary);
    }
    if (blind > maxBlind.toNanos()) {
      throw new AssertionError("the duplicate watch was blind for "
          + Duration.ofNanos(blind).toSeconds() + " s (at most " + maxBlind.toSeconds()
          + " s allowed): " + summary);
    }
  }

  private void run() {
    while (running) {
      try {
        List<String> found = new ArrayList<>();
        convergence.liveTasks(cluster.state()).forEach((id, tasks) -> {
          if (tasks.size() > 1) {
            found.add("two live tasks of broker " + id + ": " + tasks.stream()
                .map(t -> t.path("id").asText() + "=" + t.path("state").asText()).toList());
          }
        });
        brokerJvms().forEach((id, pids) -> {
          if (pids.size() > 1) {
            found.add("two JVMs of broker " + id + ": pids " + pids);
          }
        });
        seen.addAll(found);
        long now = System.nanoTime();
        longestBlindNanos = Math.max(longestBlindNanos, now - lastSampleNanos);
        lastSampleNanos = now;
        samples++;
      } catch (RuntimeException e) {
        // the master may not answer for a moment (mesos-local restarting): counted, looked at again
        failedLooks++;
        lastFailure = e.toString();
      }
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Broker id → pids of the Kafka JVMs of this cluster's work dir. */
  private Map<Integer, List<Long>> brokerJvms() {
    String workDir = cluster.workDir().toString();
    Map<Integer, List<Long>> jvms = new TreeMap<>();
    ProcessHandle.allProcesses().forEach(p -> p.info().commandLine()
        .filter(c -> c.contains("kafka.Kafka") && c.contains(workDir))
        .ifPresent(c -> {
          Matcher m = BROKER_JVM.matcher(c);
          if (m.find()) {
            jvms.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                .add(p.pid());
          }
        }));
    return jvms;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
