package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
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
 * Issue 3's and issue 16's benchmark: how long the scheduler takes from its start to N brokers
 * registered in ZooKeeper (N = 1 and 3) on a fresh three-agent mesos-local, against starting the
 * same brokers by hand ({@code java -Xmx256m -cp 'kafka/libs/*' kafka.Kafka server.properties}, the
 * same jars and heap, on the same ZooKeeper) in the same run; where the scheduler's time goes, per
 * broker ({@link StartupTimeline}: API up, subscribed, ACCEPT, fetch, unpack, executor JVM, broker
 * JVM, registered, TASK_RUNNING); and the resident memory of the scheduler and of an executor with
 * three brokers up. Prints figures beside issue 16's goal (≤ 1.5× by hand); never fails on a number.
 *
 * <p>{@code args[0]}: how many rounds (default 1); each round starts a fresh mesos-local per N.
 * {@code BENCH_FETCHER_CACHE_SIZE=0} in the environment runs the agents without a fetcher cache.
 */
public final class ClusterStartupBenchmark {
  private static final Duration UP = Duration.ofMinutes(5);
  /** Issue 16: scheduler start → N brokers registered at most this many times the by-hand time. */
  static final double GOAL = 1.5;

  private ClusterStartupBenchmark() {
  }

  record Row(int brokers, Duration byHand, List<Long> byHandJvmToRegistered, Duration scheduler,
      Duration apiUp, List<StartupTimeline> timelines) {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    // BENCH_FETCHER_CACHE_SIZE=0 switches the agents' fetcher cache off: the figures before it
    long cacheSize = Long.parseLong(System.getenv().getOrDefault("BENCH_FETCHER_CACHE_SIZE",
        Long.toString(io.kafkamesos.local.agent.FetcherCache.DEFAULT_CAPACITY)));
    List<Row> rows = new ArrayList<>();
    List<String> memory = new ArrayList<>();
    String before = BenchSupport.uptime();
    for (int round = 0; round < rounds; round++) {
      for (int n : new int[] {1, 3}) {
        try (LocalCluster cluster = LocalCluster.start(3, c -> c.withFetcherCacheSize(cacheSize))) {
          List<Long> jvmToRegistered = new ArrayList<>();
          Duration byHand = startByHand(cluster, n, jvmToRegistered);
          rows.add(startWithScheduler(cluster, n, round == 0 && n == 3 ? memory : null, byHand,
              jvmToRegistered));
        }
      }
    }
    System.out.println("\nagents' --fetcher_cache_size: " + cacheSize + " bytes");
    print(rows, memory, before, BenchSupport.uptime());
  }

  /** Starts {@code n} brokers as child processes of this JVM; answers the time until all are registered. */
  private static Duration startByHand(LocalCluster cluster, int n, List<Long> jvmToRegistered)
      throws Exception {
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
        List<Long> jvmStarts = new ArrayList<>();
        for (Path config : configs) {
          jvmStarts.add(System.currentTimeMillis());
          brokers.add(new ProcessBuilder(java, "-Xmx256m",
              "-Dlog4j.configuration=file:" + kafka.resolve("config/log4j.properties"),
              "-cp", kafka.resolve("libs") + "/*", "kafka.Kafka", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(config.resolveSibling("broker.log").toFile())
              .start());
        }
        await(n + " brokers started by hand", UP, () -> registeredBrokers(zk, chroot) == n);
        Duration all = Duration.ofNanos(System.nanoTime() - start);
        for (int id = 0; id < n; id++) {
          jvmToRegistered.add(StartupTimeline.ctime(zk, chroot + "/brokers/ids/" + id).orElse(-1)
              - jvmStarts.get(id));
        }
        return all;
      } finally {
        brokers.forEach(BenchSupport::stop);
      }
    }
  }

  /** Starts a scheduler for {@code n} brokers; answers the time from its start until all are registered. */
  private static Row startWithScheduler(LocalCluster cluster, int n, List<String> memory, Duration byHand,
      List<Long> byHandJvm) throws Exception {
    String name = "bench" + n;
    try (ZooKeeper zk = BenchSupport.zooKeeper(cluster.mesos().zkConnect())) {
      long startMillis = System.currentTimeMillis();
      long start = System.nanoTime();
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", name,
          "BROKER_COUNT", Integer.toString(n), "PLACEMENT_STRATEGY", "ANY"));
      scheduler.awaitApi(UP);
      Duration apiUp = Duration.ofNanos(System.nanoTime() - start);
      await(n + " brokers started by the scheduler", UP, () -> registeredBrokers(zk, "/" + name) == n);
      Duration registered = Duration.ofNanos(System.nanoTime() - start);
      // the scheduler hears TASK_RUNNING a moment after the registration: give it that moment
      await("the scheduler to see " + n + " brokers running", UP,
          () -> scheduler.logText().split("-> RUNNING", -1).length - 1 >= n);
      List<StartupTimeline> timelines = new ArrayList<>();
      for (int id = 0; id < n; id++) {
        StartupTimeline t = StartupTimeline.read(id, startMillis, startMillis + apiUp.toMillis(),
            cluster.workDir(), scheduler.log(), zk, "/" + name);
        timelines.add(t);
        if (t.launches() > 1) {
          // a relaunch is a failure worth seeing: what the scheduler and the first executor said
          int broker = id;
          System.out.println("broker " + id + " of " + name + " was launched " + t.launches()
              + " times; the scheduler said:");
          scheduler.logText().lines().filter(l -> l.contains("Broker " + broker + ":"))
              .forEach(System.out::println);
          Path first = StartupTimeline.sandboxes(cluster.workDir(), id).get(0);
          System.out.println("its first executor (" + first + ") said:");
          StartupTimeline.lines(first.resolve("stdout")).forEach(System.out::println);
        }
      }
      if (memory != null) {
        // Let start-up garbage settle before reading resident memory.
        Thread.sleep(15_000);
        long pid = scheduler.pid().orElseThrow();
        memory.add(String.format(Locale.ROOT, "| scheduler (`-Xmx256m`) | %.0f MiB |",
            rssMiB(pid).orElse(Double.NaN)));
        for (ProcessHandle executor : BenchSupport.javaDescendants("kafka-executor.jar")) {
          memory.add(String.format(Locale.ROOT, "| executor pid %d | %.0f MiB |", executor.pid(),
              rssMiB(executor.pid()).orElse(Double.NaN)));
        }
        for (ProcessHandle broker : BenchSupport.javaDescendants("kafka.Kafka")) {
          memory.add(String.format(Locale.ROOT, "| broker pid %d (`-Xmx256m`), for scale | %.0f MiB |",
              broker.pid(), rssMiB(broker.pid()).orElse(Double.NaN)));
        }
      }
      return new Row(n, byHand, byHandJvm, registered, apiUp, timelines);
    }
  }

  private static void print(List<Row> rows, List<String> memory, String before, String after) {
    StringBuilder out = new StringBuilder("\n### Cluster start-up (issues 3 and 16)\n\n");
    out.append("Load: before `").append(before).append("`, after `").append(after).append("`\n\n");
    out.append("| brokers | by hand (`kafka.Kafka`) | scheduler start → all registered | ratio | goal | "
        + "ratio ÷ goal | of which scheduler API up |\n|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      double r = row.scheduler().toNanos() / (double) row.byHand().toNanos();
      out.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f× | ≤ %.1f× | %.2f | %s |%n", row.brokers(),
          seconds(row.byHand()), seconds(row.scheduler()), r, GOAL, r / GOAL, seconds(row.apiUp())));
    }
    out.append("\nWhere the time goes, per broker (ms; `-` where a phase was not logged; "
        + "launches > 1: the broker was relaunched and its last launch is shown):\n\n| N | broker | launches |");
    StartupTimeline.PHASES.forEach(p -> out.append(' ').append(p).append(" |"));
    out.append(" total | by hand: JVM→registered |\n|---|---|---|");
    StartupTimeline.PHASES.forEach(p -> out.append("---|"));
    out.append("---|---|\n");
    List<StartupTimeline> all = new ArrayList<>();
    for (Row row : rows) {
      for (StartupTimeline t : row.timelines()) {
        all.add(t);
        out.append("| ").append(row.brokers()).append(" | ").append(t.brokerId()).append(" | ")
            .append(t.launches()).append(" |");
        for (long v : t.phases()) {
          out.append(' ').append(v < 0 ? "-" : Long.toString(v)).append(" |");
        }
        long hand = t.brokerId() < row.byHandJvmToRegistered().size()
            ? row.byHandJvmToRegistered().get(t.brokerId()) : -1;
        out.append(' ').append(t.total()).append(" | ").append(hand < 0 ? "-" : Long.toString(hand))
            .append(" |\n");
      }
    }
    out.append("| all | median | |");
    for (long v : StartupTimeline.medians(all)) {
      out.append(' ').append(v < 0 ? "-" : Long.toString(v)).append(" |");
    }
    out.append(" | |\n");
    out.append("\n| resident memory (VmRSS), 3 brokers up, 15 s after | |\n|---|---|\n");
    memory.forEach(line -> out.append(line).append('\n'));
    System.out.println(out);
  }
}
