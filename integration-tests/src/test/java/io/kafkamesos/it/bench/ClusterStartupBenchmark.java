package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
import static io.kafkamesos.it.bench.BenchSupport.ratio;
import static io.kafkamesos.it.bench.BenchSupport.registeredBrokers;
import static io.kafkamesos.it.bench.BenchSupport.rssMiB;
import static io.kafkamesos.it.bench.BenchSupport.seconds;

import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;

/**
 * Issue 3's benchmark: how long the scheduler takes from its start to N brokers registered in
 * ZooKeeper (N = 1 and 3) on a fresh three-agent mesos-local, against starting the same brokers by
 * hand ({@code java -Xmx256m -cp 'kafka/libs/*' kafka.Kafka server.properties}, the same jars and
 * heap, on the same ZooKeeper) in the same run; and the resident memory of the scheduler and of an
 * executor with three brokers up. Prints figures; never fails on a number.
 */
public final class ClusterStartupBenchmark {
  private static final Duration UP = Duration.ofMinutes(5);

  private ClusterStartupBenchmark() {
  }

  record Row(int brokers, Duration byHand, Duration scheduler, Duration apiUp) {
  }

  public static void main(String[] args) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> memory = new ArrayList<>();
    for (int n : new int[] {1, 3}) {
      try (LocalCluster cluster = LocalCluster.start(3)) {
        Duration byHand = startByHand(cluster, n);
        rows.add(startWithScheduler(cluster, n, n == 3 ? memory : null, byHand));
      }
    }
    print(rows, memory);
  }

  /** Starts {@code n} brokers as child processes of this JVM; answers the time until all are registered. */
  private static Duration startByHand(LocalCluster cluster, int n) throws Exception {
    Path kafka = io.kafkamesos.commons.kafka.KafkaDistributions.defaultDir();
    String chroot = "/by-hand-" + n;
    List<Process> brokers = new ArrayList<>();
    String java = ProcessHandle.current().info().command().orElse("java");
    try (ZooKeeper zk = BenchSupport.zooKeeper(cluster.mesos().zkConnect())) {
      List<Path> configs = new ArrayList<>();
      for (int id = 0; id < n; id++) {
        Path dir = Files.createDirectories(cluster.workDir().resolve("by-hand-" + n + "-" + id));
        int port = SchedulerProcess.freePort();
        Path config = dir.resolve("server.properties");
        BenchSupport.writeProperties(config, List.of("broker.id=" + id,
            "listeners=PLAINTEXT://127.0.0.1:" + port, "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "log.dirs=" + dir.resolve("data"), "zookeeper.connect=" + cluster.mesos().zkConnect() + chroot));
        configs.add(config);
      }
      long start = System.nanoTime();
      try {
        for (Path config : configs) {
          brokers.add(new ProcessBuilder(java, "-Xmx256m",
              "-Dlog4j.configuration=file:" + kafka.resolve("config/log4j.properties"),
              "-cp", kafka.resolve("libs") + "/*", "kafka.Kafka", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(config.resolveSibling("broker.log").toFile())
              .start());
        }
        await(n + " brokers started by hand", UP, () -> registeredBrokers(zk, chroot) == n);
        return Duration.ofNanos(System.nanoTime() - start);
      } finally {
        brokers.forEach(BenchSupport::stop);
      }
    }
  }

  /** Starts a scheduler for {@code n} brokers; answers the time from its start until all are registered. */
  private static Row startWithScheduler(LocalCluster cluster, int n, List<String> memory, Duration byHand)
      throws Exception {
    String name = "bench" + n;
    try (ZooKeeper zk = BenchSupport.zooKeeper(cluster.mesos().zkConnect())) {
      long start = System.nanoTime();
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", name,
          "BROKER_COUNT", Integer.toString(n), "PLACEMENT_STRATEGY", "ANY"));
      scheduler.awaitApi(UP);
      Duration apiUp = Duration.ofNanos(System.nanoTime() - start);
      await(n + " brokers started by the scheduler", UP, () -> registeredBrokers(zk, "/" + name) == n);
      Duration registered = Duration.ofNanos(System.nanoTime() - start);
      if (memory != null) {
        // Let start-up garbage settle before reading resident memory.
        Thread.sleep(15_000);
        long pid = scheduler.pid().orElseThrow();
        memory.add(String.format(Locale.ROOT, "| scheduler (`-Xmx256m`) | %.0f MiB |",
            rssMiB(pid).orElse(Double.NaN)));
        for (ProcessHandle executor : BenchSupport.javaDescendants("kafka-executor.jar")) {
          memory.add(String.format(Locale.ROOT, "| executor pid %d (`-Xmx64m`) | %.0f MiB |", executor.pid(),
              rssMiB(executor.pid()).orElse(Double.NaN)));
        }
        for (ProcessHandle broker : BenchSupport.javaDescendants("kafka.Kafka")) {
          memory.add(String.format(Locale.ROOT, "| broker pid %d (`-Xmx256m`), for scale | %.0f MiB |",
              broker.pid(), rssMiB(broker.pid()).orElse(Double.NaN)));
        }
      }
      return new Row(n, byHand, registered, apiUp);
    }
  }

  private static void print(List<Row> rows, List<String> memory) {
    StringBuilder out = new StringBuilder("\n### Cluster start-up (issue 3)\n\n");
    out.append("| brokers | by hand (`kafka.Kafka`) | scheduler start → all registered | ratio | "
        + "of which scheduler API up |\n|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s× | %s |%n", row.brokers(), seconds(row.byHand()),
          seconds(row.scheduler()), ratio(row.scheduler().toNanos(), row.byHand().toNanos()), seconds(row.apiUp())));
    }
    out.append("\n| resident memory (VmRSS), 3 brokers up, 15 s after | |\n|---|---|\n");
    memory.forEach(line -> out.append(line).append('\n'));
    System.out.println(out);
  }
}
