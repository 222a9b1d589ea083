package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.offer.BrokerNeed;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.offer.TaskInfoFactory;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Issue 16's offer-evaluation benchmark: the time to evaluate one offer with 10, 100 and 1,000
 * agents × 10, 100 and 1,000 brokers, beside the goal (≤ 1 ms per offer at 1,000 × 1,000, growing
 * linearly or better). Prints figures; asserts nothing. The times are the benchmark thread's CPU
 * time (the code is single-threaded, as the scheduler's event loop is), so that another build on
 * the same machine does not count.
 *
 * <ul>
 *   <li><b>pure</b>: the real {@link OfferEvaluator} on built offers (8 cpus, 16 GB, 1,001 ports
 *       each), half of the brokers running (spread over the agents' hosts) and half waiting: each
 *       agent's offer is evaluated against every waiting broker and every occupied host, as the
 *       scheduler does; with NODE placement (one broker per host) and with ANY (the default: an
 *       offer takes as many brokers as fit, 7 here, and every other waiting broker is told why not).
 *   <li><b>in-process</b>: the whole offer path of the scheduler ({@link BrokerScheduler#offers}:
 *       the plan, the needs, the evaluator, the stored launches, the ACCEPT/DECLINE calls, the
 *       re-plan and the published view) on an in-memory state store and a recording driver (the
 *       only stand-ins: ZooKeeper and Mesos' HTTP API). A fresh scheduler gets one OFFERS event
 *       with one offer from each agent (min(agents, brokers) launch, NODE placement); those
 *       brokers report TASK_RUNNING; then a second event with every agent's offer again (the
 *       hosts are taken: every offer is declined, the other brokers still wait).
 * </ul>
 *
 * <p>Run: {@code mvn -B -pl kafka-scheduler -am -Pbench test-compile exec:exec@offer-scale}.
 */
public final class OfferScaleBenchmark {
  private static final int[] SIZES = {10, 100, 1000};
  /** Issue 16: at 1,000 agents × 1,000 brokers. */
  private static final double GOAL_MICROS = 1000;
  /** Each figure is timed over at least this long (after as long again of warm-up). */
  private static final long MIN_NANOS = 300_000_000L;

  private OfferScaleBenchmark() {
  }

  public static void main(String[] args) {
    // the scheduler logs each launch and each new wait reason at INFO: to a file in production, to
    // this benchmark's console here, where writing thousands of lines would be what is measured
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.println("\n### Offer evaluation per offer (issue 16)\n");
    System.out.println("JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
        + " cpus, load " + loadAverage() + "\n");
    // one pass of every size first, so that the first figures do not carry the JIT's warm-up
    for (int a : SIZES) {
      for (int b : SIZES) {
        pureMicros(a, b, "NODE", MIN_NANOS / 10);
        pureMicros(a, b, "ANY", MIN_NANOS / 10);
        inProcessRun(offers(a), b);
      }
    }
    double[][] node = new double[SIZES.length][SIZES.length];
    double[][] any = new double[SIZES.length][SIZES.length];
    double[][] launch = new double[SIZES.length][SIZES.length];
    double[][] decline = new double[SIZES.length][SIZES.length];
    for (int a = 0; a < SIZES.length; a++) {
      for (int b = 0; b < SIZES.length; b++) {
        node[a][b] = pureMicros(SIZES[a], SIZES[b], "NODE", MIN_NANOS);
        any[a][b] = pureMicros(SIZES[a], SIZES[b], "ANY", MIN_NANOS);
        double[] inProcess = inProcessMicros(SIZES[a], SIZES[b]);
        launch[a][b] = inProcess[0];
        decline[a][b] = inProcess[1];
      }
    }
    table("pure: OfferEvaluator.evaluate, CPU µs per offer (half the brokers wait, NODE placement)", node);
    table("pure: OfferEvaluator.evaluate, CPU µs per offer (half the brokers wait, ANY placement: an "
        + "offer holds 7)", any);
    table("in-process: first OFFERS event (one offer per agent, min(agents, brokers) launch), CPU µs per offer",
        launch);
    table("in-process: second OFFERS event (hosts taken, every offer declined), CPU µs per offer", decline);
    retained(100, 1000, 30);
    System.out.println("load after: " + loadAverage());
  }

  private static void table(String title, double[][] micros) {
    StringBuilder out = new StringBuilder(title).append("\n\n| agents \\ brokers |");
    for (int b : SIZES) {
      out.append(' ').append(b).append(" |");
    }
    out.append(" × per 10× brokers (at 1,000 agents) |\n|---|");
    out.append("---:|".repeat(SIZES.length)).append("---|\n");
    for (int a = 0; a < SIZES.length; a++) {
      out.append("| ").append(SIZES[a]).append(" |");
      for (int b = 0; b < SIZES.length; b++) {
        out.append(String.format(Locale.ROOT, " %.1f |", micros[a][b]));
      }
      if (a == SIZES.length - 1) {
        out.append(String.format(Locale.ROOT, " %.1f×, %.1f× |", micros[a][1] / micros[a][0],
            micros[a][2] / micros[a][1]));
      } else {
        out.append(" |");
      }
      out.append('\n');
    }
    double worst = micros[SIZES.length - 1][SIZES.length - 1];
    out.append(String.format(Locale.ROOT,
        "\n1,000 × 1,000: %.1f µs per offer; goal ≤ %.0f µs (%.2f of the goal); × per 10× agents at "
            + "1,000 brokers: %.1f×, %.1f×%n",
        worst, GOAL_MICROS, worst / GOAL_MICROS, micros[1][2] / micros[0][2], micros[2][2] / micros[1][2]));
    System.out.println(out);
  }

  private static SchedulerSettings settings(int brokers, String placement) {
    return Fixtures.settings("BROKER_COUNT", Integer.toString(brokers), "PLACEMENT_STRATEGY", placement);
  }

  private static List<Offer> offers(int agents) {
    List<Offer> offers = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      offers.add(offer(a));
    }
    return offers;
  }

  private static Offer offer(int agent) {
    return Fixtures.offer("a" + agent, "host" + agent).unreserved(8, 16384, 100000, 31000, 32000).build();
  }

  /** Mean µs per evaluation of each agent's offer, with half the brokers running and half waiting. */
  static double pureMicros(int agents, int brokers, String placement, long nanos) {
    SchedulerSettings s = settings(brokers, placement);
    OfferEvaluator evaluator = new OfferEvaluator(s, new TaskInfoFactory(s));
    NodeSpec spec = NodeSpec.of(s);
    List<BrokerNeed> needs = new ArrayList<>();
    Map<Integer, String> occupied = new HashMap<>();
    for (int id = 0; id < brokers; id++) {
      if (id % 2 == 0) {
        occupied.put(id, "host" + (id / 2 % agents));
      } else {
        needs.add(new BrokerNeed(id, "broker-" + id + "__" + new java.util.UUID(0, id), null, 0, spec));
      }
    }
    List<Offer> offers = offers(agents);
    long[] sink = {0};
    Runnable round = () -> {
      for (Offer o : offers) {
        sink[0] += evaluator.evaluate(o, FRAMEWORK_ID, needs, occupied).placements().size();
      }
    };
    double micros = timePerRound(round, nanos) / 1000.0 / agents;
    if (sink[0] < 0) {
      throw new AssertionError(); // keeps the evaluations from being optimized away
    }
    return micros;
  }

  /**
   * Runs {@code round} for warm-up, then times it: mean CPU nanoseconds of this thread per round
   * (CPU time, not wall-clock time: on a shared machine the load would otherwise be what is
   * measured). Runs for at least {@code nanos} of wall-clock time.
   */
  private static double timePerRound(Runnable round, long nanos) {
    long warm = System.nanoTime() + nanos;
    while (System.nanoTime() < warm) {
      round.run();
    }
    int rounds = 0;
    long start = System.nanoTime();
    long cpu = cpuNow();
    do {
      round.run();
      rounds++;
    } while (System.nanoTime() - start < nanos);
    return (cpuNow() - cpu) / (double) rounds;
  }

  private static long cpuNow() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU µs per offer of the first and of the second OFFERS event; the median of repeated fresh runs. */
  static double[] inProcessMicros(int agents, int brokers) {
    List<Offer> offers = offers(agents);
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    long deadline = System.nanoTime() + 2 * MIN_NANOS;
    int runs = 0;
    while (runs < 5 || System.nanoTime() < deadline) {
      long[] t = inProcessRun(offers, brokers);
      if (runs++ >= 2) { // the first two warm up
        first.add(t[0]);
        second.add(t[1]);
      }
    }
    return new double[] {median(first) / 1000.0 / agents, median(second) / 1000.0 / agents};
  }

  private static long[] inProcessRun(List<Offer> offers, int brokers) {
    RecordingDriver driver = new RecordingDriver();
    FakeKafkaRegistry kafka = new FakeKafkaRegistry();
    BrokerScheduler scheduler = Fixtures.scheduler(settings(brokers, "NODE"),
        new SchedulerAssembly.Edges(new InMemoryStateStore(), driver, kafka, new FakeClusterOps(kafka),
            new SchedulerMetrics(new MetricRegistry()), new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))));
    scheduler.load();
    scheduler.subscribed(FRAMEWORK_ID);
    long start = cpuNow();
    scheduler.offers(offers);
    long first = cpuNow() - start;
    List<TaskInfo> launched = driver.launched();
    if (launched.size() != Math.min(offers.size(), brokers)) {
      throw new IllegalStateException("expected " + Math.min(offers.size(), brokers) + " launches in one"
          + " OFFERS event, saw " + launched.size());
    }
    for (TaskInfo task : launched) {
      kafka.register(Integer.parseInt(task.getName().substring("broker-".length())), "host", 9092);
      scheduler.update(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
          .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("u")).build());
    }
    start = cpuNow();
    scheduler.offers(offers);
    long second = cpuNow() - start;
    if (driver.launched().size() != launched.size()) {
      throw new IllegalStateException("the second OFFERS event launched on taken hosts");
    }
    return new long[] {first, second};
  }

  /**
   * The scheduler's heap, in-process, while most brokers wait: {@code brokers} records, one OFFERS
   * event with every agent's offer ({@code agents} launch, NODE placement), then {@code events}
   * more such events while the others wait (each offer declined, each waiting broker told why by
   * every host). Prints the heap in use after a full GC before and after the events, and the CPU
   * time per event. A stand-in for the scheduler on mesos-local: the in-memory store for ZooKeeper,
   * the recording driver for Mesos' HTTP API, no executors.
   */
  private static void retained(int agents, int brokers, int events) {
    List<Offer> offers = offers(agents);
    RecordingDriver driver = new RecordingDriver();
    FakeKafkaRegistry kafka = new FakeKafkaRegistry();
    BrokerScheduler scheduler = Fixtures.scheduler(settings(brokers, "NODE"),
        new SchedulerAssembly.Edges(new InMemoryStateStore(), driver, kafka, new FakeClusterOps(kafka),
            new SchedulerMetrics(new MetricRegistry()), new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))));
    scheduler.load();
    scheduler.subscribed(FRAMEWORK_ID);
    scheduler.offers(offers);
    for (TaskInfo task : driver.launched()) {
      scheduler.update(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
          .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("u")).build());
    }
    long before = heapAfterGc();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < events; i++) {
      scheduler.offers(offers(agents)); // fresh offer ids, as Mesos sends
      driver.calls.clear();
    }
    double cpuMsPerEvent = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / events;
    long after = heapAfterGc();
    System.out.printf(Locale.ROOT, "in-process heap, %d agents, %d broker records (%d running, %d waiting), NODE:"
        + " %.1f MiB in use after a full GC before %d more OFFERS events of %d offers, %.1f MiB after"
        + " (%+.1f MiB); %.1f ms CPU per event (%.0f µs per offer); %d broker records kept by the scheduler%n%n",
        agents, brokers, agents, brokers - agents, before / 1048576.0, events, agents, after / 1048576.0,
        (after - before) / 1048576.0, cpuMsPerEvent, cpuMsPerEvent * 1000 / agents,
        scheduler.view().running() + scheduler.view().waiting());
    if (scheduler.view().waiting() != brokers - agents) {
      throw new IllegalStateException("expected " + (brokers - agents) + " waiting brokers, saw "
          + scheduler.view().waiting());
    }
  }

  private static long heapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  private static String loadAverage() {
    try {
      String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return String.join(" ", Arrays.copyOf(fields, 3));
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
