package io.kafkamesos.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Issue 16's third scale benchmark: the real scheduler ({@code kafka-scheduler.jar}, its own JVM,
 * {@code -Xmx256m} as the package runs it) against mesos-local with up to 1,000 agents and 1,000
 * broker records, NODE placement (one broker per agent). Each size gets a fresh mesos-local whose
 * agents run every custom executor as an in-process <em>stand-in</em> (mesos-local's benchmark-only
 * {@code withInProcessStandInExecutors}): it speaks the real v1 executor API to its agent and
 * reports its broker task STARTING then RUNNING, but starts no executor JVM and no Kafka broker, so
 * no broker registers in ZooKeeper. The scheduler sees what it sees on a real cluster up to
 * TASK_RUNNING: offers, its ACCEPTs, status updates and acknowledgements, its ZooKeeper state.
 *
 * <p>Measured from outside the scheduler's process: its CPU time ({@code /proc/<pid>/stat}: every
 * thread, collector and compiler included; and its event loop thread alone), its heap in use after
 * a full collection ({@code jcmd GC.run}, {@code GC.heap_info}) and its offer counters
 * ({@code /metrics} on the admin port), over the phases start → API up, API up → every launchable
 * broker RUNNING, and a steady window after. Prints markdown; never fails on a number.
 *
 * <p>{@code args[0]} (or {@code BENCH_AGENT_SCALE_SIZES}): the sizes as {@code AGENTSxBROKERS},
 * comma-separated; {@code args[1]} (or {@code BENCH_AGENT_SCALE_WINDOW_SECONDS}): the steady window.
 */
public final class AgentScaleBenchmark {
  private static final String NAME = "scale0";
  /** The event loop thread's name ({@code <framework>-scheduler}), as /proc cuts it to 15 bytes. */
  private static final String EVENT_LOOP = (NAME + "-scheduler").substring(0, 15);
  private static final String DEFAULT_SIZES = "10x10,100x100,1000x1000,1000x10,1000x100,100x1000";
  private static final int DEFAULT_WINDOW_SECONDS = 30;
  /** Each agent as the default mesos-local one; the ports divided between up to 1,000 agents. */
  private static final String AGENT_RESOURCES = "cpus:2;mem:4096;disk:20000;ports:[20000-29999]";
  private static final Duration UP = Duration.ofMinutes(15);

  /** The scheduler jar as it was when the benchmark started: every size runs the same build. */
  private static Path schedulerJar;
  /** The scheduler running now, stopped if this JVM is ended from outside. */
  private static volatile Process current;

  private AgentScaleBenchmark() {
  }

  record Size(int agents, int brokers) {
    static Size parse(String text) {
      String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
      return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** With NODE placement, one broker per agent: the rest wait. */
    int launchable() {
      return Math.min(agents, brokers);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d × %,d", agents, brokers);
    }
  }

  /** The scheduler's offer counters at one moment. */
  record Counters(long received, long declined, long launches, long running, double heapUsedMiB) {
    Counters minus(Counters o) {
      return new Counters(received - o.received, declined - o.declined, launches - o.launches,
          running - o.running, heapUsedMiB);
    }
  }

  /** One phase: wall time, the process's and the event loop's CPU, the offers in it. */
  record Phase(double wallS, double cpuMs, double loopMs, Counters counters,
      Map<String, Double> threadMs) {
    static Phase between(ProcessProbe.CpuSample a, Counters ca, ProcessProbe.CpuSample b, Counters cb) {
      Map<String, Double> threads = new HashMap<>();
      b.threadMs().forEach((name, ms) -> threads.put(name, ms - a.threadMs().getOrDefault(name, 0.0)));
      return new Phase((b.nanos() - a.nanos()) / 1e9, b.processMs() - a.processMs(),
          b.threadMs(EVENT_LOOP) - a.threadMs(EVENT_LOOP), cb.minus(ca), threads);
    }

    String topThreads(int n) {
      return threadMs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(n).map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
          .collect(Collectors.joining(", "));
    }
  }

  record Result(Size size, String loadBefore, String loadAfter, double mesosLocalStartS,
      double apiUpS, Phase launch, Phase steady, double heapUsedRunningMiB, double heapRunningMiB,
      double heapSteadyMiB, double rssMiB) {
  }

  public static void main(String[] args) throws Exception {
    String sizesArg = args.length > 0 ? args[0] : System.getenv().getOrDefault("BENCH_AGENT_SCALE_SIZES",
        DEFAULT_SIZES);
    int window = args.length > 1 ? Integer.parseInt(args[1])
        : Integer.parseInt(System.getenv().getOrDefault("BENCH_AGENT_SCALE_WINDOW_SECONDS",
            Integer.toString(DEFAULT_WINDOW_SECONDS)));
    List<Size> sizes = Arrays.stream(sizesArg.split(",")).map(Size::parse).toList();
    // the scheduler's log is its own file; mesos-local in this JVM says only what goes wrong (a line
    // per agent and executor would cost this JVM CPU beside the scheduler's)
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.kafkamesos.local"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path jarCopy = Files.createTempFile("agent-scale-scheduler-", ".jar");
    Files.copy(Path.of(System.getProperty("scheduler.jar")), jarCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    schedulerJar = jarCopy;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process p = current;
      if (p != null) {
        p.destroyForcibly();
      }
      try {
        Files.deleteIfExists(jarCopy);
      } catch (IOException e) {
        // leaving a temp file
      }
    }, "agent-scale-cleanup"));
    System.out.println("load at start: " + BenchSupport.uptime());
    List<Result> results = new ArrayList<>();
    for (Size size : sizes) {
      Result r = run(size, Duration.ofSeconds(window));
      results.add(r);
      System.out.println();
      System.out.println(describe(r));
    }
    System.out.println("load at end: " + BenchSupport.uptime());
    System.out.println();
    print(results, window);
  }

  private static Result run(Size size, Duration window) throws Exception {
    String loadBefore = BenchSupport.uptime();
    Path work = Files.createTempDirectory("agent-scale-");
    Process scheduler = null;
    long t0 = System.nanoTime();
    MesosLocal mesos = MesosLocal.start(MesosLocalConfig.defaults(work.resolve("mesos"))
        .withAgents(size.agents()).withResources(AGENT_RESOURCES).withInProcessStandInExecutors(true));
    double mesosStart = (System.nanoTime() - t0) / 1e9;
    try {
      int api = SchedulerProcess.freePort();
      int admin = SchedulerProcess.freePort();
      Map<String, String> env = SchedulerProcess.environment(mesos.masterUrl(), mesos.zkConnect(),
          Map.of("FRAMEWORK_NAME", NAME, "BROKER_COUNT", Integer.toString(size.brokers()),
              "PLACEMENT_STRATEGY", "NODE", "PORT0", Integer.toString(api), "PORT1", Integer.toString(admin),
              "API_BIND_HOST", "127.0.0.1", "ADMIN_BIND_HOST", "127.0.0.1"));
      String apiUrl = "http://127.0.0.1:" + api;
      String adminUrl = "http://127.0.0.1:" + admin;
      Path log = work.resolve("scheduler.log");
      scheduler = startScheduler(env, log);
      current = scheduler;
      Process process = scheduler;
      ProcessProbe probe = new ProcessProbe(scheduler.pid());
      ProcessProbe.CpuSample start = probe.cpu();
      Counters zero = new Counters(0, 0, 0, 0, 0);

      poll("the scheduler API (log " + log + ")", Duration.ofMillis(200), () -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("the scheduler exited:\n" + tail(log));
        }
        return answers(apiUrl + "/v1/brokers");
      });
      // the subscription, and offers, may come before the API answers: the launch phase is
      // measured from the process's start; the API's moment is noted only
      double apiUpS = (System.nanoTime() - start.nanos()) / 1e9;

      poll(size.launchable() + " brokers RUNNING in the master (log " + log + ")", Duration.ofSeconds(1), () -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("the scheduler exited:\n" + tail(log));
        }
        return runningInMaster(mesos) >= size.launchable();
      });
      poll(size.launchable() + " brokers RUNNING in the scheduler", Duration.ofMillis(500),
          () -> counters(adminUrl).running() >= size.launchable());
      ProcessProbe.CpuSample allRunning = probe.cpu();
      Counters atRunning = counters(adminUrl);
      Phase launch = Phase.between(start, zero, allRunning, atRunning);
      double heapUsedRunning = atRunning.heapUsedMiB();
      double heapRunning = probe.heapAfterFullGcMiB().orElse(Double.NaN);

      ProcessProbe.CpuSample steadyFrom = probe.cpu();
      Counters steadyCounters = counters(adminUrl);
      Thread.sleep(window.toMillis());
      ProcessProbe.CpuSample steadyTo = probe.cpu();
      Counters atEnd = counters(adminUrl);
      Phase steady = Phase.between(steadyFrom, steadyCounters, steadyTo, atEnd);
      double heapSteady = probe.heapAfterFullGcMiB().orElse(Double.NaN);
      double rss = probe.rssMiB().orElse(Double.NaN);
      return new Result(size, loadBefore, BenchSupport.uptime(), mesosStart, apiUpS, launch, steady, heapUsedRunning,
          heapRunning, heapSteady, rss);
    } finally {
      if (scheduler != null) {
        BenchSupport.stop(scheduler);
      }
      current = null;
      mesos.close();
      LocalCluster.deleteRecursively(work);
    }
  }

  private static Process startScheduler(Map<String, String> env, Path log) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    // e.g. a flight recording of the scheduler: BENCH_SCHEDULER_JVM_OPTS="-XX:StartFlightRecording=filename=s.jfr"
    String extra = System.getenv().getOrDefault("BENCH_SCHEDULER_JVM_OPTS", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", schedulerJar.toString(), "server", System.getProperty("scheduler.config")));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean answers(String url) {
    try {
      return Json.get(url).status() == 200;
    } catch (UncheckedIOException e) {
      return false; // not listening yet
    }
  }

  /**
   * The scheduler's counters from {@code /metrics} (Prometheus text). Read only at the phases'
   * edges: one answer costs the scheduler about 10 ms of CPU, so polling it would be measured too.
   */
  private static Counters counters(String adminUrl) {
    Map<String, Double> values = new HashMap<>();
    for (String line : Json.text(adminUrl + "/metrics").split("\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 2 && (parts[0].startsWith("kafka_scheduler_") || parts[0].equals("jvm_memory_heap_used"))) {
        values.put(parts[0], Double.parseDouble(parts[1]));
      }
    }
    return new Counters(values.getOrDefault("kafka_scheduler_offers_received", 0.0).longValue(),
        values.getOrDefault("kafka_scheduler_offers_declined", 0.0).longValue(),
        values.getOrDefault("kafka_scheduler_launches", 0.0).longValue(),
        values.getOrDefault("kafka_scheduler_brokers_running", 0.0).longValue(),
        values.getOrDefault("jvm_memory_heap_used", Double.NaN) / (1024 * 1024));
  }

  /** Tasks of the framework that the master holds as TASK_RUNNING (asked of mesos-local, not the scheduler). */
  private static long runningInMaster(MesosLocal mesos) {
    long n = 0;
    for (JsonNode framework : Json.get(mesos.masterUrl() + "/state").body().path("frameworks")) {
      if (NAME.equals(framework.path("name").asText())) {
        for (JsonNode task : framework.path("tasks")) {
          n += "TASK_RUNNING".equals(task.path("state").asText()) ? 1 : 0;
        }
      }
    }
    return n;
  }

  /** Checks {@code condition} every {@code every}; fails after {@link #UP}. */
  private static void poll(String what, Duration every, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + UP.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(every.toMillis());
    }
  }

  private static String tail(Path log) {
    try {
      return SchedulerProcess.tail(Files.exists(log) ? Files.readString(log) : "", 40);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String describe(Result r) {
    return String.format(Locale.ROOT, "%s: mesos-local up in %.1f s; scheduler start → API %.1f s → %d RUNNING %.1f s:"
            + " %.0f ms CPU (event loop %.0f ms), %d offers, %d declined, %d launches;"
            + " steady %.0f s: %.0f ms CPU (event loop %.0f ms), %d offers, %d declined;"
            + " heap used at RUNNING %.1f MiB, after a full GC %.1f MiB, after the window %.1f MiB; RSS %.0f MiB%n"
            + "  start → RUNNING threads: %s%n  steady threads: %s%n  load before: %s%n  load after: %s",
        r.size(), r.mesosLocalStartS(), r.apiUpS(), r.size().launchable(), r.launch().wallS(), r.launch().cpuMs(),
        r.launch().loopMs(), r.launch().counters().received(), r.launch().counters().declined(),
        r.launch().counters().launches(), r.steady().wallS(), r.steady().cpuMs(), r.steady().loopMs(),
        r.steady().counters().received(), r.steady().counters().declined(), r.heapUsedRunningMiB(),
        r.heapRunningMiB(), r.heapSteadyMiB(), r.rssMiB(), r.launch().topThreads(8), r.steady().topThreads(6),
        r.loadBefore(), r.loadAfter());
  }

  private static void print(List<Result> results, int window) {
    System.out.println("Start → every launchable broker RUNNING (NODE placement), then a steady window:");
    System.out.println();
    System.out.println("| agents × brokers | launched | wall s | CPU ms | of it event loop ms | offers | declined"
        + " | event loop µs per offer | heap after GC at RUNNING, MiB"
        + " | steady " + window + " s: CPU ms | offers | event loop µs per offer | CPU µs per offer | heap after, MiB"
        + " | RSS MiB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      Phase l = r.launch();
      Phase s = r.steady();
      System.out.println(String.format(Locale.ROOT,
          "| %s | %,d | %.1f | %.0f | %.0f | %,d | %,d | %s | %.1f | %.0f | %,d | %s | %s | %.1f | %.0f |",
          r.size(), l.counters().launches(), l.wallS(), l.cpuMs(), l.loopMs(), l.counters().received(),
          l.counters().declined(), perUnit(l.loopMs() * 1000, l.counters().received()),
          r.heapRunningMiB(), s.cpuMs(), s.counters().received(), perUnit(s.loopMs() * 1000, s.counters().received()),
          perUnit(s.cpuMs() * 1000, s.counters().received()), r.heapSteadyMiB(), r.rssMiB()));
    }
    printGrowth(results);
  }

  /** Between sizes of the same agents, the same brokers or both ×10: how the figures grew. */
  private static void printGrowth(List<Result> results) {
    System.out.println();
    System.out.println("Growth (larger over smaller size):");
    for (Result a : results) {
      for (Result b : results) {
        boolean sameAgents = a.size().agents() == b.size().agents() && a.size().brokers() < b.size().brokers();
        boolean sameBrokers = a.size().brokers() == b.size().brokers() && a.size().agents() < b.size().agents();
        boolean diagonal = a.size().agents() == a.size().brokers() && b.size().agents() == b.size().brokers()
            && a.size().agents() < b.size().agents();
        if (sameAgents || sameBrokers || diagonal) {
          System.out.println(String.format(Locale.ROOT,
              "  %s → %s: offers ×%.1f, event loop CPU ×%.1f (per offer ×%.2f), process CPU ×%.1f;"
                  + " heap after GC at RUNNING %+.1f MiB",
              a.size(), b.size(), (double) b.launch().counters().received() / a.launch().counters().received(),
              b.launch().loopMs() / a.launch().loopMs(), perOffer(b.launch()) / perOffer(a.launch()),
              b.launch().cpuMs() / a.launch().cpuMs(), b.heapRunningMiB() - a.heapRunningMiB()));
        }
      }
    }
  }

  /** The event loop's CPU per offer received. */
  private static double perOffer(Phase p) {
    return p.counters().received() == 0 ? Double.NaN : p.loopMs() / p.counters().received();
  }

  private static String perUnit(double amount, long units) {
    return units == 0 ? "–" : String.format(Locale.ROOT, "%.0f", amount / units);
  }
}
