package io.kafkamesos.it.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.ClusterConvergence;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A KRaft cluster on mesos-local, shared by every test of the class: Kafka 4.4.0, 3 controllers
 * (node ids 3000-3002, each on its own persistent volume) and 3 brokers on persistent volumes, small
 * heaps. The controllers launch first, then the brokers; the seed's API answers (topics through the
 * admin client, there being no ZooKeeper of Kafka's); a broker restart and a controller restart
 * keep every acknowledged {@code acks=all} record, and so do a kill -9 of the leading controller
 * and of a broker under the producer (both relaunched on their own volumes); the quorum's health is
 * in the health checks; a controller heap change rolls the controllers one at a time, the leader
 * last, and no broker; a controller whose agent is gone is replaced by a new voter on another agent.
 * NODE placement: the controllers on three distinct agents, the brokers too. Prints its duration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KraftClusterIT {
  private static final String NAME = "kraft0";
  private static final String TOPIC = "acked";
  private static final Set<Integer> BROKERS = Set.of(0, 1, 2);
  private static final Set<Integer> CONTROLLERS = Set.of(3000, 3001, 3002);

  private final long started = System.nanoTime();
  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  private DcosCli cli;
  private Path cliDir;

  @BeforeAll
  void start() throws Exception {
    // four agents: room to replace a controller whose agent is gone (one node of a kind per agent)
    cluster = LocalCluster.start(4);
    scheduler = cluster.startScheduler(Map.ofEntries(Map.entry("FRAMEWORK_NAME", NAME),
        Map.entry("KAFKA_VERSION", "4.4.0"), Map.entry("BROKER_COUNT", "3"),
        Map.entry("BROKER_PV", "true"), Map.entry("PLACEMENT_STRATEGY", "NODE"),
        Map.entry("CONTROLLER_COUNT", "3"),
        Map.entry("CONTROLLER_HEAP_MB", "128"), Map.entry("CONTROLLER_MEM", "384"),
        Map.entry("CONTROLLER_CPUS", "0.3"), Map.entry("BROKER_HEAP_MB", "256"),
        Map.entry("KAFKA_OVERRIDE_MIN_INSYNC_REPLICAS", "2")));
    scheduler.awaitApi(Duration.ofMinutes(2));
    cliDir = Files.createTempDirectory("dcos-cli-kraft-");
    cli = DcosCli.direct(scheduler.apiUrl(), cliDir);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", "kraft-cluster-it-logs"));
        Files.copy(scheduler.log(), Path.of("target", "kraft-cluster-it-scheduler.log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        cluster.close();
      }
      if (cliDir != null) {
        LocalCluster.deleteRecursively(cliDir);
      }
    } finally {
      System.out.printf("[KraftClusterIT] 3 controllers + 3 brokers of Kafka 4.4.0: %.1f s in all%n",
          (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  @Order(1)
  void controllersLaunchFirstThenBrokersWithTheQuorum() {
    awaitRegistered();
    JsonNode quorum = awaitQuorum();
    Set<Integer> ids = new TreeSet<>();
    quorum.path("controllers").forEach(c -> ids.add(c.path("id").asInt()));
    assertThat(ids).as("controller ids never meet broker ids").isEqualTo(CONTROLLERS);
    assertThat(quorum.path("clusterId").asText()).isNotBlank();
    assertThat(quorum.path("controllers").findValuesAsText("role"))
        .as(quorum.toString()).containsOnly("leader", "voter").contains("leader");
    Set<String> hosts = new TreeSet<>();
    quorum.path("controllers").forEach(c -> hosts.add(c.path("address").asText().split(":")[0]));
    assertThat(hosts).as("NODE placement: one controller per agent, " + quorum).hasSize(3);

    Map<String, String> tasks = cluster.tasks(NAME);
    assertThat(tasks.keySet().stream().filter(t -> t.startsWith("controller-300")).count())
        .as(tasks.toString()).isEqualTo(3);
    assertThat(tasks.keySet().stream().filter(t -> t.matches("broker-[012]__.*")).count())
        .as(tasks.toString()).isEqualTo(3);
    String log = scheduler.logText();
    int lastController = -1;
    int firstBroker = Integer.MAX_VALUE;
    for (int id : CONTROLLERS) {
      lastController = Math.max(lastController, log.indexOf("Controller " + id + ": launching task"));
    }
    for (int id : BROKERS) {
      int at = log.indexOf("Broker " + id + ": launching task");
      assertThat(at).as("broker " + id + " launched").isPositive();
      firstBroker = Math.min(firstBroker, at);
    }
    assertThat(lastController).as("every controller launched").isPositive();
    assertThat(lastController).as("the controllers launch before any broker")
        .isLessThan(firstBroker);

    JsonNode version = Json.get(scheduler.apiUrl() + "/v1/version").body();
    assertThat(version.toString()).contains("4.4.0");
    JsonNode brokers = Json.get(scheduler.apiUrl() + "/v1/brokers").body();
    assertThat(brokers.toString()).as("GET /v1/brokers").contains("\"0\"", "\"1\"", "\"2\"");
    JsonNode broker = Json.get(scheduler.apiUrl() + "/v1/brokers/0").body();
    assertThat(broker.toString()).as("GET /v1/brokers/0").contains("endpoints", "PLAINTEXT://");
    Json.Answer status = Json.get(scheduler.apiUrl() + "/v1/status");
    assertThat(status.status()).as(String.valueOf(status.body())).isEqualTo(200);
  }

  @Test
  @Order(2)
  void topicsThroughTheApiAndTheCli() {
    Json.Answer created = Json.post(scheduler.apiUrl()
        + "/v1/topics?name=" + TOPIC + "&partitions=3&replication=3");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    DcosCli.Run viaCli = cli.kafka("topic", "create", "clitopic", "--partitions", "2",
        "--replication", "2");
    assertThat(viaCli.exit()).as(viaCli.toString()).isZero();

    List<String> listed = new ArrayList<>();
    Json.get(scheduler.apiUrl() + "/v1/topics").body().forEach(t -> listed.add(t.asText()));
    assertThat(listed).as("GET /v1/topics, internal topics left out").contains(TOPIC, "clitopic")
        .doesNotContain("__consumer_offsets", "__cluster_metadata");
    DcosCli.Run list = cli.kafka("topic", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains(TOPIC, "clitopic");

    JsonNode described = Poll.until(TOPIC + " described with 3 in-sync replicas per partition",
        Duration.ofMinutes(1), () -> {
          JsonNode body = Json.get(scheduler.apiUrl() + "/v1/topics/" + TOPIC).body();
          return body.path("partitions").size() == 3
              && body.path("partitions").findValues("isr").stream().allMatch(i -> i.size() == 3)
              ? Optional.of(body) : Optional.empty();
        });
    JsonNode p0 = described.path("partitions").get(0).path("0");
    assertThat(p0.path("leader").asInt()).as(described.toString()).isIn(0, 1, 2);
    assertThat(p0.has("leader_epoch")).as(described.toString()).isTrue();
    assertThat(p0.path("leader_epoch").asInt()).as(described.toString()).isGreaterThanOrEqualTo(0);
    DcosCli.Run describe = cli.kafka("topic", "describe", "clitopic");
    assertThat(describe.exit()).as(describe.toString()).isZero();
    assertThat(describe.out()).contains("isr", "leader");

    Json.Answer missing = Json.get(scheduler.apiUrl() + "/v1/topics/nosuchtopic");
    assertThat(missing.status()).as(String.valueOf(missing.body())).isEqualTo(404);

    DcosCli.Run delete = cli.kafka("topic", "delete", "clitopic");
    assertThat(delete.exit()).as(delete.toString()).isZero();
    Poll.untilTrue("clitopic gone from GET /v1/topics", Duration.ofMinutes(1), () -> {
      List<String> now = new ArrayList<>();
      Json.get(scheduler.apiUrl() + "/v1/topics").body().forEach(t -> now.add(t.asText()));
      return !now.contains("clitopic") && now.contains(TOPIC);
    });
  }

  @Test
  @Order(3)
  void aBrokerRestartAndAControllerRestartKeepEveryAcknowledgedRecord() throws Exception {
    String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
    try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
          List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"),
              AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
      Poll.untilTrue(TOPIC + " fully replicated", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 3));
      try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC, 200)) {
        awaitMoreAcknowledged(producer, 0);

        Json.Answer restart = Json.put(scheduler.apiUrl() + "/v1/brokers/1");
        assertThat(restart.status()).as(String.valueOf(restart.body())).isEqualTo(200);
        String brokerTask = restart.body().get(0).asText();
        assertThat(brokerTask).startsWith("broker-1__");
        Poll.untilTrue("broker 1 running again as " + brokerTask, LocalCluster.BROKERS_UP,
            () -> "TASK_RUNNING".equals(cluster.tasks(NAME).get(brokerTask)));
        Poll.untilTrue(TOPIC + " fully replicated after the broker restart", LocalCluster.BROKERS_UP,
            () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 3));
        awaitMoreAcknowledged(producer, producer.acknowledged());

        int leader = awaitQuorum().path("leader").asInt();
        Json.Answer restartController = Json.put(scheduler.apiUrl() + "/v1/controllers/" + leader);
        assertThat(restartController.status()).as(String.valueOf(restartController.body()))
            .isEqualTo(200);
        String controllerTask = restartController.body().get(0).asText();
        assertThat(controllerTask).startsWith("controller-" + leader + "__");
        Poll.untilTrue("controller " + leader + " running again as " + controllerTask,
            LocalCluster.BROKERS_UP,
            () -> "TASK_RUNNING".equals(cluster.tasks(NAME).get(controllerTask)));
        awaitQuorum();
        awaitMoreAcknowledged(producer, producer.acknowledged());

        producer.stopAndAssertNothingLost(bootstrap);
        System.out.println("[KraftClusterIT] " + producer.acknowledged() + " acknowledged records"
            + " read back after a restart of broker 1 and of controller " + leader + " (the leader)");
      }
    }
  }

  @Test
  @Order(4)
  void theLeadingControllerAndABrokerKilledUnderAProducerComeBackOnTheirVolumes() throws Exception {
    DcosCli.Run listed = cli.kafka("controller", "list");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    int leader = Json.parse(listed.out()).path("leader").asInt();
    assertThat(CONTROLLERS).as(listed.out()).contains(leader);

    ClusterConvergence convergence = new ClusterConvergence(cluster, NAME, BROKERS);
    Map<Integer, JsonNode> before = convergence.schedulerRecords();
    String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
    try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC, 200)) {
      awaitMoreAcknowledged(producer, 0);
      for (int node : List.of(leader, 2)) {
        String task = before.get(node).path("taskId").asText();
        String prefix = node >= 3000 ? "controller-" : "broker-";
        String executor = task.replace(prefix + node + "__", prefix + node + "__executor__");
        ProcessHandle jvm = cluster.brokerProcess(executor)
            .orElseThrow(() -> new AssertionError("no JVM of node " + node + " (" + executor + ")"));
        jvm.destroyForcibly(); // kill -9: no controlled shutdown
      }
      for (int node : List.of(leader, 2)) {
        String task = before.get(node).path("taskId").asText();
        String volume = before.get(node).path("reservation").path("volumeId").asText();
        assertThat(volume).as(before.get(node).toString()).isNotBlank();
        JsonNode after = Poll.until("node " + node + " relaunched as a new task", LocalCluster.BROKERS_UP,
            () -> {
              JsonNode r = convergence.schedulerRecords().get(node);
              String now = r.path("taskId").asText();
              return !now.equals(task) && "TASK_RUNNING".equals(cluster.tasks(NAME).get(now))
                  ? Optional.of(r) : Optional.empty();
            });
        assertThat(after.path("reservation").path("volumeId").asText())
            .as("node " + node + " on the same volume").isEqualTo(volume);
      }
      awaitQuorum();
      awaitRegistered();
      try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
        Poll.untilTrue(TOPIC + " fully replicated after the kills", LocalCluster.BROKERS_UP,
            () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 3));
      }
      awaitMoreAcknowledged(producer, producer.acknowledged());
      producer.stopAndAssertNothingLost(bootstrap);
      System.out.println("[KraftClusterIT] " + producer.acknowledged() + " acknowledged records"
          + " read back after kill -9 of controller " + leader + " (the leader) and broker 2");
    }
    JsonNode health = Poll.until("the quorum health check healthy", Duration.ofMinutes(2), () -> {
      JsonNode h = Json.get(scheduler.adminUrl() + "/healthcheck").body();
      return h.path("quorum").path("healthy").asBoolean() ? Optional.of(h) : Optional.empty();
    });
    assertThat(health.path("quorum").path("message").asText()).as(health.toString())
        .containsIgnoringCase("leader");
  }

  @Test
  @Order(5)
  void aControllerHeapChangeRollsTheControllersOneAtATimeTheLeaderLastAndNoBroker() throws Exception {
    awaitRegistered();
    int leader = awaitQuorum().path("leader").asInt();
    Map<String, String> brokerTasks = new java.util.TreeMap<>();
    cluster.tasks(NAME).forEach((task, state) -> {
      if (task.startsWith("broker-") && "TASK_RUNNING".equals(state)) {
        brokerTasks.put(task.substring(0, task.indexOf("__")), task);
      }
    });
    assertThat(brokerTasks).as("one running task per broker").hasSize(3);
    int logFrom = scheduler.logText().length();
    String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
    try (AckedProducer producer = AckedProducer.start(bootstrap, TOPIC, 200);
        QuorumSampler sampler = new QuorumSampler()) {
      awaitMoreAcknowledged(producer, 0);

      // Marathon deploys an edit of the app's environment by replacing the scheduler
      scheduler.restartWith(Map.of("CONTROLLER_HEAP_MB", "160"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode plan = Poll.until("the plan COMPLETE with its controllers phase", Duration.ofMinutes(4),
          () -> {
            JsonNode p = Json.get(scheduler.apiUrl() + "/v1/plan").body();
            return p != null && p.path("target").path("changes").toString()
                .contains("CONTROLLER_HEAP_MB") && "COMPLETE".equals(p.path("status").asText())
                && p.path("phases").findValuesAsText("name").contains("controllers")
                ? Optional.of(p) : Optional.empty();
          });
      List<String> phases = new ArrayList<>();
      JsonNode controllersPhase = null;
      for (JsonNode phase : plan.path("phases")) {
        phases.add(phase.path("name").asText());
        if (phase.path("name").asText().equals("controllers")) {
          controllersPhase = phase;
        }
      }
      assertThat(phases).as(plan.toString()).containsSubsequence("controllers", "restart");
      assertThat(controllersPhase.path("steps").findValuesAsText("id")).as(plan.toString())
          .containsExactlyInAnyOrder("controllers-3000", "controllers-3001", "controllers-3002");
      assertThat(controllersPhase.path("steps").findValuesAsText("status")).containsOnly("COMPLETE");
      DcosCli.Run show = cli.kafka("plan", "show");
      assertThat(show.exit()).as(show.toString()).isZero();
      assertThat(show.out()).contains("controllers");

      awaitQuorum();
      awaitMoreAcknowledged(producer, producer.acknowledged());
      producer.stopAndAssertNothingLost(bootstrap);

      String log = scheduler.logText().substring(logFrom);
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("Controller (\\d+): restarting for target").matcher(log);
      List<Integer> order = new ArrayList<>();
      while (m.find()) {
        order.add(Integer.parseInt(m.group(1)));
      }
      assertThat(order).as("the controllers restarted once each, the leader " + leader + " last")
          .hasSize(3).containsExactlyInAnyOrderElementsOf(CONTROLLERS).endsWith(leader);
      assertThat(log).doesNotContainPattern("Broker \\d: restarting for target");
      assertThat(sampler.fewestRunning()).as("controllers running at once during the roll")
          .isGreaterThanOrEqualTo(2);
      assertThat(sampler.longestWithoutLeader()).as("the quorum without a leader, at most")
          .isLessThan(Duration.ofSeconds(15));

      Map<String, String> brokersAfter = new java.util.TreeMap<>();
      cluster.tasks(NAME).forEach((task, state) -> {
        if (task.startsWith("broker-") && "TASK_RUNNING".equals(state)) {
          brokersAfter.put(task.substring(0, task.indexOf("__")), task);
        }
      });
      assertThat(brokersAfter).as("no broker restarted").isEqualTo(brokerTasks);
      JsonNode quorum = awaitQuorum();
      for (JsonNode c : quorum.path("controllers")) {
        String task = c.path("taskId").asText();
        String executor = task.replace("__", "__executor__");
        ProcessHandle jvm = cluster.brokerProcess(executor)
            .orElseThrow(() -> new AssertionError("no JVM of " + task));
        assertThat(jvm.info().commandLine().orElse("")).as(task).contains("-Xmx160m");
      }
      System.out.println("[KraftClusterIT] CONTROLLER_HEAP_MB 128 -> 160 rolled controllers " + order
          + " under " + producer.acknowledged() + " acknowledged records; at least "
          + sampler.fewestRunning() + " controllers ran throughout, at most "
          + sampler.longestWithoutLeader().toMillis() + " ms without a leader");
    }
  }

  @Test
  @Order(6)
  void aControllerWhoseAgentIsGoneIsReplacedByANewVoterOnAnotherAgent() throws Exception {
    JsonNode quorum = awaitQuorum();
    int leader = quorum.path("leader").asInt();
    JsonNode lost = null;
    for (JsonNode c : quorum.path("controllers")) {
      if (c.path("id").asInt() != leader) {
        lost = c;
        break;
      }
    }
    assertThat(lost).as(quorum.toString()).isNotNull();
    int id = lost.path("id").asInt();
    String oldDirectory = lost.path("directoryId").asText();
    String host = lost.path("address").asText().split(":")[0];
    assertThat(oldDirectory).as(lost.toString()).isNotBlank();

    cluster.mesos().stopAgent(host); // the machine is gone, and its volume with it
    DcosCli.Run replaced = cli.kafka("controller", "replace", Integer.toString(id), "--force");
    assertThat(replaced.exit()).as(replaced.toString()).isZero();
    assertThat(replaced.out()).contains("controller-" + id + "__");

    JsonNode after = Poll.until("controller " + id + " a caught-up voter again, on another agent with a"
        + " new directory", LocalCluster.BROKERS_UP, () -> {
          JsonNode q = Json.get(scheduler.apiUrl() + "/v1/controllers").body();
          List<String> directories = new ArrayList<>();
          JsonNode replacement = null;
          long voters = 0;
          for (JsonNode c : q.path("controllers")) {
            String role = c.path("role").asText();
            if (role.equals("leader") || role.equals("voter")) {
              voters++;
              directories.add(c.path("directoryId").asText());
            }
            if (c.path("id").asInt() == id) {
              replacement = c;
            }
          }
          boolean done = q.hasNonNull("leader") && voters == 3 && replacement != null
              && !replacement.path("address").asText().startsWith(host + ":")
              && !replacement.path("directoryId").asText().equals(oldDirectory)
              && !directories.contains(oldDirectory) && replacement.path("lag").asLong(-1) == 0;
          return done ? Optional.of(q) : Optional.empty();
        });
    System.out.println("[KraftClusterIT] controller " + id + " replaced after its agent " + host
        + " stopped: " + after);
  }

  /**
   * Samples the controllers twice a second on a thread of its own: how many run at once (their
   * tasks in Mesos) and how long the quorum, as described, went without a leader
   * (GET /v1/controllers, which describes it every 3 s).
   */
  private final class QuorumSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    private volatile int fewestRunning = Integer.MAX_VALUE;
    private volatile Duration longestWithoutLeader = Duration.ZERO;

    QuorumSampler() {
      thread = new Thread(this::run, "quorum-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      long leaderlessSince = -1;
      while (!stop) {
        try {
          Map<String, String> tasks = cluster.tasks(NAME);
          int running = 0;
          for (int id : CONTROLLERS) {
            String prefix = "controller-" + id + "__";
            if (tasks.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix)
                && "TASK_RUNNING".equals(e.getValue()))) {
              running++;
            }
          }
          fewestRunning = Math.min(fewestRunning, running);
          Json.Answer q = Json.get(scheduler.apiUrl() + "/v1/controllers");
          // a quorum the scheduler could not describe (it was being replaced) is not known leaderless
          if (q.status() == 200 && !q.body().hasNonNull("problem")) {
            long now = System.nanoTime();
            if (q.body().hasNonNull("leader")) {
              leaderlessSince = -1;
            } else if (leaderlessSince < 0) {
              leaderlessSince = now;
            } else {
              Duration d = Duration.ofNanos(now - leaderlessSince);
              if (d.compareTo(longestWithoutLeader) > 0) {
                longestWithoutLeader = d;
              }
            }
          }
        } catch (RuntimeException e) {
          // the scheduler is being replaced: its API does not answer for a moment
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    int fewestRunning() {
      return fewestRunning;
    }

    Duration longestWithoutLeader() {
      return longestWithoutLeader;
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.interrupt();
      thread.join(5_000);
    }
  }

  /**
   * Waits until the 3 brokers are registered and the scheduler's shared view of Kafka, which the
   * topic API reads, has them (it follows Kafka's metadata every few seconds: until then topic calls
   * answer 503, "wait for the brokers").
   */
  private void awaitRegistered() {
    Poll.untilTrue("3 brokers in GET /v1/connection and the topic API answering",
        LocalCluster.BROKERS_UP,
        () -> {
          if (Json.get(scheduler.apiUrl() + "/v1/connection").body().path("brokers").size() != 3) {
            return false;
          }
          // /v1/status's "registered" is the shared view's, the one the topic API reads
          JsonNode brokers = Json.get(scheduler.apiUrl() + "/v1/status").body().path("brokers");
          return brokers.size() == 3 && brokers.findValues("registered").stream()
              .allMatch(JsonNode::asBoolean);
        });
  }

  /** Waits until the quorum has a leader and all 3 controllers are voters; answers it. */
  private JsonNode awaitQuorum() {
    return Poll.until("a quorum leader and 3 voters in GET /v1/controllers", LocalCluster.BROKERS_UP,
        () -> {
          JsonNode q = Json.get(scheduler.apiUrl() + "/v1/controllers").body();
          long voters = 0;
          for (JsonNode c : q.path("controllers")) {
            String role = c.path("role").asText();
            if (role.equals("leader") || role.equals("voter")) {
              voters++;
            }
          }
          return q.hasNonNull("leader") && voters == 3 ? Optional.of(q) : Optional.empty();
        });
  }

  private static void awaitMoreAcknowledged(AckedProducer producer, long than) {
    Poll.untilTrue("the producer acknowledged more than " + than, Duration.ofMinutes(2),
        () -> producer.acknowledged() > than + 100);
  }
}
