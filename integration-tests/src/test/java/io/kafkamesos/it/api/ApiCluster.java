package io.kafkamesos.it.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One live three-broker cluster ({@code kafka0}, three mesos-local agents, the scheduler as its own
 * process) shared by every API test class of a run; {@link ApiClusterExtension} starts it for the
 * first class that asks and JUnit closes it when the run ends.
 */
final class ApiCluster implements ExtensionContext.Store.CloseableResource {
  static final String NAME = "kafka0";
  static final int BROKERS = 3;

  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  private DcosCli cli;
  private Path cliDir;
  private volatile boolean keepLogs;

  private ApiCluster() {
  }

  /** Starts a cluster and waits until it is healthy; stops what it started if that fails. */
  static ApiCluster start() {
    ApiCluster shared = new ApiCluster();
    try {
      shared.startProcesses();
      return shared;
    } catch (Exception | AssertionError e) {
      shared.close();
      throw new IllegalStateException("could not start the cluster of the API tests", e);
    }
  }

  private void startProcesses() throws Exception {
    cluster = LocalCluster.start(BROKERS);
    scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", NAME, "BROKER_COUNT",
        Integer.toString(BROKERS), "PLACEMENT_STRATEGY", "ANY"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    cliDir = Files.createTempDirectory("dcos-cli-");
    cli = DcosCli.direct(scheduler.apiUrl(), cliDir);
    awaitHealthy();
  }

  /** All brokers registered and no partition short of replicas: what a test may start from. */
  void awaitHealthy() {
    Poll.untilTrue(BROKERS + " brokers registered and every partition fully replicated",
        LocalCluster.BROKERS_UP, () -> connection().path("brokers").size() == BROKERS
            && Json.get(url("/v1/topics/under_replicated_partitions")).body().path("stdout").asText().isEmpty());
  }

  String apiUrl() {
    return scheduler.apiUrl();
  }

  /** {@code apiUrl + path}. */
  String url(String path) {
    return scheduler.apiUrl() + path;
  }

  DcosCli cli() {
    return cli;
  }

  LocalCluster local() {
    return cluster;
  }

  SchedulerProcess scheduler() {
    return scheduler;
  }

  /**
   * A new admin client on the brokers as they are now (a restart may move a broker to another
   * port), to see the cluster's state apart from the API; the caller closes it.
   */
  AdminClient newAdmin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    return AdminClient.create(props);
  }

  JsonNode connection() {
    Json.Answer answer = Json.get(url("/v1/connection"));
    if (answer.status() != 200) {
      throw new AssertionError("/v1/connection answered " + answer);
    }
    return answer.body();
  }

  String bootstrap() {
    List<String> brokers = new ArrayList<>();
    connection().path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }

  /** The id of the task that broker {@code id} runs as now, as the master sees it. */
  Optional<String> runningTask(int id) {
    return cluster.tasks(NAME).entrySet().stream()
        .filter(e -> e.getKey().startsWith("broker-" + id + "__") && e.getValue().equals("TASK_RUNNING"))
        .map(Map.Entry::getKey).findFirst();
  }

  /** A test failed: {@link #close} copies the scheduler's and the sandboxes' logs into target/it-logs. */
  void keepLogsOnClose() {
    keepLogs = true;
  }

  private void keepLogs(Path dir) {
    try {
      cluster.keepSandboxLogs(dir);
      System.err.println("[ApiCluster] a test failed; the cluster's logs are in " + dir.toAbsolutePath());
    } catch (IOException e) {
      System.err.println("[ApiCluster] could not keep the logs in " + dir + ": " + e);
    }
  }

  @Override
  public void close() {
    try {
      if (cluster != null) {
        if (keepLogs) {
          keepLogs(Path.of("target", "it-logs", "ApiCluster"));
        }
        cluster.close();
        cluster = null;
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the cluster of the API tests", e);
    } finally {
      if (cliDir != null) {
        LocalCluster.deleteRecursively(cliDir);
        cliDir = null;
      }
    }
  }
}
