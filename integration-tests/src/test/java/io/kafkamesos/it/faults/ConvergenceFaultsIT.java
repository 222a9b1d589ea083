package io.kafkamesos.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.ClusterConvergence;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.MarathonScheduler;
import io.kafkamesos.it.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's fault test: on three agents with persistent volumes and replication 3, under a running
 * {@code acks=all} producer, it kills in turn, in a random order and at random moments, a broker
 * JVM, an executor (SIGKILL: Mesos destroys its container), the scheduler (SIGKILL; Marathon starts
 * it again), ZooKeeper (down for a minute, while the faults after it go on) and mesos-local as a
 * whole (its process dies and starts again; executors and brokers live on). Then the cluster
 * must converge: every broker runs as one task, the scheduler's records in ZooKeeper match the
 * master's {@code /state}, no reservation or volume leaked, no broker id ever ran twice, and every
 * acknowledged record is there.
 *
 * <p>The run prints its seed; {@code -Dfaults.seed=<seed>} replays the same order and moments.
 */
class ConvergenceFaultsIT {

  private static final String NAME = "chaos0";
  private static final String TOPIC = "chaos";
  private static final Set<Integer> BROKERS = Set.of(0, 1, 2);
  private static final Duration ZOOKEEPER_DOWN = Duration.ofMinutes(1);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(20);
  /** How long an API call may take while ZooKeeper is down (the scheduler's own limit is 30 s). */
  private static final Duration API_ANSWER = Duration.ofSeconds(35);
  /** The longest the duplicate watch may go without a look (mesos-local restarts in ~10-20 s). */
  private static final Duration MAX_BLIND = Duration.ofSeconds(60);

  enum Fault { BROKER, EXECUTOR, SCHEDULER, ZOOKEEPER, MESOS_LOCAL }

  private LocalCluster cluster;
  private MarathonScheduler scheduler;
  private ClusterConvergence convergence;
  private CompletableFuture<Void> zooKeeperBack = CompletableFuture.completedFuture(null);
  /**
   * What the API answered badly (not 200, not a 503 with a message), slowly or not at all without
   * ZooKeeper, or that it was never probed.
   */
  private final List<String> apiWithoutZooKeeper = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(3);
    scheduler = MarathonScheduler.install(cluster.mesos().masterUrl(), cluster.mesos().zkConnect(),
        NAME, Map.of("BROKER_COUNT", "3", "BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE",
            "KAFKA_OVERRIDE_MIN_INSYNC_REPLICAS", "2"));
    convergence = new ClusterConvergence(cluster, NAME, BROKERS);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      try {
        zooKeeperBack.get(2, TimeUnit.MINUTES);
      } catch (Exception e) {
        log("ZooKeeper's return failed: " + e);
      }
      if (!cluster.mesos().zooKeeperServing()) {
        cluster.mesos().startZooKeeper(); // brokers must not lose ZooKeeper before they stop
      }
      cluster.keepAppLogs(Path.of("target", "fault-logs", getClass().getSimpleName()));
    } finally {
      cluster.close();
    }
  }

  @Test
  void theClusterConvergesAfterEachKindOfFault() throws Exception {
    long seed = Long.getLong("faults.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>(List.of(Fault.values()));
    Collections.shuffle(faults, random);
    log("seed " + seed + " (replay with -Dfaults.seed=" + seed + "): " + faults);

    scheduler.awaitApi(Duration.ofMinutes(2));
    convergence.await(scheduler.apiUrl(), LocalCluster.BROKERS_UP);
    String bootstrap = bootstrap();
    try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 6, (short) 3));
    }

    try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC, 500);
        DuplicateWatch duplicates = new DuplicateWatch(cluster, convergence, MAX_BLIND)) {
      Poll.untilTrue("the producer's first acknowledgements", Duration.ofMinutes(2),
          () -> producer.acknowledged() > 500);
      for (Fault fault : faults) {
        Duration pause = Duration.ofMillis(random.nextLong(MAX_PAUSE.toMillis()));
        log("in " + pause.toMillis() + " ms: " + fault);
        Thread.sleep(pause.toMillis()); // a random moment: the cluster may still be recovering
        inject(fault, random);
      }

      zooKeeperBack.get(2, TimeUnit.MINUTES);
      log("all faults injected; waiting for the cluster to converge");
      convergence.await(scheduler.apiUrl(), Duration.ofMinutes(8));
      log("converged");
      awaitFullyReplicated(bootstrap);
      long acknowledged = producer.acknowledged();
      Poll.untilTrue("the producer to go on after the faults", Duration.ofMinutes(3),
          () -> producer.acknowledged() > acknowledged + 500);
      producer.stop();

      duplicates.assertWatched();
      log("duplicate watch: " + duplicates.samples() + " samples");
      assertThat(duplicates.duplicates()).as("a broker id ran twice").isEmpty();
      assertThat(apiWithoutZooKeeper).as("API answers without ZooKeeper").isEmpty();
      assertThat(producer.errors()).as("records the producer gave up on").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap);
      log(producer.acknowledged() + " acknowledged records all read back");
    }
    JsonNode reservations = Json.get(scheduler.apiUrl() + "/v1/reservations").body();
    assertThat(reservations.path("orphans")).as("orphan reservations").isEmpty();
    assertThat(reservations.path("abandoned")).as("abandoned reservations").isEmpty();
    assertThat(convergence.problems(scheduler.apiUrl())).isEmpty();
  }

  private void inject(Fault fault, Random random) throws Exception {
    switch (fault) {
      case BROKER -> {
        Victim victim = runningBroker(random);
        log("kill -9 broker JVM " + victim.jvm().pid() + " of " + victim.taskId());
        victim.jvm().destroyForcibly();
        awaitNotRunning(victim.taskId());
      }
      case EXECUTOR -> {
        Victim victim = runningBroker(random);
        ProcessHandle executor = victim.jvm().parent()
            .orElseThrow(() -> new AssertionError("a broker JVM without its executor"));
        assertThat(executor.info().commandLine().orElse("")).contains("kafka-executor");
        log("kill -9 executor " + executor.pid() + " of " + victim.taskId());
        executor.destroyForcibly();
        awaitNotRunning(victim.taskId());
      }
      case SCHEDULER -> {
        ProcessHandle jvm = Poll.until("the scheduler's JVM", Duration.ofMinutes(3), scheduler::process);
        log("kill -9 scheduler " + jvm.pid() + "; Marathon starts it again");
        jvm.destroyForcibly();
      }
      case MESOS_LOCAL -> {
        Duration down = Duration.ofMillis(1_000 + random.nextLong(9_000));
        log("mesos-local (ZooKeeper, master, agents, Marathon) dies for " + down.toMillis()
            + " ms; executors and brokers live on");
        cluster.restartMesosLocal(down);
        log("mesos-local back");
      }
      case ZOOKEEPER -> {
        // the outage is there to probe a running scheduler: wait for one (Marathon may be
        // restarting it after an earlier fault), then probe before the next fault comes
        scheduler.awaitApi(Duration.ofMinutes(3));
        log("ZooKeeper down for " + ZOOKEEPER_DOWN.toSeconds() + " s; the next faults may fall in it");
        cluster.mesos().stopZooKeeper();
        zooKeeperBack = CompletableFuture.runAsync(() -> {
          try {
            Thread.sleep(ZOOKEEPER_DOWN.toMillis()); // the outage itself
            synchronized (cluster) {
              if (!cluster.mesos().zooKeeperServing()) { // a restart of mesos-local may have ended it
                cluster.mesos().startZooKeeper();
              }
            }
            log("ZooKeeper back");
          } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not come back", e);
          }
        });
        probeApiWithoutZooKeeper();
      }
    }
  }

  /**
   * While ZooKeeper is down, the scheduler (up when the outage began, nothing else happening
   * meanwhile) answers each call within a bounded time: with what it knows, or 503 with a
   * message, never a 500, a hang or a refused connection. The calls go out together as soon as
   * ZooKeeper stops: once its session has expired (15 s) the scheduler has lost its leader latch
   * and ends by design, to come back as a standby (ZooKeeperOutageIT checks how the restarted one
   * answers). At least one call must be answered; what went wrong is checked at the end.
   */
  private void probeApiWithoutZooKeeper() throws InterruptedException {
    String api = scheduler.apiUrl();
    if (cluster.mesos().zooKeeperServing()) {
      log("ZooKeeper is back before the API was probed; no probe");
      return;
    }
    List<String> paths = List.of("/v1/connection", "/v1/brokers", "/v1/brokers/0", "/v1/topics",
        "/v1/plan");
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(paths.size());
    int answered = 0;
    try {
      List<java.util.concurrent.Future<Boolean>> calls = new ArrayList<>();
      for (String path : paths) {
        calls.add(callers.submit(() -> probe(api, path)));
      }
      for (java.util.concurrent.Future<Boolean> call : calls) {
        try {
          answered += call.get(API_ANSWER.toSeconds() + 10, TimeUnit.SECONDS) ? 1 : 0;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          apiWithoutZooKeeper.add("a call without ZooKeeper did not end: " + e);
        }
      }
    } finally {
      callers.shutdownNow();
    }
    if (answered == 0) {
      apiWithoutZooKeeper.add("no API call to " + api + " was answered while ZooKeeper was down");
    }
  }

  /** One call without ZooKeeper; true when it was answered, what was wrong noted for the end. */
  private boolean probe(String api, String path) {
    long start = System.nanoTime();
    try {
      Json.Answer answer = Json.get(api + path);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String seen = path + " -> " + answer.status() + " in " + took.toMillis() + " ms: " + answer.body();
      log("without ZooKeeper: " + seen);
      boolean clear = answer.status() == 200 || (answer.status() == 503
          && answer.body() != null && !answer.body().path("message").asText().isBlank());
      if (!clear || took.compareTo(API_ANSWER) > 0) {
        apiWithoutZooKeeper.add(seen);
      }
      return true;
    } catch (RuntimeException e) {
      String seen = path + " not reachable without ZooKeeper: " + e.getMessage();
      log(seen);
      apiWithoutZooKeeper.add(seen);
      return false;
    }
  }

  /** The JVM of a random broker whose task runs (waiting for one if all are recovering). */
  /** A running broker's task and its JVM. */
  private record Victim(String taskId, ProcessHandle jvm) {
  }

  private Victim runningBroker(Random random) {
    return Poll.until("a running broker JVM", LocalCluster.BROKERS_UP, () -> {
      List<Victim> victims = new ArrayList<>();
      convergence.liveTasks(cluster.state()).values().forEach(tasks -> tasks.stream()
          .filter(t -> t.path("state").asText().equals("TASK_RUNNING"))
          .forEach(t -> BrokerTaskId.parse(t.path("id").asText()).flatMap(id ->
              cluster.brokerProcess(id.executorId())).ifPresent(jvm ->
                  victims.add(new Victim(t.path("id").asText(), jvm)))));
      return victims.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(victims.get(random.nextInt(victims.size())));
    });
  }

  /**
   * Until Mesos no longer has the killed node's task running: the fault has happened as far as the
   * cluster can tell, so that a convergence seen after it is not the state from before it.
   */
  private void awaitNotRunning(String taskId) {
    Poll.untilTrue(taskId + " no longer running in Mesos", Duration.ofMinutes(2),
        () -> !"TASK_RUNNING".equals(cluster.tasks(NAME).get(taskId)));
  }

  private String bootstrap() {
    String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
    assertThat(bootstrap.split(",")).hasSize(BROKERS.size());
    return bootstrap;
  }

  private static void awaitFullyReplicated(String bootstrap) {
    try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
      Poll.untilTrue(TOPIC + " fully replicated", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 3));
    }
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " [faults] " + message);
  }
}
