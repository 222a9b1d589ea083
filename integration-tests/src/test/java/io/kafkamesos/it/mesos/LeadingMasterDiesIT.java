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
 * http://<non-leader>}: the master ZooKeeper elects last, which redirects with a 307 before the
 * failover and after it), the other the masters' ZooKeeper ({@code zk://.../mesos}). The leading master dies: both frameworks subscribe to the new leader with their
 * framework ids, no broker task is restarted (same task ids, same broker JVMs), each scheduler's
 * {@code mesos} health check names the new master, and an {@code acks=all} producer writing through
 * it all loses no acknowledged record. Then a broker restarted through the API comes back on the
 * new leader's offers.
 *
 * <p>Prints the time from the leader's death to each scheduler's subscription with the new one.
 */
class LeadingMasterDiesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BY_URL = "mfurl";
  private static final String BY_ZK = "mfzk";
  private static final String TOPIC = "through-failover";
  /** Records a second of the acks=all producer. */
  private static final int RATE = 200;
  /** An election (ZooKeeper notices the dead leader's session at once: it closed it) and a backoff. */
  private static final Duration FOLLOW_WITHIN = Duration.ofMinutes(2);

  private LocalCluster cluster;
  private AckedProducer producer;

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
    int leader = cluster.mesos().leadingMaster().orElseThrow();
    // the master elected last: it redirects before the failover and after it
    List<String> byElection = mastersInElectionOrder();
    assertThat(byElection).hasSize(3).first().isEqualTo(cluster.mesos().masterUrl());
    String follower = byElection.get(2);
    SchedulerProcess byUrl = cluster.startScheduler(Map.of("FRAMEWORK_NAME", BY_URL,
        "MESOS_MASTER", follower, "BROKER_COUNT", "2", "BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE"));
    SchedulerProcess byZk = cluster.startScheduler(Map.of("FRAMEWORK_NAME", BY_ZK,
        "MESOS_MASTER", cluster.mesos().zkMasterUrl(), "BROKER_COUNT", "1"));
    byUrl.awaitApi(Duration.ofMinutes(2));
    byZk.awaitApi(Duration.ofMinutes(2));
    Map<String, String> urlTasks = awaitRunning(BY_URL, 2);
    Map<String, String> zkTasks = awaitRunning(BY_ZK, 1);
    awaitRegistered(byUrl, 0, 1);
    awaitRegistered(byZk, 0);
    String oldLeader = cluster.mesos().masterUrl();
    assertThat(mesosCheck(byUrl)).as("followed the 307 of " + follower).matches(naming(oldLeader));
    assertThat(mesosCheck(byZk)).matches(naming(oldLeader));

    Map<String, String> frameworkIds = Map.of(BY_URL, frameworkId(BY_URL), BY_ZK, frameworkId(BY_ZK));
    Map<String, Long> brokerPids = new LinkedHashMap<>();
    brokerPids.putAll(brokerPids(BY_URL));
    brokerPids.putAll(brokerPids(BY_ZK));
    assertThat(brokerPids).hasSize(3);

    try (AdminClient admin = KafkaAdmin.admin(bootstrap(byUrl))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 2))).all().get(60, TimeUnit.SECONDS);
      Poll.untilTrue(TOPIC + " fully replicated", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 2));
      producer = AckedProducer.start(bootstrap(byUrl), TOPIC, RATE);
      awaitMoreAcknowledged(0);

      // the leading master dies
      long died = System.currentTimeMillis();
      int stopped = cluster.mesos().stopLeadingMaster();
      assertThat(stopped).isEqualTo(leader);
      int elected = cluster.mesos().awaitLeadingMaster(FOLLOW_WITHIN);
      String newLeader = cluster.mesos().masterUrl();
      assertThat(elected).isNotEqualTo(leader);
      assertThat(newLeader).as("the master elected next").isEqualTo(byElection.get(1)).isNotEqualTo(follower);
      Map<String, Long> seenMs = new LinkedHashMap<>();
      while (seenMs.size() < 2) {
        for (String name : List.of(BY_URL, BY_ZK)) {
          if (!seenMs.containsKey(name) && subscribed(name)) {
            seenMs.put(name, System.currentTimeMillis() - died);
          }
        }
        assertThat(System.currentTimeMillis() - died).as("both frameworks subscribed to the new leader "
            + newLeader + " (so far: " + seenMs + ")").isLessThan(FOLLOW_WITHIN.toMillis());
        Thread.sleep(50);
      }
      for (String name : List.of(BY_URL, BY_ZK)) {
        // when the new leader took the SUBSCRIBE, by its own clock (this machine's)
        double at = cluster.framework(name).orElseThrow().path("reregistered_time").asDouble(0);
        assertThat(at * 1000).as(name + " re-subscribed after the leader died").isGreaterThanOrEqualTo(died);
        System.out.println("[master failover] " + name + " (MESOS_MASTER=" + (name.equals(BY_URL) ? follower
            : cluster.mesos().zkMasterUrl()) + ") subscribed to the new leader " + newLeader + " "
            + Math.round(at * 1000 - died) + " ms after the leader " + oldLeader + " died (seen in /state after "
            + seenMs.get(name) + " ms)");
      }

      // same framework, same tasks, same broker JVMs; the health checks name the new master
      for (String name : List.of(BY_URL, BY_ZK)) {
        assertThat(frameworkId(name)).as(name + "'s framework id on the new leader")
            .isEqualTo(frameworkIds.get(name));
        assertThat(frameworksNamed(name)).as("frameworks named " + name).isEqualTo(1);
      }
      for (SchedulerProcess scheduler : List.of(byUrl, byZk)) {
        Poll.untilTrue("the mesos health check of " + scheduler.apiUrl() + " names " + newLeader,
            Duration.ofSeconds(30), () -> mesosCheck(scheduler).matches(naming(newLeader)));
      }
      assertThat(mesosCheck(byUrl)).startsWith("subscribed as framework " + frameworkIds.get(BY_URL));
      awaitMoreAcknowledged(producer.acknowledged()); // time for a restart ordered after reconciling to show
      assertThat(cluster.tasks(BY_URL)).as("no broker task of " + BY_URL + " restarted").isEqualTo(urlTasks);
      assertThat(cluster.tasks(BY_ZK)).as("no broker task of " + BY_ZK + " restarted").isEqualTo(zkTasks);
      Map<String, Long> pidsAfter = new LinkedHashMap<>();
      pidsAfter.putAll(brokerPids(BY_URL));
      pidsAfter.putAll(brokerPids(BY_ZK));
      assertThat(pidsAfter).as("broker JVMs (executor id -> pid)").isEqualTo(brokerPids);

      // a broker restarted through the API runs again on an offer of the new leader
      Json.Answer restart = Json.put(byUrl.apiUrl() + "/v1/brokers/1");
      assertThat(restart.status()).as(String.valueOf(restart.body())).isEqualTo(200);
      String newTask = restart.body().get(0).asText();
      assertThat(newTask).startsWith("broker-1__").isNotIn(urlTasks.keySet());
      Poll.untilTrue("broker 1 running again as " + newTask, LocalCluster.BROKERS_UP,
          () -> "TASK_RUNNING".equals(cluster.tasks(BY_URL).get(newTask)));
      awaitRegistered(byUrl, 0, 1);
      Poll.untilTrue(TOPIC + " fully replicated again", LocalCluster.BROKERS_UP,
          () -> KafkaAdmin.fullyReplicated(admin, TOPIC, 2));
      awaitMoreAcknowledged(producer.acknowledged());
      producer.close();
      assertThat(producer.errors()).as("records the producer gave up on").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap(byUrl));
      System.out.println("[master failover] " + producer.acknowledged()
          + " acknowledged records read back after the failover and a restart of broker 1");
    }
    assertThat(cluster.tasks(BY_ZK)).as("the other cluster untouched").isEqualTo(zkTasks);
    assertThat(Json.get(byUrl.adminUrl() + "/healthcheck").status()).isEqualTo(200);
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

  private String frameworkId(String name) {
    return cluster.framework(name).orElseThrow().path("id").asText();
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
