package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
import static io.kafkamesos.it.bench.BenchSupport.ratio;
import static io.kafkamesos.it.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
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
 * Issue 6's benchmark, in one run on a three-agent mesos-local with persistent volumes, three
 * brokers, a topic with replication 3 and {@code min.insync.replicas=2}, and an idempotent
 * {@code acks=all} producer sending all along: (a) the time per broker of a rolling restart driven by
 * a changed {@code BROKER_HEAP_MB} (the scheduler restarted with it, as Marathon does), against (b) a
 * bare stop and start of broker 0: its JVM sent SIGTERM (found through
 * {@link LocalCluster#brokerProcess}), the executor reports the task gone and the scheduler relaunches
 * it on the same reservation, with none of the plan's checks; and (c) the producer's send errors and
 * worst send latency during the roll. Prints figures; never fails on a number.
 */
public final class RollingRestartBenchmark {
  private static final String NAME = "benchroll";
  private static final String TOPIC = "rolled";
  private static final Duration UP = Duration.ofMinutes(5);
  private static final Duration ROLL = Duration.ofMinutes(15);

  private RollingRestartBenchmark() {
  }

  /** One broker's restart: from its step going IN_PROGRESS (or SIGTERM) to registered and to COMPLETE/in sync. */
  record Restart(int broker, Duration unregisteredFor, Duration toRegistered, Duration toDone) {
  }

  public static void main(String[] args) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3)) {
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", NAME, "BROKER_COUNT", "3",
          "BROKER_PV", "true", "BROKER_HEAP_MB", "256", "PLAN_STEP_TIMEOUT_SECONDS", "600"));
      scheduler.awaitApi(UP);
      String chroot = "/" + NAME;
      try (ZooKeeper zk = BenchSupport.zooKeeper(cluster.mesos().zkConnect())) {
        await("3 brokers registered", UP, () -> BenchSupport.registeredBrokers(zk, chroot) == 3);
        String bootstrap = bootstrap(scheduler);
        try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
          KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
              .configs(Map.of("min.insync.replicas", "2")));
          await("the topic fully in sync", UP, () -> inSync(admin));
          try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC)) {
            await("records acknowledged", UP, () -> producer.acknowledged() > 500);
            producer.window(); // the bare restart's window starts at the SIGTERM
            Restart bare = bareRestart(cluster, zk, admin, chroot, 0);
            AckedProducer.Window bareWindow = producer.window();
            await("records acknowledged after the bare restart", UP, () -> producer.acknowledged() > 500);
            producer.window(); // settle: start the roll's window afresh
            long rollStart = System.nanoTime();
            List<Restart> roll = roll(scheduler, zk, admin, chroot);
            Duration rollTotal = Duration.ofNanos(System.nanoTime() - rollStart);
            AckedProducer.Window rollWindow = producer.window();
            print(bare, bareWindow, roll, rollTotal, rollWindow);
          }
        }
      }
    }
  }

  /** SIGTERM to broker {@code id}'s JVM; the scheduler relaunches it as after any broker failure. */
  private static Restart bareRestart(LocalCluster cluster, ZooKeeper zk, AdminClient admin, String chroot, int id)
      throws Exception {
    String task = cluster.tasks(NAME).entrySet().stream()
        .filter(e -> e.getValue().equals("TASK_RUNNING") && e.getKey().startsWith("broker-" + id + "__"))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    String executorId = BrokerTaskId.parse(task).orElseThrow().executorId();
    ProcessHandle broker = cluster.brokerProcess(executorId).orElseThrow(
        () -> new IllegalStateException("no broker JVM for " + executorId));
    String node = chroot + "/brokers/ids/" + id;
    long start = System.nanoTime();
    broker.destroy();
    await("broker " + id + " unregistered", UP, () -> !exists(zk, node));
    long gone = System.nanoTime();
    await("broker " + id + " registered again", UP, () -> exists(zk, node));
    long back = System.nanoTime();
    await("broker " + id + " back in every ISR", UP, () -> inSync(admin));
    long done = System.nanoTime();
    return new Restart(id, Duration.ofNanos(back - gone), Duration.ofNanos(back - start),
        Duration.ofNanos(done - start));
  }

  /** Restarts the scheduler with a new heap and watches the plan and registrations until COMPLETE. */
  private static List<Restart> roll(SchedulerProcess scheduler, ZooKeeper zk, AdminClient admin, String chroot)
      throws Exception {
    Map<Integer, Long> stepStart = new TreeMap<>();
    Map<Integer, Long> stepDone = new TreeMap<>();
    Map<Integer, Long> unregistered = new TreeMap<>();
    Map<Integer, Long> reregistered = new TreeMap<>();
    scheduler.restartWith(Map.of("BROKER_HEAP_MB", "240"));
    long deadline = System.nanoTime() + ROLL.toNanos();
    boolean complete = false;
    while (!complete) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the roll did not complete in " + ROLL + " (log: " + scheduler.log() + ")");
      }
      long now = System.nanoTime();
      for (int id = 0; id < 3; id++) {
        boolean registered = exists(zk, chroot + "/brokers/ids/" + id);
        if (!registered && !unregistered.containsKey(id)) {
          unregistered.put(id, now);
        } else if (registered && unregistered.containsKey(id) && !reregistered.containsKey(id)) {
          reregistered.put(id, now);
        }
      }
      JsonNode plan = plan(scheduler);
      if (plan != null && "2".equals(plan.path("target").path("id").asText())) {
        for (JsonNode phase : plan.path("phases")) {
          if (!"restart".equals(phase.path("name").asText())) {
            continue;
          }
          for (JsonNode step : phase.path("steps")) {
            int id = step.path("broker").asInt();
            String status = step.path("status").asText();
            if (!status.equals("PENDING")) {
              stepStart.putIfAbsent(id, now);
            }
            if (status.equals("COMPLETE")) {
              stepDone.putIfAbsent(id, now);
            }
          }
        }
        complete = "COMPLETE".equals(plan.path("status").asText());
      }
      Thread.sleep(100);
    }
    await("the topic fully in sync after the roll", UP, () -> inSync(admin));
    List<Restart> rows = new ArrayList<>();
    for (int id : stepDone.keySet()) {
      long start = stepStart.get(id);
      Long gone = unregistered.get(id);
      Long back = reregistered.get(id);
      rows.add(new Restart(id, gone == null || back == null ? null : Duration.ofNanos(back - gone),
          back == null ? null : Duration.ofNanos(back - start), Duration.ofNanos(stepDone.get(id) - start)));
    }
    return rows;
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

  /** Every partition of the topic has all its replicas in sync. */
  private static boolean inSync(AdminClient admin) {
    try {
      TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
      return d.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
    } catch (Exception e) {
      return false;
    }
  }

  private static String bootstrap(SchedulerProcess scheduler) throws InterruptedException {
    String[] found = new String[1];
    await("3 brokers in /v1/connection", UP, () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
      if (answer.status() != 200 || answer.body().path("brokers").size() != 3) {
        return false;
      }
      List<String> brokers = new ArrayList<>();
      answer.body().path("brokers").forEach(b -> brokers.add(b.asText()));
      found[0] = String.join(",", brokers);
      return true;
    });
    return found[0];
  }

  private static String opt(Duration d) {
    return d == null ? "n/a" : seconds(d);
  }

  private static void print(Restart bare, AckedProducer.Window bareWindow, List<Restart> roll, Duration rollTotal,
      AckedProducer.Window rollWindow) {
    StringBuilder out = new StringBuilder("\n### Rolling restart (issue 6)\n\n");
    out.append("| restart | broker | unregistered for | start → registered again | start → done | "
        + "ratio to bare (done) |\n|---|---|---|---|---|---|\n");
    out.append(String.format(Locale.ROOT, "| bare: SIGTERM to the JVM, relaunched by the scheduler "
        + "(done = back in every ISR) | %d | %s | %s | %s | 1.00× |%n", bare.broker(), opt(bare.unregisteredFor()),
        opt(bare.toRegistered()), seconds(bare.toDone())));
    for (Restart r : roll) {
      out.append(String.format(Locale.ROOT, "| roll step (`BROKER_HEAP_MB` 256 → 240; start = step IN_PROGRESS, "
          + "done = step COMPLETE) | %d | %s | %s | %s | %s× |%n", r.broker(), opt(r.unregisteredFor()),
          opt(r.toRegistered()), seconds(r.toDone()), ratio(r.toDone().toNanos(), bare.toDone().toNanos())));
    }
    double mean = roll.stream().mapToLong(r -> r.toDone().toNanos()).average().orElse(Double.NaN);
    out.append(String.format(Locale.ROOT, "%nWhole roll, scheduler restart → plan COMPLETE: %s; mean step %s "
        + "(%s× the bare restart).%n", seconds(rollTotal), seconds(Duration.ofNanos((long) mean)),
        ratio(mean, bare.toDone().toNanos())));
    out.append("\n| producer (`acks=all`, idempotent) | records acknowledged | send errors | worst send latency |"
        + " p99 send latency |\n|---|---|---|---|---|\n");
    out.append(row("during the bare restart", bareWindow)).append(row("during the roll", rollWindow));
    rollWindow.errors().stream().limit(5).forEach(e -> out.append("\nerror: ").append(e));
    System.out.println(out);
  }

  private static String row(String name, AckedProducer.Window w) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %.0f ms | %.0f ms |%n", name, w.acknowledged(),
        w.errors().size(), w.maxMs(), w.p99Ms());
  }
}
