package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
import static io.kafkamesos.it.bench.BenchSupport.ratio;
import static io.kafkamesos.it.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.zookeeper.ZooKeeper;

/**
 * Issue 13's benchmark, in one run on a three-agent mesos-local with persistent volumes, three
 * brokers on Kafka 2.4.1, a topic with replication 3 and {@code min.insync.replicas=2}, and an
 * idempotent {@code acks=all} producer sending all along: (a) a bare restart of each broker
 * ({@code PUT /v1/brokers/<id>}: killed and relaunched at once, with none of the plan's checks), from
 * the request until the broker is registered again and every partition is in sync, against (b) the
 * upgrade to 3.9.1 ({@code KAFKA_UPGRADE_FINALIZE=auto}), per broker and phase: from its step going
 * IN_PROGRESS to COMPLETE (killed, relaunched on the new software, registered, back in every ISR);
 * and (c) the producer's acknowledgements, errors, worst and p99 send latency during each. Prints
 * figures and the machine's load; never fails on a number.
 */
public final class UpgradeBenchmark {
  private static final String NAME = "benchup";
  private static final String TOPIC = "upgraded";
  private static final Duration UP = Duration.ofMinutes(5);
  private static final Duration UPGRADE = Duration.ofMinutes(30);

  private UpgradeBenchmark() {
  }

  /** When each broker's step of each phase went IN_PROGRESS and COMPLETE (System.nanoTime). */
  record Steps(Map<String, Map<Integer, Long>> started, Map<String, Map<Integer, Long>> done) {
    Duration of(String phase, int broker) {
      Long a = started.getOrDefault(phase, Map.of()).get(broker);
      Long b = done.getOrDefault(phase, Map.of()).get(broker);
      return a == null || b == null ? null : Duration.ofNanos(b - a);
    }
  }

  public static void main(String[] args) throws Exception {
    String loadBefore = load();
    try (LocalCluster cluster = LocalCluster.start(3)) {
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", NAME,
          "BROKER_COUNT", "3", "BROKER_PV", "true", "KAFKA_VERSION", "2.4.1",
          "PLAN_STEP_TIMEOUT_SECONDS", "600", "KAFKA_UPGRADE_FINALIZE", "auto"));
      scheduler.awaitApi(UP);
      String chroot = "/" + NAME;
      try (ZooKeeper zk = BenchSupport.zooKeeper(cluster.mesos().zkConnect())) {
        await("3 brokers registered", UP, () -> BenchSupport.registeredBrokers(zk, chroot) == 3);
        String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
        try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
          KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
              .configs(Map.of("min.insync.replicas", "2")));
          await("the topic fully in sync", UP, () -> inSync(admin));
          try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC)) {
            await("records acknowledged", UP, () -> producer.acknowledged() > 500);
            producer.window();
            Map<Integer, Duration> bare = new TreeMap<>();
            for (int id = 0; id < 3; id++) {
              bare.put(id, bareRestart(scheduler, zk, admin, chroot, id));
            }
            AckedProducer.Window bareWindow = producer.window();
            long start = System.nanoTime();
            Steps steps = upgrade(scheduler, admin);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            AckedProducer.Window upgradeWindow = producer.window();
            print(bare, bareWindow, steps, total, upgradeWindow, loadBefore, load());
          }
        }
      }
    }
  }

  /** {@code PUT /v1/brokers/<id>}, then until the broker is registered again and all is in sync. */
  private static Duration bareRestart(SchedulerProcess scheduler, ZooKeeper zk, AdminClient admin,
      String chroot, int id) throws Exception {
    String node = chroot + "/brokers/ids/" + id;
    long start = System.nanoTime();
    Json.Answer answer = Json.put(scheduler.apiUrl() + "/v1/brokers/" + id);
    if (answer.status() != 200) {
      throw new IllegalStateException("PUT /v1/brokers/" + id + " answered " + answer.status());
    }
    await("broker " + id + " unregistered", UP, () -> !exists(zk, node));
    await("broker " + id + " registered again", UP, () -> exists(zk, node));
    await("broker " + id + " back in every ISR", UP, () -> inSync(admin));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Restarts the scheduler with KAFKA_VERSION=3.9.1 and watches the plan until it is COMPLETE. */
  private static Steps upgrade(SchedulerProcess scheduler, AdminClient admin) throws Exception {
    Steps steps = new Steps(new TreeMap<>(), new TreeMap<>());
    scheduler.restartWith(Map.of("KAFKA_VERSION", "3.9.1"));
    long deadline = System.nanoTime() + UPGRADE.toNanos();
    boolean complete = false;
    while (!complete) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the upgrade did not complete in " + UPGRADE + " (log: "
            + scheduler.log() + ")");
      }
      long now = System.nanoTime();
      JsonNode plan = plan(scheduler);
      if (plan != null && "2".equals(plan.path("target").path("id").asText())) {
        for (JsonNode phase : plan.path("phases")) {
          String name = phase.path("name").asText();
          if (!"roll".equals(phase.path("kind").asText())) {
            continue;
          }
          for (JsonNode step : phase.path("steps")) {
            int id = step.path("broker").asInt();
            String status = step.path("status").asText();
            if (!status.equals("PENDING")) {
              steps.started().computeIfAbsent(name, n -> new TreeMap<>()).putIfAbsent(id, now);
            }
            if (status.equals("COMPLETE")) {
              steps.done().computeIfAbsent(name, n -> new TreeMap<>()).putIfAbsent(id, now);
            }
            if (status.equals("ERROR")) {
              throw new IllegalStateException("the upgrade failed: " + plan.path("errors"));
            }
          }
        }
        complete = "COMPLETE".equals(plan.path("status").asText());
      }
      Thread.sleep(100);
    }
    await("the topic fully in sync after the upgrade", UP, () -> inSync(admin));
    return steps;
  }

  private static JsonNode plan(SchedulerProcess scheduler) {
    try {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/plan");
      return answer.status() == 200 ? answer.body() : null;
    } catch (RuntimeException e) {
      return null; // the scheduler restarts with its new environment: no answer for a while
    }
  }

  private static boolean exists(ZooKeeper zk, String node) {
    try {
      return zk.exists(node, false) != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean inSync(AdminClient admin) {
    try {
      TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(TOPIC);
      return d.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
    } catch (Exception e) {
      return false;
    }
  }

  /** The machine's load averages, as /proc/loadavg says. */
  private static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (" + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String opt(Duration d) {
    return d == null ? "n/a" : seconds(d);
  }

  private static void print(Map<Integer, Duration> bare, AckedProducer.Window bareWindow, Steps steps,
      Duration total, AckedProducer.Window upgradeWindow, String loadBefore, String loadAfter) {
    StringBuilder out = new StringBuilder("\n### Upgrade 2.4.1 → 3.9.1 as a plan (issue 13)\n\n");
    out.append("| broker | bare restart (`PUT /v1/brokers/<id>` → registered, all in sync) | `upgrade` step "
        + "(onto 3.9.1, protocol pinned) | ratio | `raise-protocol` step | ratio |\n"
        + "|---|---|---|---|---|---|\n");
    List<Double> ratios = new ArrayList<>();
    for (var e : bare.entrySet()) {
      int id = e.getKey();
      Duration up = steps.of("upgrade", id);
      Duration raise = steps.of("raise-protocol", id);
      out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", id, seconds(e.getValue()),
          opt(up), up == null ? "n/a" : ratio(up.toNanos(), e.getValue().toNanos()) + "×", opt(raise),
          raise == null ? "n/a" : ratio(raise.toNanos(), e.getValue().toNanos()) + "×"));
      if (up != null) {
        ratios.add((double) up.toNanos() / e.getValue().toNanos());
      }
    }
    out.append(String.format(Locale.ROOT, "%nWhole upgrade, scheduler restart → plan COMPLETE (both rolls, "
        + "finalize automatic): %s; mean `upgrade` step %.2f× the bare restart of the same broker.%n",
        seconds(total), ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
    out.append("\n| producer (`acks=all`, idempotent) | records acknowledged | send errors | worst send latency |"
        + " p99 send latency |\n|---|---|---|---|---|\n");
    out.append(row("during the three bare restarts", bareWindow)).append(row("during the upgrade", upgradeWindow));
    upgradeWindow.errors().stream().limit(5).forEach(e -> out.append("\nerror: ").append(e));
    out.append("\nLoad average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ")
        .append(loadAfter).append('\n');
    System.out.println(out);
  }

  private static String row(String name, AckedProducer.Window w) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %.0f ms | %.0f ms |%n", name, w.acknowledged(),
        w.errors().size(), w.maxMs(), w.p99Ms());
  }
}
