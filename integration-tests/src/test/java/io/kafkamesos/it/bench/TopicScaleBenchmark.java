package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.rssMiB;

import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Issue 16's topic-API benchmark: {@code GET /v1/topics}, {@code /v1/topics/{t}},
 * {@code /v1/topics/under_replicated_partitions} and {@code /v1/status} p50/p95 at growing partition
 * counts on ONE real broker (a scheduler with {@code BROKER_COUNT=1} on a one-agent mesos-local,
 * broker heap {@code BROKER_HEAP_MB}, 512 MB), beside Kafka's admin client answering the same
 * question ({@code listTopics}; {@code describeTopics} of the one topic; {@code describeTopics} of
 * every topic, filtered to the partitions whose ISR is smaller than their replicas). Goals:
 * under-replicated ≤ 50 ms p50 and ≤ 2× the admin client; {@code /v1/status} ≤ 50 ms p50. Prints
 * figures beside the goals; asserts nothing.
 *
 * <p>{@code args[0]} (or {@code BENCH_TOPIC_PARTITIONS} in the environment): the partition counts,
 * comma-separated (default {@code 1000,10000}); topics of
 * 100 partitions, replication 1, added between the levels. Each operation is timed over at most
 * {@value #REQUESTS} sequential requests or {@value #SECONDS} s, after {@value #WARMUP} untimed ones.
 */
public final class TopicScaleBenchmark {
  private static final int PARTITIONS_PER_TOPIC = 100;
  private static final int WARMUP = 10;
  private static final int REQUESTS = 200;
  private static final int SECONDS = 20;
  private static final double GOAL_MS = 50;
  private static final double GOAL_RATIO = 2.0;

  private TopicScaleBenchmark() {
  }

  /** One operation's latencies. */
  record Timing(String name, int count, double p50Ms, double p95Ms) {
  }

  record Level(int partitions, String uptime, double schedulerRssMiB, List<Timing> timings) {
  }

  public static void main(String[] args) throws Exception {
    String asked = args.length > 0 ? args[0]
        : System.getenv().getOrDefault("BENCH_TOPIC_PARTITIONS", "1000,10000");
    int[] levels = Arrays.stream(asked.split(","))
        .mapToInt(Integer::parseInt).toArray();
    List<Level> results = new ArrayList<>();
    String before = BenchSupport.uptime();
    try (LocalCluster cluster = LocalCluster.start(1)) {
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "scale",
          "BROKER_COUNT", "1", "BROKER_MEM", "1024", "BROKER_HEAP_MB", "512"));
      scheduler.awaitApi(Duration.ofMinutes(3));
      String bootstrap = Poll.until("1 broker", LocalCluster.BROKERS_UP, () -> {
        List<String> brokers = new ArrayList<>();
        Json.get(scheduler.apiUrl() + "/v1/connection").body().path("brokers")
            .forEach(b -> brokers.add(b.asText()));
        return brokers.size() == 1 ? Optional.of(brokers.get(0)) : Optional.empty();
      });
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "300000");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      try (AdminClient admin = AdminClient.create(props)) {
        int topics = 0;
        for (int level : levels) {
          long grow = System.nanoTime();
          List<NewTopic> batch = new ArrayList<>();
          while ((topics + batch.size()) * PARTITIONS_PER_TOPIC < level) {
            batch.add(new NewTopic("scale" + (topics + batch.size()), PARTITIONS_PER_TOPIC, (short) 1));
          }
          for (int from = 0; from < batch.size(); from += 10) {
            admin.createTopics(batch.subList(from, Math.min(batch.size(), from + 10))).all()
                .get(10, TimeUnit.MINUTES);
          }
          topics += batch.size();
          List<String> names = new ArrayList<>();
          for (int i = 0; i < topics; i++) {
            names.add("scale" + i);
          }
          awaitLeaders(admin, names, topics * PARTITIONS_PER_TOPIC);
          System.out.printf(Locale.ROOT, "%d partitions in %d topics ready after %.1f s%n",
              topics * PARTITIONS_PER_TOPIC, topics, (System.nanoTime() - grow) / 1e9);
          results.add(measureLevel(topics * PARTITIONS_PER_TOPIC, scheduler, http, admin, names));
        }
      }
    }
    print(results, before, BenchSupport.uptime());
  }

  private static void awaitLeaders(AdminClient admin, List<String> names, int partitions) {
    Poll.until(partitions + " partitions with a leader", Duration.ofMinutes(15), () -> {
      Map<String, TopicDescription> all = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.MINUTES);
      long led = all.values().stream().flatMap(t -> t.partitions().stream())
          .filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
      return led == partitions ? Optional.of(true) : Optional.empty();
    });
  }

  private static Level measureLevel(int partitions, SchedulerProcess scheduler, HttpClient http,
      AdminClient admin, List<String> names) throws Exception {
    String api = scheduler.apiUrl();
    List<Timing> timings = new ArrayList<>();
    timings.add(time("GET /v1/topics", () -> get(http, api + "/v1/topics")));
    timings.add(time("listTopics (admin client)", () -> admin.listTopics().names().get(1, TimeUnit.MINUTES)));
    timings.add(time("GET /v1/topics/{t} (100 partitions)", () -> get(http, api + "/v1/topics/scale0")));
    timings.add(time("describeTopics of {t} (admin client)",
        () -> admin.describeTopics(List.of("scale0")).allTopicNames().get(1, TimeUnit.MINUTES)));
    timings.add(time("GET /v1/topics/under_replicated_partitions",
        () -> get(http, api + "/v1/topics/under_replicated_partitions")));
    timings.add(time("describeTopics of every topic, ISR < replicas (admin client)", () -> {
      long under = 0;
      for (TopicDescription t : admin.describeTopics(names).allTopicNames().get(1, TimeUnit.MINUTES).values()) {
        for (TopicPartitionInfo p : t.partitions()) {
          under += p.isr().size() < p.replicas().size() ? 1 : 0;
        }
      }
      if (under < 0) {
        throw new AssertionError();
      }
    }));
    timings.add(time("GET /v1/status", () -> get(http, api + "/v1/status")));
    long pid = scheduler.pid().orElseThrow();
    return new Level(partitions, BenchSupport.uptime(), rssMiB(pid).orElse(Double.NaN), timings);
  }

  private static Timing time(String name, BenchSupport.Operation op) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      op.run();
    }
    List<Long> nanos = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    while (nanos.size() < REQUESTS && (nanos.size() < 5 || System.nanoTime() < end)) {
      long t0 = System.nanoTime();
      op.run();
      nanos.add(System.nanoTime() - t0);
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Timing(name, sorted.length, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.95) / 1e6);
  }

  private static double percentile(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static void print(List<Level> levels, String before, String after) {
    StringBuilder out = new StringBuilder("\n### Topic API at scale, one broker (issue 16)\n\n");
    out.append("Load: before `").append(before).append("`, after `").append(after).append("`\n\n");
    out.append("| partitions | operation | requests | p50 | p95 | goal |\n|---:|---|---:|---:|---:|---|\n");
    for (Level level : levels) {
      List<Timing> t = level.timings();
      for (int i = 0; i < t.size(); i++) {
        Timing timing = t.get(i);
        String goal = "";
        if (timing.name().contains("under_replicated")) {
          double ratio = timing.p50Ms() / t.get(i + 1).p50Ms();
          goal = String.format(Locale.ROOT, "≤ %.0f ms p50 (%s); ≤ %.0f× admin: %.2f× (%s)", GOAL_MS,
              timing.p50Ms() <= GOAL_MS ? "met" : "missed", GOAL_RATIO, ratio,
              ratio <= GOAL_RATIO ? "met" : "missed");
        } else if (timing.name().contains("/v1/status")) {
          goal = String.format(Locale.ROOT, "≤ %.0f ms p50 (%s)", GOAL_MS,
              timing.p50Ms() <= GOAL_MS ? "met" : "missed");
        } else if (timing.name().startsWith("GET")) {
          goal = String.format(Locale.ROOT, "%.2f× admin client", timing.p50Ms() / t.get(i + 1).p50Ms());
        }
        out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f ms | %.2f ms | %s |%n", level.partitions(),
            timing.name(), timing.count(), timing.p50Ms(), timing.p95Ms(), goal));
      }
    }
    out.append("\n| partitions | scheduler VmRSS (`-Xmx256m`) | load after the level |\n|---:|---:|---|\n");
    for (Level level : levels) {
      out.append(String.format(Locale.ROOT, "| %d | %.0f MiB | `%s` |%n", level.partitions(),
          level.schedulerRssMiB(), level.uptime()));
    }
    if (levels.size() > 1) {
      out.append("\nGrowth of p50 from the first level to the last (partitions × ")
          .append(String.format(Locale.ROOT, "%.0f", levels.get(levels.size() - 1).partitions()
              / (double) levels.get(0).partitions())).append("):\n\n");
      for (int i = 0; i < levels.get(0).timings().size(); i++) {
        Timing first = levels.get(0).timings().get(i);
        Timing last = levels.get(levels.size() - 1).timings().get(i);
        out.append(String.format(Locale.ROOT, "- %s: %.1f×%n", first.name(), last.p50Ms() / first.p50Ms()));
      }
    }
    System.out.println(out);
  }
}
