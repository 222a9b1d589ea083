package io.kafkamesos.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.ClusterConvergence;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A machine dies, on mesos-local with persistent volumes: 3 brokers on 4 agents (NODE placement),
 * replication 3. In turn: (a) an agent dies and returns within the grace period, and the same broker
 * resumes on its own volume with its data; (b) an agent dies for good, the broker is replaced and
 * every partition is fully replicated again, and when the dead machine comes back after all its
 * abandoned reservation is released; (c) a broker is removed: refused while a topic needs three
 * brokers, then, with replication 2, no partition loses a replica before it stops and its resources
 * are unreserved. An {@code acks=all} producer runs through each of them, and every record it had
 * acknowledged is read back.
 */
class AgentFaultsIT {

  private static final String NAME = "faults0";
  private static final String ROLE = NAME + "-role";
  /** mesos-local's agent ping timeout (45 s) plus time to see it. */
  private static final Duration AGENT_TIMEOUT = Duration.ofMinutes(3);
  /** Records a second of the acks=all producers that run through the faults. */
  private static final int RATE = 300;

  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  private final Set<String> stopped = new HashSet<>();
  private final List<AckedProducer> producers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(4);
    // consumer offsets with replication 2, so that a broker of three may leave in (c)
    scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", NAME, "BROKER_COUNT", "3",
        "BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE", "BROKER_LOST_GRACE_SECONDS", "600",
        "KAFKA_OVERRIDE_OFFSETS_TOPIC_REPLICATION_FACTOR", "2"));
    scheduler.awaitApi(Duration.ofMinutes(2));
  }

  @AfterEach
  void stop() throws Exception {
    for (AckedProducer producer : producers) {
      producer.close();
    }
    try {
      for (String host : stopped) {
        try {
          cluster.mesos().startAgent(host); // its executors are gone: nothing left running
        } catch (RuntimeException e) {
          // started again by the test already
        }
      }
    } finally {
      cluster.close();
    }
  }

  @Test
  void lostAgentsReplaceAndRemove() throws Exception {
    awaitBrokers(Set.of(0, 1, 2));
    try (AdminClient admin = admin()) {
      KafkaAdmin.create(admin, new NewTopic("three", 3, (short) 3));
      awaitFullyReplicated(admin, "three", 3);
      // an acks=all producer runs through (a) and (b): no acknowledged record may be lost
      AckedProducer toThree = producer("three");
      awaitAcknowledged(toThree);

      // (a) broker 1's machine dies and comes back within the grace period
      String host1 = hostOf(1);
      Path segment = segmentOf(volumeOf(1), "three");
      Object inode = Files.readAttributes(segment, BasicFileAttributes.class).fileKey();
      long size = Files.size(segment);
      stopAgent(host1);
      String lost = Poll.until("broker 1 reported LOST", AGENT_TIMEOUT, () -> {
        String health = String.valueOf(Json.get(scheduler.adminUrl() + "/healthcheck").body());
        return health.contains("broker 1 lost with agent") ? Optional.of(health) : Optional.empty();
      });
      assertThat(lost).contains("waiting").contains("broker replace 1");
      assertThat(planPhases()).contains("lost");
      cluster.mesos().startAgent(host1);
      stopped.remove(host1);
      Poll.untilTrue("broker 1 back on " + host1, LocalCluster.BROKERS_UP,
          () -> host1.equals(registeredHost(1)));
      awaitFullyReplicated(admin, "three", 3);
      assertThat(segmentOf(volumeOf(1), "three")).isEqualTo(segment);
      assertThat(Files.readAttributes(segment, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
      assertThat(Files.size(segment)).isGreaterThanOrEqualTo(size);
      assertThat(brokerTasks()).as("one task per broker id").hasSize(3);

      // (b) broker 2's machine dies for good: replace it
      String host2 = hostOf(2);
      stopAgent(host2);
      Poll.untilTrue("broker 2 reported LOST", AGENT_TIMEOUT, () -> String.valueOf(
          Json.get(scheduler.adminUrl() + "/healthcheck").body()).contains("broker 2 lost with agent"));
      Json.Answer refused = Json.put(scheduler.apiUrl() + "/v1/brokers/0/replace");
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().path("message").asText()).contains("throws its data away");
      Json.Answer replaced = Json.put(scheduler.apiUrl() + "/v1/brokers/2/replace");
      assertThat(replaced.status()).as(String.valueOf(replaced.body())).isEqualTo(200);
      String newTask = replaced.body().path("taskId").asText();
      assertThat(newTask).startsWith("broker-2__");
      Poll.untilTrue("broker 2 registered on another host", LocalCluster.BROKERS_UP, () -> {
        String host = registeredHost(2);
        return host != null && !host.equals(host2);
      });
      awaitFullyReplicated(admin, "three", 3);
      Poll.untilTrue("the replace step COMPLETE", Duration.ofMinutes(2),
          () -> stepStatus("replace-2").equals("COMPLETE"));
      assertThat(cluster.tasks(NAME)).containsKey(newTask);
      awaitMoreAcknowledged(toThree);
      everyAcknowledgedRecordIsThere(toThree);

      // broker 2's old machine comes back after all: its abandoned reservation and volume go
      assertThat(Json.get(scheduler.apiUrl() + "/v1/reservations").body().path("abandoned"))
          .as("broker 2's abandoned reservation").hasSize(1);
      cluster.mesos().startAgent(host2);
      stopped.remove(host2);
      Poll.untilTrue("broker 2's old reservation released on " + host2, Duration.ofMinutes(2),
          () -> reservedOn(host2) == 0);
      Poll.untilTrue("no abandoned reservation left", Duration.ofMinutes(1), () -> Json.get(
          scheduler.apiUrl() + "/v1/reservations").body().path("abandoned").isEmpty());

      // (c) remove: refused while "three" needs three brokers, then allowed with replication 2
      Json.Answer refusedRemove = Json.delete(scheduler.apiUrl() + "/v1/brokers/0");
      assertThat(refusedRemove.status()).isEqualTo(409);
      assertThat(refusedRemove.body().path("message").asText()).contains("topic three has replication factor 3");
      admin.deleteTopics(List.of("three")).all().get(60, TimeUnit.SECONDS);
      Poll.untilTrue("topic three deleted", Duration.ofMinutes(2),
          () -> !admin.listTopics().names().get(20, TimeUnit.SECONDS).contains("three"));
      KafkaAdmin.create(admin, new NewTopic("two", 6, (short) 2));
      awaitFullyReplicated(admin, "two", 2);
      AckedProducer toTwo = producer("two");
      awaitAcknowledged(toTwo);
      String host0 = hostOf(0);
      assertThat(reservedOn(host0)).as("broker 0's reservation on " + host0).isPositive();

      Json.Answer removing = Json.delete(scheduler.apiUrl() + "/v1/brokers/0");
      assertThat(removing.status()).as(String.valueOf(removing.body())).isEqualTo(200);
      Poll.untilTrue("broker 0 stopped", LocalCluster.BROKERS_UP, () -> {
        boolean up = registeredHost(0) != null;
        if (up) {
          // while it runs, every partition keeps at least its two replicas in sync
          for (TopicPartitionInfo p : KafkaAdmin.describe(admin, "two").partitions()) {
            assertThat(p.isr()).as("ISR of two-%s while broker 0 runs", p.partition()).hasSizeGreaterThanOrEqualTo(2);
          }
        }
        return !up;
      });
      for (TopicPartitionInfo p : KafkaAdmin.describe(admin, "two").partitions()) {
        assertThat(p.replicas()).extracting(n -> n.id()).doesNotContain(0).hasSize(2);
      }
      awaitFullyReplicated(admin, "two", 2);
      awaitMoreAcknowledged(toTwo);
      everyAcknowledgedRecordIsThere(toTwo);
      Poll.untilTrue("broker 0's resources unreserved on " + host0, Duration.ofMinutes(2),
          () -> reservedOn(host0) == 0);
      Poll.untilTrue("the remove step COMPLETE", Duration.ofMinutes(2),
          () -> stepStatus("remove-0").equals("COMPLETE"));
      assertThat(Json.get(scheduler.apiUrl() + "/v1/brokers").body().path("brokers").toString())
          .isEqualTo("[\"1\",\"2\"]");
      assertThat(brokerTasks()).noneMatch(id -> id.startsWith("broker-0__"));
      new ClusterConvergence(cluster, NAME, Set.of(1, 2)).await(scheduler.apiUrl(), Duration.ofMinutes(2));
    }
  }

  private void stopAgent(String host) {
    cluster.mesos().stopAgent(host);
    stopped.add(host);
  }

  private void awaitBrokers(Set<Integer> ids) {
    Poll.untilTrue("brokers " + ids + " registered", LocalCluster.BROKERS_UP,
        () -> ids.stream().allMatch(id -> registeredHost(id) != null));
  }

  /** The host in the broker's Kafka registration, or null when it is not registered. */
  private String registeredHost(int id) {
    Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/brokers/" + id);
    return answer.status() == 200 ? answer.body().path("host").asText(null) : null;
  }

  private String hostOf(int id) {
    String host = registeredHost(id);
    assertThat(host).as("broker %s registered", id).isNotNull();
    return host;
  }

  /** The broker's volume directory on its agent, found by the volume id its reservation carries. */
  private Path volumeOf(int brokerId) throws IOException {
    String volumeId = null;
    for (JsonNode agent : cluster.state().path("slaves")) {
      for (JsonNode r : agent.path("reserved_resources_full").path(ROLE)) {
        String labels = r.path("reservations").toString();
        if (r.has("disk") && labels.contains("\"" + brokerId + "\"") && labels.contains(NAME)) {
          volumeId = r.path("disk").path("persistence").path("id").asText();
        }
      }
    }
    assertThat(volumeId).as("the volume of broker %s in /state", brokerId).isNotNull();
    String id = volumeId;
    try (Stream<Path> paths = Files.walk(cluster.workDir())) {
      return paths.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals(id)
          && p.toString().contains("volumes")).findFirst()
          .orElseThrow(() -> new AssertionError("no directory for volume " + id));
    }
  }

  private static Path segmentOf(Path volume, String topic) throws IOException {
    try (Stream<Path> paths = Files.walk(volume)) {
      return paths.filter(p -> p.getFileName().toString().equals("00000000000000000000.log")
          && p.getParent().getFileName().toString().startsWith(topic + "-")).findFirst()
          .orElseThrow(() -> new AssertionError("no segment of " + topic + " in " + volume));
    }
  }

  /** How many resources on that host are reserved for the framework's role. */
  private int reservedOn(String host) {
    for (JsonNode agent : cluster.state().path("slaves")) {
      if (host.equals(agent.path("hostname").asText())) {
        return agent.path("reserved_resources_full").path(ROLE).size();
      }
    }
    return -1;
  }

  private List<String> brokerTasks() {
    List<String> live = new ArrayList<>();
    cluster.tasks(NAME).forEach((id, state) -> {
      if (state.equals("TASK_RUNNING") || state.equals("TASK_STAGING") || state.equals("TASK_STARTING")) {
        live.add(id);
      }
    });
    return live;
  }

  private String planPhases() {
    return Json.get(scheduler.apiUrl() + "/v1/plan").body().path("phases").toString();
  }

  private String stepStatus(String step) {
    for (JsonNode phase : Json.get(scheduler.apiUrl() + "/v1/plan").body().path("phases")) {
      for (JsonNode s : phase.path("steps")) {
        if (step.equals(s.path("id").asText())) {
          return s.path("status").asText();
        }
      }
    }
    return "ABSENT";
  }

  private String bootstrap() {
    return KafkaAdmin.bootstrap(scheduler.apiUrl());
  }

  private AdminClient admin() {
    return KafkaAdmin.admin(bootstrap());
  }

  private static void awaitFullyReplicated(AdminClient admin, String topic, int factor) {
    Poll.untilTrue(topic + " fully replicated (" + factor + " in sync)", LocalCluster.BROKERS_UP,
        () -> KafkaAdmin.fullyReplicated(admin, topic, factor));
  }

  private AckedProducer producer(String topic) {
    AckedProducer producer = AckedProducer.start(bootstrap(), topic, RATE);
    producers.add(producer);
    return producer;
  }

  private static void awaitAcknowledged(AckedProducer producer) {
    Poll.untilTrue("the producer's first acknowledgements", Duration.ofMinutes(2),
        () -> producer.acknowledged() >= RATE);
  }

  /** The producer goes on after the fault: more records get acknowledged. */
  private static void awaitMoreAcknowledged(AckedProducer producer) {
    long now = producer.acknowledged();
    Poll.untilTrue("the producer to go on", Duration.ofMinutes(3),
        () -> producer.acknowledged() >= now + RATE);
  }

  /** Stops the producer; it gave up on no record and every acknowledged one reads back. */
  private void everyAcknowledgedRecordIsThere(AckedProducer producer) throws InterruptedException {
    producer.stopAndAssertNothingLost(bootstrap());
  }
}
