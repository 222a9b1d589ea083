package io.kafkamesos.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5 end to end, the DC/OS way: {@code bin/dcos package install} creates Marathon apps on
 * mesos-local (3 agents, shared by the steps, which run in order), each scheduler registers its
 * framework, its brokers come up and are reached through {@code /service/<name>/}. Then
 * reconfiguration through Marathon, a killed scheduler, refused installs and an uninstall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {

  private static final Duration UP = Duration.ofMinutes(6);
  private static final String SAMPLE = "sample-kafka";
  private static final int QUICK_START_RECORDS = 100;

  private Path workDir;
  private Path dcosDir;
  private MesosLocal mesos;
  private DcosCli dcos;

  @BeforeAll
  void start() throws Exception {
    workDir = Files.createTempDirectory("install-it-");
    dcosDir = Files.createDirectories(workDir.resolve("dcos"));
    mesos = MesosLocal.start(MesosLocalConfig.defaults(workDir.resolve("mesos")).withAgents(3)
        .withResources("cpus:8;mem:8192;disk:40000;ports:[31000-32000]")); // as bin/kafka-local
    // the site defaults: this mesos-local, and brokers small enough for two clusters
    Files.writeString(dcosDir.resolve("kafka-package-defaults.json"), """
        {"kafka": {"mesos-master": "%s", "zookeeper": "%s", "broker-cpus": 0.5,
                   "broker-mem": 512, "broker-heap-mb": 256, "broker-disk": 500}}
        """.formatted(mesos.masterUrl(), mesos.zkConnect()));
    dcos = DcosCli.throughDcos(mesos.masterUrl(), dcosDir);
  }

  @AfterAll
  void stop() {
    try {
      if (mesos != null) {
        mesos.close(); // Marathon's apps (the schedulers) first, then the brokers, ZooKeeper last
      }
    } finally {
      LocalCluster.deleteRecursively(workDir);
    }
  }

  @Test
  @Order(1)
  void installsKafka0WithTheDefaults() {
    long started = System.nanoTime();
    DcosCli.Run install = dcos.run("package", "install", "kafka");

    assertThat(install.exit()).as(install.toString()).isZero();
    assertThat(install.out()).contains("/kafka0");
    JsonNode connection = awaitBrokers("kafka0", 3);
    System.out.printf("[benchmark] dcos package install kafka until 3 brokers are listed: %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    // the package's default is the newest Kafka, 4.4.0: a KRaft cluster, its metadata in a
    // quorum of controllers rather than in ZooKeeper
    assertThat(connection.has("zookeeper")).as("a KRaft cluster names no ZooKeeper: " + connection).isFalse();
    assertThat(connection.path("controllers")).as("the controller quorum").hasSize(3);
    JsonNode app = Json.get(mesos.masterUrl() + "/marathon/v2/apps/kafka0").body().path("app");
    assertThat(app.path("env").path("BROKER_MEM").asText()).isEqualTo("512");
    assertThat(app.path("tasksRunning").asInt()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theQuickStartRunsAsTheReadmeWritesIt() throws Exception {
    DcosCli.Run create = dcos.run("kafka", "topic", "create", "topic1", "--partitions", "3",
        "--replication", "3");
    assertThat(create.exit()).as(create.toString()).isZero();
    assertThat(create.out()).contains("Created topic \\\"topic1\\\".");

    // Write and read records with Kafka's own clients at the brokers /v1/connection lists.
    String bootstrap = String.join(",", texts(awaitBrokers("kafka0", 3).path("brokers")));
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < QUICK_START_RECORDS; i++) {
        producer.send(new ProducerRecord<>("topic1", "record-" + i)).get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(consume(bootstrap, "topic1", QUICK_START_RECORDS)).hasSize(QUICK_START_RECORDS);

    DcosCli.Run describe = dcos.run("kafka", "topic", "describe", "topic1");
    assertThat(describe.exit()).as(describe.toString()).isZero();
    JsonNode partitions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(describe.out())
        .path("partitions");
    assertThat(partitions).hasSize(3);
    partitions.forEach(p -> p.fields().forEachRemaining(
        e -> assertThat(e.getValue().path("isr")).as("partition " + e.getKey()).hasSize(3)));
  }

  @Test
  @Order(3)
  void installsTheSampleBesideItWithItsOwnQuorumAndTopics() throws Exception {
    Path options = dcos.root().resolve("frameworks-descriptor/options-examples/sample-kafka-local.json");

    DcosCli.Run install = dcos.run("package", "install", "--options=" + options, "kafka");

    assertThat(install.exit()).as(install.toString()).isZero();
    JsonNode sample = awaitBrokers(SAMPLE, 3);
    Set<String> hosts = new HashSet<>();
    sample.path("brokers").forEach(b -> hosts.add(b.asText().split(":")[0]));
    assertThat(hosts).as("NODE placement: one broker per agent").hasSize(3);
    Set<String> controllerHosts = new HashSet<>();
    sample.path("controllers").forEach(c -> controllerHosts.add(c.asText().split(":")[0]));
    assertThat(controllerHosts).as("NODE placement: one controller per agent").hasSize(3);
    JsonNode kafka0 = awaitBrokers("kafka0", 3);
    assertThat(sample.path("controllers")).as("a quorum of its own")
        .doesNotContainAnyElementsOf(kafka0.path("controllers"));
    assertThat(frameworkIds()).containsKeys("kafka0", SAMPLE);

    try (AdminClient admin = admin(kafka0)) {
      KafkaAdmin.create(admin, new NewTopic("only-in-kafka0", 1, (short) 1));
      // any broker may answer listTopics, and its metadata follows the controller's a moment later
      Poll.untilTrue("only-in-kafka0 listed by kafka0's brokers", Duration.ofMinutes(1), () ->
          admin.listTopics().names().get(60, TimeUnit.SECONDS).contains("only-in-kafka0"));
    }
    try (AdminClient admin = admin(sample)) {
      assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
          .doesNotContain("only-in-kafka0");
    }
  }

  @Test
  @Order(4)
  void refusesBadOptionsAndANameAlreadyInstalledBeforeAnythingStarts() throws Exception {
    Path bad = workDir.resolve("bad.json");
    Files.writeString(bad, """
        {"kafka": {"framework-name": "bad-one", "broker-count": 0, "placement-strategy": "FOO"}}
        """);

    DcosCli.Run refused = dcos.run("package", "install", "--options=" + bad, "kafka");
    DcosCli.Run again = dcos.run("package", "install", "kafka");

    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("kafka.broker-count").contains("kafka.placement-strategy");
    assertThat(Json.get(mesos.masterUrl() + "/v2/apps/bad-one").status()).isEqualTo(404);
    assertThat(again.exit()).as(again.toString()).isNotZero();
    assertThat(again.err()).contains("kafka0").contains("already installed");
    assertThat(Json.get(mesos.masterUrl() + "/v2/apps").body().path("apps")).hasSize(2);
  }

  @Test
  @Order(5)
  void marathonUpdateRedeploysTheSchedulerAndAddsABrokerKeepingTheOthers() {
    Map<String, String> before = runningTasks("kafka0");
    String schedulerTask = schedulerTaskId("kafka0");
    assertThat(before).hasSize(3);

    DcosCli.Run update = dcos.run("marathon", "app", "update", "kafka0", "env.BROKER_COUNT=4");

    assertThat(update.exit()).as(update.toString()).isZero();
    Poll.untilTrue("kafka0's scheduler redeployed", UP,
        () -> !schedulerTask.equals(schedulerTaskId("kafka0")));
    awaitBrokers("kafka0", 4);
    Map<String, String> after = Poll.until("4 running broker tasks", UP, () -> {
      Map<String, String> running = runningTasks("kafka0");
      return running.size() == 4 ? Optional.of(running) : Optional.empty();
    });
    assertThat(after).hasSize(4).containsAllEntriesOf(before);
  }

  @Test
  @Order(6)
  void aKilledSchedulerIsRestartedByMarathonWithTheSameFrameworkAndBrokers() {
    String frameworkId = frameworkIds().get("kafka0");
    Map<String, String> tasks = runningTasks("kafka0");
    JsonNode task = Json.get(mesos.masterUrl() + "/v2/apps/kafka0").body().path("app")
        .path("tasks").get(0);
    ProcessHandle scheduler = ProcessHandle.of(task.path("pid").asLong()).orElseThrow();
    List<ProcessHandle> tree = new java.util.ArrayList<>(scheduler.descendants().toList());
    tree.add(scheduler);

    tree.forEach(ProcessHandle::destroyForcibly); // kill -9, no goodbye to Mesos

    Poll.untilTrue("Marathon to restart kafka0's scheduler", UP,
        () -> !task.path("id").asText().equals(schedulerTaskId("kafka0")));
    Poll.untilTrue("kafka0 re-registered and serving", UP, () -> {
      JsonNode framework = framework("kafka0").orElseThrow();
      return framework.path("active").asBoolean()
          && Json.get(serviceUrl("kafka0") + "/v1/connection").status() == 200;
    });
    assertThat(frameworkIds()).containsEntry("kafka0", frameworkId);
    assertThat(awaitBrokers("kafka0", 4).path("brokers")).hasSize(4);
    assertThat(runningTasks("kafka0")).isEqualTo(tasks);
  }

  @Test
  @Order(7)
  void uninstallRemovesTheAppTearsTheFrameworkDownAndKeepsItsZooKeeperNode() throws Exception {
    String frameworkId = frameworkIds().get(SAMPLE);
    Map<String, String> kafka0 = runningTasks("kafka0");
    // a broker's command line names its executor: broker-N__executor__<uuid> for task broker-N__<uuid>
    List<String> sampleExecutors = runningTasks(SAMPLE).keySet().stream()
        .map(id -> id.replace("__", "__executor__")).toList();
    assertThat(sampleExecutors).hasSize(3);
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .filter(c -> c.contains("kafka.Kafka") && sampleExecutors.stream().anyMatch(c::contains))
        .isPresent()).count()).as("the sample's broker processes").isEqualTo(3);

    DcosCli.Run uninstall = dcos.run("package", "uninstall", "--app-id=" + SAMPLE, "kafka");

    assertThat(uninstall.exit()).as(uninstall.toString()).isZero();
    assertThat(uninstall.out()).contains("Tore down").contains("/" + SAMPLE);
    assertThat(Json.get(mesos.masterUrl() + "/v2/apps/" + SAMPLE).status()).isEqualTo(404);
    JsonNode state = state();
    assertThat(state.path("frameworks")).noneMatch(f -> f.path("id").asText().equals(frameworkId));
    assertThat(state.path("completed_frameworks"))
        .anyMatch(f -> f.path("id").asText().equals(frameworkId));
    Poll.untilTrue("the sample's brokers to stop", UP, () -> ProcessHandle.allProcesses()
        .noneMatch(p -> p.info().commandLine().filter(c -> c.contains("kafka.Kafka")
            && sampleExecutors.stream().anyMatch(c::contains)).isPresent()));
    assertThat(Json.get(serviceUrl(SAMPLE) + "/v1/connection").status()).isEqualTo(404);
    assertThat(zkExists("/" + SAMPLE)).isTrue();
    assertThat(runningTasks("kafka0")).isEqualTo(kafka0);
  }

  // ---- helpers ----

  private String serviceUrl(String name) {
    return mesos.masterUrl() + "/service/" + name;
  }

  private JsonNode awaitBrokers(String name, int count) {
    return Poll.until(count + " brokers in " + serviceUrl(name) + "/v1/connection", UP, () -> {
      Json.Answer answer = Json.get(serviceUrl(name) + "/v1/connection");
      return answer.status() == 200 && answer.body().path("brokers").size() == count
          ? Optional.of(answer.body()) : Optional.empty();
    });
  }

  private JsonNode state() {
    return Json.get(mesos.masterUrl() + "/master/state").body();
  }

  private Optional<JsonNode> framework(String name) {
    for (JsonNode f : state().path("frameworks")) {
      if (f.path("name").asText().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private Map<String, String> frameworkIds() {
    Map<String, String> ids = new TreeMap<>();
    state().path("frameworks").forEach(f -> ids.put(f.path("name").asText(), f.path("id").asText()));
    return ids;
  }

  /** Task id → agent of the framework's running tasks. */
  /** The framework's running broker tasks (its controllers' aside), by task id: agent id. */
  private Map<String, String> runningTasks(String name) {
    Map<String, String> tasks = new TreeMap<>();
    framework(name).ifPresent(f -> f.path("tasks").forEach(t -> {
      if (t.path("state").asText().equals("TASK_RUNNING") && t.path("id").asText().startsWith("broker-")) {
        tasks.put(t.path("id").asText(), t.path("slave_id").asText());
      }
    }));
    return tasks;
  }

  private String schedulerTaskId(String app) {
    return Json.get(mesos.masterUrl() + "/v2/apps/" + app).body().path("app").path("tasks")
        .path(0).path("id").asText("");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static Set<String> consume(String bootstrap, String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "quick-start");
    Set<String> values = new HashSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofSeconds(1)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }

  private static AdminClient admin(JsonNode connection) {
    Properties props = new Properties();
    List<String> brokers = new java.util.ArrayList<>();
    connection.path("brokers").forEach(b -> brokers.add(b.asText()));
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    return AdminClient.create(props);
  }

  private boolean zkExists(String path) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(mesos.zkConnect(), 30_000, e -> {
      if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
      return zk.exists(path, false) != null;
    } finally {
      zk.close();
    }
  }
}
