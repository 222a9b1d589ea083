package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
import static io.kafkamesos.it.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14's start-up benchmark: scheduler start → N brokers registered for a KRaft cluster (Kafka
 * 4.4.0: controllers first, then brokers) beside a ZooKeeper-mode cluster of the same size (3.9.1,
 * mesos-local's ZooKeeper), each on a fresh three-agent mesos-local, with when the API answered and,
 * for KRaft, when the quorum first had a leader. "Registered" is what {@code GET /v1/connection}
 * lists (Kafka's own registrations: ZooKeeper's {@code /brokers/ids}, or the KRaft controller's
 * view through the admin client), polled every 100 ms. Prints figures; never fails on a number.
 *
 * <p>{@code args[0]}: how many rounds (default 1).
 */
public final class KraftStartupBenchmark {
  private static final Duration UP = Duration.ofMinutes(6);
  private static final int BROKERS = 3;

  private KraftStartupBenchmark() {
  }

  record Case(String label, Map<String, String> env, boolean kraft) {
  }

  record Row(String label, Duration apiUp, Duration quorumLeader, Duration registered) {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    List<Case> cases = List.of(
        new Case("ZooKeeper mode, 3.9.1", Map.of("KAFKA_VERSION", "3.9.1"), false),
        new Case("KRaft, 4.4.0, 3 controllers", Map.of("KAFKA_VERSION", "4.4.0",
            "CONTROLLER_COUNT", "3"), true),
        new Case("KRaft, 4.4.0, 1 controller", Map.of("KAFKA_VERSION", "4.4.0",
            "CONTROLLER_COUNT", "1"), true));
    String before = BenchSupport.uptime();
    List<Row> rows = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (Case c : cases) {
        try (LocalCluster cluster = LocalCluster.start(3)) {
          rows.add(start(cluster, c));
        }
      }
    }
    print(rows, before, BenchSupport.uptime());
  }

  private static Row start(LocalCluster cluster, Case c) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(c.env());
    env.put("FRAMEWORK_NAME", "startup");
    env.put("BROKER_COUNT", Integer.toString(BROKERS));
    env.put("BROKER_HEAP_MB", "256");
    env.put("PLACEMENT_STRATEGY", "ANY");
    if (c.kraft()) {
      env.put("CONTROLLER_HEAP_MB", "128");
      env.put("CONTROLLER_MEM", "384");
      env.put("CONTROLLER_CPUS", "0.3");
    }
    long start = System.nanoTime();
    SchedulerProcess scheduler = cluster.startScheduler(env);
    scheduler.awaitApi(UP);
    Duration apiUp = Duration.ofNanos(System.nanoTime() - start);
    Duration[] leader = {null};
    await(BROKERS + " brokers registered (" + c.label() + ")", UP, () -> {
      if (c.kraft() && leader[0] == null) {
        Json.Answer q = Json.get(scheduler.apiUrl() + "/v1/controllers");
        if (q.status() == 200 && q.body().hasNonNull("leader")) {
          leader[0] = Duration.ofNanos(System.nanoTime() - start);
        }
      }
      JsonNode connection = Json.get(scheduler.apiUrl() + "/v1/connection").body();
      return connection != null && connection.path("brokers").size() == BROKERS;
    });
    Duration registered = Duration.ofNanos(System.nanoTime() - start);
    return new Row(c.label(), apiUp, leader[0], registered);
  }

  private static void print(List<Row> rows, String before, String after) {
    StringBuilder out = new StringBuilder("\n### KRaft cluster start-up beside ZooKeeper mode (issue 14)\n\n");
    out.append("Load: before `").append(before).append("`, after `").append(after).append("`\n\n");
    out.append("| cluster (" + BROKERS + " brokers) | scheduler API up | quorum leader | all brokers registered |"
        + " ÷ ZooKeeper mode |\n|---|---|---|---|---|\n");
    Duration zk = rows.stream().filter(r -> r.label().startsWith("ZooKeeper")).map(Row::registered)
        .findFirst().orElse(null);
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.label(), seconds(r.apiUp()),
          r.quorumLeader() == null ? "-" : seconds(r.quorumLeader()), seconds(r.registered()),
          zk == null ? "-" : String.format(Locale.ROOT, "%.2f×", r.registered().toNanos() / (double) zk.toNanos())));
    }
    System.out.println(out);
  }
}
