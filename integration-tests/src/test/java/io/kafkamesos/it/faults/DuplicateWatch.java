package io.kafkamesos.it.faults;

import io.kafkamesos.it.ClusterConvergence;
import io.kafkamesos.it.LocalCluster;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks twice a second, for as long as it runs, for a broker id launched twice: two live tasks of
 * the same broker in the master's {@code /state}, or two broker JVMs of the same id on the machine.
 */
final class DuplicateWatch implements AutoCloseable {

  private static final Pattern BROKER_JVM = Pattern.compile("broker-(\\d+)__executor__");

  private final LocalCluster cluster;
  private final ClusterConvergence convergence;
  private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  DuplicateWatch(LocalCluster cluster, ClusterConvergence convergence) {
    this.cluster = cluster;
    this.convergence = convergence;
    this.thread = new Thread(this::run, "duplicate-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Every moment a broker id ran twice, described. */
  List<String> duplicates() {
    return List.copyOf(seen);
  }

  private void run() {
    while (running) {
      try {
        convergence.liveTasks(cluster.state()).forEach((id, tasks) -> {
          if (tasks.size() > 1) {
            seen.add("two live tasks of broker " + id + ": "
                + tasks.stream().map(t -> t.path("id").asText() + "=" + t.path("state").asText()).toList());
          }
        });
        brokerJvms().forEach((id, pids) -> {
          if (pids.size() > 1) {
            seen.add("two JVMs of broker " + id + ": pids " + pids);
          }
        });
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the master may not answer for a moment; look again
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
            jvms.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new java.util.ArrayList<>())
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
