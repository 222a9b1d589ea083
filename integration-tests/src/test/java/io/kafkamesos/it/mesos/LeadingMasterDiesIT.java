package io.kafkamesos.it.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, a scheduler that follows the Mesos leader: three mesos-local masters and two Kafka
 * clusters side by side, one scheduler given a master that does not lead ({@code MESOS_MASTER=
 * http://<non-leader>}: the master ZooKeeper elects last, which answers with a 307 to the leader),
 * the other the masters' ZooKeeper ({@code zk://.../mesos}). The leading master dies twice: first
 * it crashes (its ZooKeeper entry stays until its session expires, 10 s, and the others keep naming
 * it meanwhile, as with a real Mesos master), then the next leader stops (its entry goes at once).
 * Each time both frameworks subscribe to the new leader with their framework ids, once, no broker
 * task is restarted (same task ids, same broker JVMs), each scheduler's {@code mesos} health check
 * names the new master, and an {@code acks=all} producer writing through it all loses no
 * acknowledged record. Then a broker restarted through the API comes back on the new leader's
 * offers.
 *
 * <p>Prints the time from each leader's death to each scheduler's subscription with the new one.
 */
class LeadingMasterDiesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BY_URL = "mfurl";
  private static final String BY_ZK = "mfzk";
  private static final String TOPIC = "through-failover";
  /** Records a second of the acks=all producer. */
  private static final int RATE = 200;
  /** ZooKeeper's expiry of a crashed leader's session (10 s), an election and the client's backoff. */
  private static final Duration FOLLOW_WITHIN = Duration.ofMinutes(2);

  private LocalCluster cluster;
  private AckedProducer producer;
  private SchedulerProcess byUrl;
  private SchedulerProcess byZk;
  /** What must outlive the failovers: each framework's id and tasks, each broker's JVM. */
  private final Map<String, String> frameworkIds = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> tasks = new LinkedHashMap<>();
  private final Map<String, Long> brokerPids = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    // updates left unacknowledged by the dead leader come again within seconds; an agent that does
    // not re-register with the new leader shows as unreachable within a minute, not ten
    cluster = LocalCluster.start(2, config -> config.withMasters(3)
        .withStatusUpdateRetryInterval(Duration.ofSeconds(2))
        .withAgentReregisterTimeout(Duration.ofMinutes(1)));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (producer != null) {
        producer.close();
      }
      cluster.keepAppLogs(Path.of("target", "it-logs", getClass().getSimpleName()));
    } finally {
      cluster.close();
    }
  }

  @Test
  void bothSchedulersFollowTheNewLeaderWithoutRestartingABroker() throws Exception {
    // the master elected last: it redirects before, during and after the first failover
    List<String> byElection = mastersInElectionOrder();
    assertThat(byElection).hasSize(3).first().isEqualTo(cluster.mesos().masterUrl());
    String follower = byElection.get(2);
    byUrl = cluster.startScheduler(Map.of("FRAMEWORK_NAME", BY_URL,
        "MESOS_MASTER", follower, "BROKER_COUNT", "2", "BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE"));
    byZk = cluster.startScheduler(Map.of("FRAMEWORK_NAME", BY_ZK,
        "MESOS_MASTER", cluster.mesos().zkMasterUrl(), "BROKER_COUNT", "1"));
    byUrl.awaitApi(Duration.ofMinutes(2));
    byZk.awaitApi(Duration.ofMinutes(2));
    tasks.put(BY_URL, awaitRunning(BY_URL, 2));
    tasks.put(BY_ZK, awaitRunning(BY_ZK, 1));
    awaitRegistered(byUrl, 0, 1);
    awaitRegistered(byZk, 0);
    assertThat(mesosCheck(byUrl)).as("followed the 307 of " + follower).matches(naming(byElection.get(0)));
    assertThat(mesosCheck(byZk)).matches(naming(byElection.get(0)));
    for (String name : List.of(BY_URL, BY_ZK)) {
      frameworkIds.put(name, cluster.framework(name).orElseThrow().path("id").asText());
      brokerPids.putAll(brokerPids(name));
    }
    assertThat(brokerPids).hasSize(3);

    try (AdminClient admin = KafkaAdmin.admin(bootstrap(byUrl))) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 2));
      Poll.untilTrue(TOPIC + " fully replicated", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 2));
      producer = AckedProducer.start(bootstrap(byUrl), TOPIC, RATE);
      awaitMoreAcknowledged(0);

      // the leader crashes: its ZooKeeper entry outlives it until its session expires
      leaderDies("crashes (kill -9)", cluster.mesos()::crashLeadingMaster, byElection.get(1), follower);
      // the next one stops: its entry goes with it
      leaderDies("stops", cluster.mesos()::stopLeadingMaster, byElection.get(2), follower);

      // a broker restarted through the API runs again on an offer of the new leader
      Json.Answer restart = Json.put(byUrl.apiUrl() + "/v1/brokers/1");
      assertThat(restart.status()).as(String.valueOf(restart.body())).isEqualTo(200);
      String newTask = restart.body().get(0).asText();
      assertThat(newTask).startsWith("broker-1__").isNotIn(tasks.get(BY_URL).keySet());
      Poll.untilTrue("broker 1 running again as " + newTask, LocalCluster.BROKERS_UP,
          () -> "TASK_RUNNING".equals(cluster.tasks(BY_URL).get(newTask)));
      awaitRegistered(byUrl, 0, 1);
      Poll.untilTrue(TOPIC + " fully replicated again", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 2));
      awaitMoreAcknowledged(producer.acknowledged());
      producer.stopAndAssertNothingLost(bootstrap(byUrl));
      System.out.println("[master failover] " + producer.acknowledged()
          + " acknowledged records read back after two failovers and a restart of broker 1");
    }
    assertThat(cluster.tasks(BY_ZK)).as("the other cluster untouched").isEqualTo(tasks.get(BY_ZK));
    assertThat(Json.get(byUrl.adminUrl() + "/healthcheck").status()).isEqualTo(200);
  }

  /**
   * The leading master dies by {@code kill}; {@code next} is elected. Both frameworks subscribe to
   * it with their ids (printed: how long after the death), once; no broker task or JVM is
   * restarted; the health checks name {@code next}; the producer goes on.
   */
  private void leaderDies(String how, IntSupplier kill, String next, String follower) throws Exception {
    String old = cluster.mesos().masterUrl();
    long died = System.currentTimeMillis();
    kill.getAsInt();
    cluster.mesos().awaitLeadingMaster(FOLLOW_WITHIN);
    long elected = System.currentTimeMillis() - died;
    assertThat(cluster.mesos().masterUrl()).as("the master elected next").isEqualTo(next);
    Map<String, Long> seenMs = new LinkedHashMap<>();
    while (seenMs.size() < 2) {
      for (String name : List.of(BY_URL, BY_ZK)) {
        if (!seenMs.containsKey(name) && subscribed(name)) {
          seenMs.put(name, System.currentTimeMillis() - died);
        }
      }
      assertThat(System.currentTimeMillis() - died).as("both frameworks subscribed to the new leader "
          + next + " (so far: " + seenMs + ")").isLessThan(FOLLOW_WITHIN.toMillis());
      Thread.sleep(50);
    }
    Map<String, Double> resubscribed = new LinkedHashMap<>();
    for (String name : List.of(BY_URL, BY_ZK)) {
      // when the new leader took the SUBSCRIBE, by its own clock (this machine's)
      double at = cluster.framework(name).orElseThrow().path("reregistered_time").asDouble(0);
      resubscribed.put(name, at);
      assertThat(at * 1000).as(name + " re-subscribed after the leader died").isGreaterThanOrEqualTo(died);
      System.out.println("[master failover] the leader " + old + " " + how + ", " + next + " elected "
          + elected + " ms later; " + name + " (MESOS_MASTER=" + (name.equals(BY_URL) ? follower
          : cluster.mesos().zkMasterUrl()) + ") subscribed to it " + Math.round(at * 1000 - died)
          + " ms after the death (seen in /state after " + seenMs.get(name) + " ms)");
    }

    // same framework, same tasks, same broker JVMs; the health checks name the new master
    for (String name : List.of(BY_URL, BY_ZK)) {
      assertThat(cluster.framework(name).orElseThrow().path("id").asText())
          .as(name + "'s framework id on the new leader").isEqualTo(frameworkIds.get(name));
      assertThat(frameworksNamed(name)).as("frameworks named " + name).isEqualTo(1);
    }
    for (SchedulerProcess scheduler : List.of(byUrl, byZk)) {
      Poll.untilTrue("the mesos health check of " + scheduler.apiUrl() + " names " + next,
          Duration.ofSeconds(30), () -> mesosCheck(scheduler).matches(naming(next)));
    }
    assertThat(mesosCheck(byUrl)).startsWith("subscribed as framework " + frameworkIds.get(BY_URL));
    // reconciled and healthy again; a restart either scheduler ordered would show within seconds
    for (SchedulerProcess scheduler : List.of(byUrl, byZk)) {
      Poll.untilTrue("the health of " + scheduler.apiUrl(), Duration.ofMinutes(1),
          () -> Json.get(scheduler.adminUrl() + "/healthcheck").status() == 200);
    }
    awaitMoreAcknowledged(producer.acknowledged() + 4 * RATE);
    for (String name : List.of(BY_URL, BY_ZK)) {
      assertThat(cluster.framework(name).orElseThrow().path("reregistered_time").asDouble())
          .as(name + " subscribed once to the new leader, not again and again").isEqualTo(resubscribed.get(name));
      assertThat(cluster.tasks(name)).as("no broker task of " + name + " restarted").isEqualTo(tasks.get(name));
    }
    Map<String, Long> pidsAfter = new LinkedHashMap<>();
    pidsAfter.putAll(brokerPids(BY_URL));
    pidsAfter.putAll(brokerPids(BY_ZK));
    assertThat(pidsAfter).as("broker JVMs (executor id -> pid)").isEqualTo(brokerPids);
  }

  /**
   * The masters' URLs in the order ZooKeeper elects them: by the sequence of their {@code
   * json.info_<seq>} entries under {@code /mesos}, the leader first.
   */
  private List<String> mastersInElectionOrder() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(cluster.mesos().zkConnect(), 10_000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to ZooKeeper").isTrue();
      Map<String, String> bySequence = new TreeMap<>();
      for (String child : zk.getChildren("/mesos", false)) {
        JsonNode info = JSON.readTree(zk.getData("/mesos/" + child, false, null));
        bySequence.put(child, "http://" + info.path("hostname").asText() + ":" + info.path("port").asInt());
      }
      return List.copyOf(bySequence.values());
    } finally {
      zk.close();
    }
  }

  private Map<String, String> awaitRunning(String name, int brokers) {
    return Poll.until(brokers + " broker tasks of " + name + " running", LocalCluster.BROKERS_UP, () -> {
      Map<String, String> now = cluster.tasks(name);
      return now.size() == brokers && now.values().stream().allMatch("TASK_RUNNING"::equals)
          ? Optional.of(now) : Optional.empty();
    });
  }

  private static void awaitRegistered(SchedulerProcess scheduler, int... ids) {
    for (int id : ids) {
      Poll.untilTrue("broker " + id + " of " + scheduler.apiUrl() + " registered", LocalCluster.BROKERS_UP,
          () -> Json.get(scheduler.apiUrl() + "/v1/brokers/" + id).status() == 200);
    }
  }

  /** The producer goes on: more records acknowledged than {@code before}. */
  private void awaitMoreAcknowledged(long before) {
    Poll.untilTrue("the producer to go on", Duration.ofMinutes(3),
        () -> producer.acknowledged() >= before + RATE);
  }

  /** Whether the leading master shows the framework connected (it took a SUBSCRIBE). */
  private boolean subscribed(String name) {
    try {
      return cluster.framework(name).map(f -> f.path("connected").asBoolean()).orElse(false);
    } catch (RuntimeException e) {
      return false; // the new leader's state not served yet
    }
  }

  private int frameworksNamed(String name) {
    int n = 0;
    for (JsonNode framework : cluster.state().path("frameworks")) {
      n += name.equals(framework.path("name").asText()) ? 1 : 0;
    }
    return n;
  }

  /** A {@code mesos} health check message saying the scheduler is subscribed to {@code master}. */
  private static String naming(String master) {
    return "subscribed as framework \\S+ to " + java.util.regex.Pattern.quote(master) + "(,.*)?";
  }

  /** The message of the scheduler's {@code mesos} health check. */
  private static String mesosCheck(SchedulerProcess scheduler) {
    return Json.get(scheduler.adminUrl() + "/healthcheck").body().path("mesos").path("message").asText();
  }

  /** Executor id → pid of the broker JVM, for each of the framework's tasks. */
  private Map<String, Long> brokerPids(String name) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (JsonNode task : cluster.framework(name).orElseThrow().path("tasks")) {
      String executor = task.path("executor_id").asText();
      long pid = cluster.brokerProcess(executor).map(ProcessHandle::pid)
          .orElseThrow(() -> new AssertionError("no broker JVM of executor " + executor));
      pids.put(executor, pid);
    }
    return pids;
  }

  private static String bootstrap(SchedulerProcess scheduler) {
    return KafkaAdmin.bootstrap(scheduler.apiUrl());
  }
}
