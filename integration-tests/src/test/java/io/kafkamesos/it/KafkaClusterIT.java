package io.kafkamesos.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3 end to end: a three-broker cluster with persistent volumes on three mesos-local agents,
 * the scheduler as its own process. The steps share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterIT {
  private static final String TOPIC = "acks-all";
  private static final int MESSAGES = 10_000;

  /** A refused send is sent again, by a new producer, this many times in all. */
  private static final int SEND_ROUNDS = 3;

  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  /** The ids Kafka acknowledged in step 2: what every later step must read back. */
  private final Set<Integer> acknowledged = new HashSet<>();

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.start(3);
    scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "kafka0", "BROKER_COUNT", "3",
        "BROKER_PV", "true", "PLACEMENT_STRATEGY", "ANY"));
    scheduler.awaitApi(Duration.ofMinutes(2));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void threeBrokersRegisterAndConnectionListsThem() {
    JsonNode connection = awaitBrokersInConnection(3);

    assertThat(connection.path("zookeeper").asText())
        .isEqualTo(cluster.mesos().zkConnect() + "/kafka0");
    assertThat(Json.get(scheduler.apiUrl() + "/v1/brokers").body().path("brokers"))
        .extracting(JsonNode::asText).containsExactly("0", "1", "2");
    JsonNode broker = Json.get(scheduler.apiUrl() + "/v1/brokers/1").body();
    assertThat(broker.path("endpoints").get(0).asText()).startsWith("PLAINTEXT://");
    assertThat(broker.path("port").asInt()).isPositive();
    assertThat(broker.has("timestamp")).isTrue();
    assertThat(Json.get(scheduler.apiUrl() + "/v1/brokers/7").status()).isEqualTo(404);
  }

  /**
   * Sends {@link #MESSAGES} records with acks=all; a send the producer gives up on is sent again by a
   * new producer (at most {@link #SEND_ROUNDS} rounds, the causes reported): the claim is about what
   * Kafka acknowledged, and each acknowledged id is remembered for the next step.
   */
  @Test
  @Order(2)
  void everyAcknowledgedRecordIsConsumedBack() throws Exception {
    String bootstrap = bootstrap();
    try (AdminClient admin = admin(bootstrap)) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")));
    }

    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      pending.add(i);
    }
    List<String> refusals = new ArrayList<>();
    for (int round = 1; round <= SEND_ROUNDS && !pending.isEmpty(); round++) {
      pending = sendAll(bootstrap, pending, refusals);
    }
    List<String> firstRefusals = refusals.subList(0, Math.min(5, refusals.size()));
    assertThat(pending).as("records never acknowledged in %s rounds; %s refusals, the first: %s", SEND_ROUNDS,
        refusals.size(), firstRefusals).isEmpty();
    if (!refusals.isEmpty()) {
      System.out.printf("[KafkaClusterIT] %d send(s) refused and sent again; the first: %s%n", refusals.size(),
          firstRefusals);
    }

    assertEveryRecordConsumed(bootstrap);
  }

  /** Sends {@code ids} with one idempotent acks=all producer; answers those not acknowledged. */
  private List<Integer> sendAll(String bootstrap, List<Integer> ids, List<String> refusals) throws Exception {
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    List<Integer> failed = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      Map<Integer, Future<?>> sends = new LinkedHashMap<>();
      for (int id : ids) {
        sends.put(id, producer.send(new ProducerRecord<>(TOPIC, Integer.toString(id), "message-" + id)));
      }
      for (Map.Entry<Integer, Future<?>> send : sends.entrySet()) {
        try {
          send.getValue().get(60, TimeUnit.SECONDS);
          acknowledged.add(send.getKey());
        } catch (ExecutionException e) {
          failed.add(send.getKey());
          refusals.add(e.getCause().toString());
        }
      }
    }
    return failed;
  }

  @Test
  @Order(3)
  void aKilledBrokerComesBackOnItsVolumeWithItsData() throws Exception {
    Path segmentBefore = logSegmentOf(1);
    Object fileKeyBefore = Files.readAttributes(segmentBefore,
        java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    String taskBefore = taskOfBroker(1);
    String executorId = executorOf(taskBefore);
    ProcessHandle broker = cluster.brokerProcess(executorId)
        .orElseThrow(() -> new AssertionError("no broker JVM for executor " + executorId));

    broker.destroyForcibly();

    String taskAfter = Poll.until("broker 1 relaunched under a new task", LocalCluster.BROKERS_UP,
        () -> {
          Map<String, String> tasks = cluster.tasks("kafka0");
          return tasks.entrySet().stream()
              .filter(e -> e.getKey().startsWith("broker-1__") && !e.getKey().equals(taskBefore)
                  && e.getValue().equals("TASK_RUNNING"))
              .map(Map.Entry::getKey).findFirst();
        });
    assertThat(taskAfter).startsWith("broker-1__");
    awaitFullIsr(bootstrap());

    Path segmentAfter = logSegmentOf(1);
    assertThat(Files.readAttributes(segmentAfter, java.nio.file.attribute.BasicFileAttributes.class)
        .fileKey()).as("the same segment file on the same volume, not a re-replicated copy")
        .isEqualTo(fileKeyBefore);
    assertEveryRecordConsumed(bootstrap());
  }

  @Test
  @Order(4)
  void aRestartedSchedulerKeepsItsFrameworkAndItsBrokers() throws Exception {
    String frameworkId = cluster.framework("kafka0").orElseThrow().path("id").asText();
    Map<String, String> tasksBefore = cluster.tasks("kafka0");
    assertThat(tasksBefore.values()).containsOnly("TASK_RUNNING");

    scheduler.kill9();
    scheduler.restart();
    scheduler.awaitApi(Duration.ofMinutes(2));

    Poll.untilTrue("the restarted scheduler to re-subscribe", Duration.ofMinutes(2),
        () -> cluster.framework("kafka0").map(f -> f.path("active").asBoolean()).orElse(false));
    assertThat(cluster.framework("kafka0").orElseThrow().path("id").asText()).isEqualTo(frameworkId);
    awaitBrokersInConnection(3);
    assertThat(cluster.tasks("kafka0")).isEqualTo(tasksBefore);
  }

  private JsonNode awaitBrokersInConnection(int count) {
    return Poll.until(count + " brokers in /v1/connection", LocalCluster.BROKERS_UP, () -> {
      Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
      return answer.status() == 200 && answer.body().path("brokers").size() == count
          ? Optional.of(answer.body()) : Optional.empty();
    });
  }

  private String bootstrap() {
    List<String> brokers = new ArrayList<>();
    awaitBrokersInConnection(3).path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }

  private String taskOfBroker(int id) {
    return cluster.tasks("kafka0").keySet().stream().filter(t -> t.startsWith("broker-" + id + "__"))
        .findFirst().orElseThrow();
  }

  private String executorOf(String taskId) {
    for (JsonNode task : cluster.framework("kafka0").orElseThrow().path("tasks")) {
      if (taskId.equals(task.path("id").asText())) {
        return task.path("executor_id").asText();
      }
    }
    throw new AssertionError("no task " + taskId);
  }

  /** A log segment of the test topic that broker {@code id} holds on its volume. */
  private Path logSegmentOf(int id) throws Exception {
    try (Stream<Path> files = Files.walk(cluster.workDir())) {
      List<Path> metas = files.filter(p -> p.getFileName().toString().equals("meta.properties"))
          .filter(p -> read(p).contains("broker.id=" + id)).toList();
      assertThat(metas).as("broker %s's log dir", id).isNotEmpty();
      Path logDir = metas.get(0).getParent();
      try (Stream<Path> segments = Files.walk(logDir)) {
        return segments.filter(p -> p.getParent().getFileName().toString().startsWith(TOPIC + "-"))
            .filter(p -> p.toString().endsWith(".log")).findFirst()
            .orElseThrow(() -> new AssertionError("broker " + id + " holds no segment of " + TOPIC));
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private void awaitFullIsr(String bootstrap) {
    Poll.untilTrue("every partition of " + TOPIC + " back to 3 in-sync replicas", LocalCluster.BROKERS_UP,
        () -> {
          try (AdminClient admin = admin(bootstrap)) {
            TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(TOPIC);
            return description.partitions().stream().allMatch(p -> p.isr().size() == 3);
          }
        });
  }

  private static AdminClient admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    return AdminClient.create(props);
  }

  /**
   * Reads the topic from the beginning and fails, if a record is missing, with what tells a loss from
   * a slow read: each partition's offsets against what was read of it, the missing ids, the tasks
   * Mesos ran (a relaunch), and the sandboxes' logs kept in target/kafka-cluster-it-logs.
   */
  private void assertEveryRecordConsumed(String bootstrap) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Set<Integer> ids = new HashSet<>();
    Map<TopicPartition, Integer> readPerPartition = new java.util.TreeMap<>(
        java.util.Comparator.comparingInt(TopicPartition::partition));
    StringBuilder offsets = new StringBuilder();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
          .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!ids.containsAll(acknowledged) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          ids.add(Integer.parseInt(record.value().substring("message-".length())));
          readPerPartition.merge(new TopicPartition(record.topic(), record.partition()), 1, Integer::sum);
        }
      }
      if (!ids.containsAll(acknowledged)) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition p : partitions) {
          offsets.append(String.format("%n  partition %d: offsets [%d, %d), read %d, position %d",
              p.partition(), begin.get(p), end.get(p), readPerPartition.getOrDefault(p, 0),
              consumer.position(p, Duration.ofSeconds(30))));
        }
      }
    }
    if (!ids.containsAll(acknowledged)) {
      Path logs = Path.of("target", "kafka-cluster-it-logs");
      cluster.keepSandboxLogs(logs);
      throw new AssertionError(String.format(
          "read %d of %d acknowledged records of %s:%s%n  missing ids: %s%n  tasks in Mesos: %s"
              + "%n  broker and scheduler logs kept in %s",
          acknowledged.stream().filter(ids::contains).count(), acknowledged.size(), TOPIC, offsets,
          missingRanges(ids),
          cluster.taskHistory("kafka0"),
          logs.toAbsolutePath()));
    }
  }

  /** {@code 0-1903, 1906, ...}: the acknowledged ids not in {@code ids}, first 30 runs. */
  private String missingRanges(Set<Integer> ids) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      if (acknowledged.contains(i) && !ids.contains(i)) {
        int first = i;
        while (i + 1 < MESSAGES && acknowledged.contains(i + 1) && !ids.contains(i + 1)) {
          i++;
        }
        runs.add(first == i ? Integer.toString(first) : first + "-" + i);
      }
    }
    return runs.size() > 30 ? String.join(", ", runs.subList(0, 30)) + ", ... (" + runs.size() + " runs)"
        : String.join(", ", runs);
  }
}
