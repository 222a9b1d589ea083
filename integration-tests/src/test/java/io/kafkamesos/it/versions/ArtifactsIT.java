package io.kafkamesos.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.commons.kafka.KafkaDistributions;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12 item 6: {@code KAFKA_URI} takes an archive laid out as Apache's own, {@code JAVA_URI}
 * ships the Java the executor and the broker run on, and an archive the executor cannot run fails
 * the task with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactsIT {

  private static final String JRE = "jre-17-it";

  private LocalCluster cluster;
  private Path workDir;

  @BeforeAll
  void start() throws Exception {
    workDir = Files.createTempDirectory("kafka-artifacts-it-");
    cluster = LocalCluster.start(2);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (workDir != null) {
        LocalCluster.deleteRecursively(workDir); // the archives and clients' output made here
      }
    }
  }

  @Test
  void aBrokerRunsFromApachesArchiveLayoutOnTheJavaOfJavaUri() throws Exception {
    Path archive = Archives.apacheLayout(KafkaDistributions.dir("3.9.1"), workDir);
    assertThat(archive.getFileName().toString()).isEqualTo("kafka_2.13-3.9.1.tgz");
    Path jre = Archives.jre(workDir, JRE);
    SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "apache",
        "BROKER_COUNT", "1", "KAFKA_VERSION", "3.9.1", "KAFKA_URI", archive.toUri().toString(),
        "JAVA_URI", jre.toUri().toString()));
    scheduler.awaitApi(Duration.ofMinutes(2));

    Poll.untilTrue("broker 0 in /v1/connection", LocalCluster.BROKERS_UP,
        () -> Json.get(scheduler.apiUrl() + "/v1/connection").body().path("brokers").size() == 1);

    String task = cluster.tasks("apache").keySet().iterator().next();
    String executorId = task.replaceFirst("__", "__executor__");
    ProcessHandle broker = cluster.brokerProcess(executorId)
        .orElseThrow(() -> new AssertionError("no broker JVM of " + task));
    String java = broker.info().command().orElseThrow();
    assertThat(java).as("the broker's java").endsWith("/" + JRE + "/bin/java").contains(executorId);
    ProcessHandle executor = broker.parent().orElseThrow();
    assertThat(executor.info().command()).as("the executor's java").contains(java);
    String commandLine = broker.info().commandLine().orElseThrow();
    assertThat(commandLine).contains("/kafka_2.13-3.9.1/libs/*");
    // Apache's logging configuration writes server.log into kafka.logs.dir, in the sandbox
    String logsDir = commandLine.replaceAll(".*-Dkafka\\.logs\\.dir=(\\S+).*", "$1");
    Poll.untilTrue("Apache's server.log in " + logsDir, Duration.ofSeconds(30),
        () -> Files.size(Path.of(logsDir, "server.log")) > 0);

    // registered in ZooKeeper comes a moment before the executor reports the task running
    JsonNode version = Poll.until("broker 0 running in /v1/version", Duration.ofMinutes(1), () -> {
      JsonNode v = Json.get(scheduler.apiUrl() + "/v1/version").body();
      return v != null && v.path("brokers").has("0") ? Optional.of(v) : Optional.empty();
    });
    assertThat(version.path("kafka_version").asText()).isEqualTo("3.9.1");
    assertThat(version.path("brokers").path("0").asText()).isEqualTo("3.9.1");
    assertThat(Json.post(scheduler.apiUrl() + "/v1/topics?name=t&partitions=1&replication=1").status())
        .isEqualTo(200);
    assertThat(Json.put(scheduler.apiUrl() + "/v1/topics/t?operation=producer-test&messages=20")
        .body().path("stdout").asText()).startsWith("20 records sent");
  }

  @Test
  void archivesTheExecutorCannotRunFailTheTaskWithTheReason() throws Exception {
    Path flat = Archives.withoutTopFolder(KafkaDistributions.dir("3.9.1"), workDir);
    SchedulerProcess noTop = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "flat",
        "BROKER_COUNT", "1", "KAFKA_VERSION", "3.9.1", "KAFKA_URI", flat.toUri().toString()));
    // a 2.4.1 archive for a cluster of 3.9.1
    SchedulerProcess mismatch = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "mismatch",
        "BROKER_COUNT", "1", "KAFKA_VERSION", "3.9.1",
        "KAFKA_URI", KafkaDistributions.archive("2.4.1").toUri().toString()));

    Poll.untilTrue("the task of flat failed with the reason", LocalCluster.BROKERS_UP,
        () -> noTop.logText().contains("TASK_FAILED")
            && noTop.logText().contains("the Kafka archive has no top folder"));
    Poll.untilTrue("the task of mismatch failed with the reason", LocalCluster.BROKERS_UP,
        () -> mismatch.logText().contains("the Kafka archive holds Kafka 2.4.1")
            && mismatch.logText().contains("the cluster runs Kafka 3.9.1"));
    assertThat(cluster.tasks("flat").values()).doesNotContain("TASK_RUNNING");
    assertThat(Optional.ofNullable(Json.get(mismatch.apiUrl() + "/v1/version").body())
        .map(v -> v.path("brokers").size())).contains(0);
  }
}
