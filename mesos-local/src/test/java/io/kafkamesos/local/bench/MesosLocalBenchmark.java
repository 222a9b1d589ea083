package io.kafkamesos.local.bench;

import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import io.kafkamesos.local.it.TestFramework;
import io.kafkamesos.local.it.TestTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Figures for BENCHMARKS.md, not a test: it never fails on a number. For each of several runs it
 * starts a fresh mesos-local and measures
 *
 * <ul>
 *   <li>SUBSCRIBE to the first OFFERS event (3 agents);
 *   <li>ACCEPT (LAUNCH) to TASK_RUNNING for the test executor, a small JVM started as a child
 *       process (so this includes one JVM start-up);
 *   <li>offers evaluated per second with 100 agents: a scheduler declines every offer at once with
 *       refuse_seconds=0 for a fixed window, and the offers it received and declined are counted.
 * </ul>
 *
 * <p>Prints the median (and min, max) of the runs. Arguments: {@code [runs] [windowSeconds]}.
 */
public final class MesosLocalBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(MesosLocalBenchmark.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private MesosLocalBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    quietLogging();
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Double> subscribeToOffers = new ArrayList<>();
    List<Double> acceptToRunning = new ArrayList<>();
    List<Double> offersPerSecond = new ArrayList<>();

    for (int run = 1; run <= runs; run++) {
      double[] latencies = latencies();
      subscribeToOffers.add(latencies[0]);
      acceptToRunning.add(latencies[1]);
      offersPerSecond.add(offerThroughput(100, Duration.ofSeconds(window)));
      System.out.printf(Locale.ROOT,
          "run %d/%d: subscribe->offers %.1f ms, accept->running %.1f ms, %.0f offers/s%n",
          run, runs, latencies[0], latencies[1], offersPerSecond.get(run - 1));
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "mesos-local benchmark, %d runs, Java %s, %d cpus%n", runs,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.println("| metric | median | min | max |");
    System.out.println("|---|---:|---:|---:|");
    row("SUBSCRIBE -> first OFFERS (3 agents), ms", subscribeToOffers);
    row("ACCEPT (LAUNCH) -> TASK_RUNNING, test executor JVM, ms", acceptToRunning);
    row("offers received and declined per second (100 agents, " + window + " s window)",
        offersPerSecond);
  }

  /** One mesos-local with 3 agents: {subscribe to first offers, accept to running} in ms. */
  private static double[] latencies() throws Exception {
    Path dir = Files.createTempDirectory("mesos-local-bench");
    MesosLocal mesos = MesosLocal.start(MesosLocalConfig.defaults(dir).withAgents(3));
    TestFramework framework = null;
    try {
      long subscribing = System.nanoTime();
      framework = TestFramework.builder(mesos.masterUrl()).name("bench-latency").start();
      TestFramework.Received offers = framework.awaitReceived(0, Event.Type.OFFERS, e -> true,
          TIMEOUT);
      double toOffers = millis(offers.nanos() - subscribing);

      Offer offer = offers.event().getOffers().getOffers(0);
      TaskInfo task = TestTasks.task("bench-task", offer, Map.of());
      int mark = framework.mark();
      long accepting = System.nanoTime();
      framework.accept(offer, List.of(TestTasks.launch(task)));
      TestFramework.Received running = framework.awaitReceived(mark, Event.Type.UPDATE,
          e -> e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
              && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING, TIMEOUT);
      double toRunning = millis(running.nanos() - accepting);
      framework.teardown();
      return new double[] {toOffers, toRunning};
    } finally {
      if (framework != null) {
        framework.close();
      }
      mesos.close();
      delete(dir);
    }
  }

  /** Offers received and declined per second by one scheduler, with the given number of agents. */
  private static double offerThroughput(int agents, Duration window) throws Exception {
    Path dir = Files.createTempDirectory("mesos-local-bench");
    MesosLocal mesos = MesosLocal.start(MesosLocalConfig.defaults(dir).withAgents(agents)
        .withResources("cpus:1;mem:1024;disk:1000;ports:[31000-31999]"));
    TestFramework framework = null;
    try {
      framework = TestFramework.builder(mesos.masterUrl()).name("bench-offers").start();
      framework.awaitOffers(agents, TIMEOUT);
      long declined = 0;
      long start = System.nanoTime();
      long end = start + window.toNanos();
      while (System.nanoTime() < end) {
        int mark = framework.mark();
        List<OfferID> ids = framework.outstandingOffers().stream().map(Offer::getId).toList();
        if (ids.isEmpty()) {
          framework.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofMillis(200));
          continue;
        }
        framework.decline(ids, 0);
        declined += ids.size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      framework.teardown();
      return declined / seconds;
    } finally {
      if (framework != null) {
        framework.close();
      }
      mesos.close();
      delete(dir);
    }
  }

  private static void row(String metric, List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", metric, median,
        sorted.get(0), sorted.get(sorted.size() - 1));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static void quietLogging() {
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    LOG.debug("logging set to WARN for the benchmark");
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
