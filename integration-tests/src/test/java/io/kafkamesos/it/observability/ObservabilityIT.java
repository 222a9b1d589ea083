package io.kafkamesos.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.PrometheusText;
import io.kafkamesos.it.SchedulerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import io.kafkamesos.commons.observability.UdpListener;

/**
 * Issue 8 end to end: one broker on mesos-local, with a real syslog server and a real statsd server
 * (UDP on loopback) receiving from the scheduler, the executor and the broker; the health checks and
 * the status page (in headless Chromium) while the broker is killed and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
  private static final String FRAMEWORK = "watch0";
  private static final Duration RECEIVE = Duration.ofMinutes(2);
  private static final Pattern TASK_ID = Pattern.compile("broker-0__[0-9a-f-]{36}");

  private UdpListener syslog;
  private UdpListener statsd;
  private LocalCluster cluster;
  private SchedulerProcess scheduler;

  @BeforeAll
  void startCluster() throws Exception {
    syslog = new UdpListener();
    statsd = new UdpListener();
    cluster = LocalCluster.start(1);
    scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", FRAMEWORK, "BROKER_COUNT", "1",
        "SYSLOG_HOST", "127.0.0.1", "SYSLOG_PORT", Integer.toString(syslog.port()),
        "SYSLOG_FACILITY", "local3",
        "STATSD_HOST", "127.0.0.1", "STATSD_PORT", Integer.toString(statsd.port()),
        "STATSD_PREFIX", "it", "STATSD_INTERVAL_SECONDS", "2"));
    scheduler.awaitApi(Duration.ofMinutes(2));
    try {
      Poll.untilTrue("broker 0 registered", LocalCluster.BROKERS_UP, () -> {
        Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
        return answer.status() == 200 && answer.body().path("brokers").size() == 1;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
    }
  }

  /** The scheduler's log and each sandbox's output, to see why a broker did not come up. */
  private String diagnostics() {
    StringBuilder out = new StringBuilder("scheduler log:\n")
        .append(SchedulerProcess.tail(scheduler.logText(), 40));
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(cluster.workDir())) {
      files.filter(f -> List.of("stdout", "stderr", "broker.log")
              .contains(f.getFileName().toString()))
          .limit(9)
          .forEach(f -> {
            try {
              out.append("\n--- ").append(f).append(":\n")
                  .append(SchedulerProcess.tail(java.nio.file.Files.readString(f), 25));
            } catch (java.io.IOException e) {
              out.append("\n--- ").append(f).append(": ").append(e);
            }
          });
    } catch (java.io.IOException | RuntimeException e) {
      out.append("\n(cannot list the sandboxes: ").append(e).append(')');
    }
    return out.toString();
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (syslog != null) {
        syslog.close();
      }
      if (statsd != null) {
        statsd.close();
      }
    }
  }

  @Test
  @Order(1)
  void syslogGetsTheSchedulerTheExecutorAndTheBrokerNamingFrameworkBrokerAndTask() {
    // LOCAL3 (19) * 8 + severity: <152> .. <159>
    String schedulerLine = awaitLine(syslog, "a scheduler line",
        l -> l.startsWith("<15") && l.contains("kafka-scheduler: framework=" + FRAMEWORK + " INFO"));
    String executorLine = awaitLine(syslog, "an executor line", l -> l.contains(
        "kafka-executor: framework=" + FRAMEWORK + " broker=0 task=broker-0__"));
    String brokerLine = awaitLine(syslog, "a broker line", l -> l.contains(
        "kafka-broker: framework=" + FRAMEWORK + " broker=0 task=broker-0__"));

    assertThat(schedulerLine).matches("<15[2-9]>.*");
    assertThat(taskIdIn(executorLine)).isEqualTo(taskIdIn(brokerLine));
    awaitLine(syslog, "the broker's 'started' line", l -> l.contains("kafka-broker: framework="
        + FRAMEWORK) && l.contains("started (kafka.server.KafkaServer)"));
  }

  @Test
  @Order(2)
  void statsdGetsTheSchedulersAndTheBrokersMetrics() {
    String prefix = "it." + FRAMEWORK + ".";
    awaitLine(statsd, "the scheduler's running gauge",
        l -> l.equals(prefix + "scheduler.kafka.scheduler.brokers.running:1|g"));
    awaitLine(statsd, "the cluster's registered gauge",
        l -> l.equals(prefix + "scheduler.kafka.cluster.brokers.registered:1|g"));
    awaitLine(statsd, "the broker's controller gauge",
        l -> l.equals(prefix + "broker.0.active_controller_count:1|g"));
    List<String> broker = statsd.lines().stream().filter(l -> l.startsWith(prefix + "broker.0."))
        .map(l -> l.substring((prefix + "broker.0.").length(), l.indexOf(':'))).distinct().toList();
    assertThat(broker).contains("messages_in_per_sec", "bytes_in_per_sec", "bytes_out_per_sec",
        "under_replicated_partitions", "offline_partitions_count", "produce_total_time_ms_p99",
        "isr_shrinks_per_sec", "isr_expands_per_sec");
    assertThat(statsd.lines()).filteredOn(l -> l.startsWith(prefix + "broker.0.under_replicated"))
        .allMatch(l -> l.endsWith(":0|g"));
  }

  @Test
  @Order(3)
  void theAdminPortHasTheClusterGaugesAndAHealthyCluster() {
    // /metrics is Prometheus' text format, read here by Prometheus' own parser
    PrometheusText parser = PrometheusText.findOrInstall(cluster.workDir());
    List<PrometheusText.Sample> samples = parser.parse(Json.text(scheduler.adminUrl() + "/metrics"));
    assertThat(PrometheusText.value(samples, "kafka_cluster_brokers_registered", Map.of())).contains(1.0);
    assertThat(PrometheusText.value(samples, "kafka_cluster_controller", Map.of())).contains(0.0);
    assertThat(PrometheusText.value(samples, "kafka_cluster_partitions_offline", Map.of())).contains(0.0);
    assertThat(PrometheusText.value(samples, "kafka_scheduler_brokers_running", Map.of())).contains(1.0);
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).startsWith("jvm_memory_heap"));

    // broker 0's metrics as its executor reports them over Mesos, labelled by broker id
    Map<String, String> broker0 = Map.of("broker", "0");
    List<PrometheusText.Sample> withBroker = Poll.until("broker 0's metrics on /metrics",
        Duration.ofMinutes(1), () -> {
          List<PrometheusText.Sample> now = parser.parse(Json.text(scheduler.adminUrl() + "/metrics"));
          return PrometheusText.value(now, "kafka_broker_active_controller_count", broker0).isPresent()
              ? Optional.of(now) : Optional.empty();
        });
    assertThat(PrometheusText.value(withBroker, "kafka_broker_active_controller_count", broker0)).contains(1.0);
    assertThat(PrometheusText.value(withBroker, "kafka_broker_under_replicated_partitions", broker0))
        .contains(0.0);
    for (String metric : List.of("messages_in_per_sec", "bytes_in_per_sec", "bytes_out_per_sec",
        "offline_partitions_count", "partition_count", "leader_count")) {
      assertThat(PrometheusText.value(withBroker, "kafka_broker_" + metric, broker0)).as(metric).isPresent();
    }
    assertThat(PrometheusText.value(withBroker, "kafka_broker_metrics_age_seconds", broker0))
        .hasValueSatisfying(age -> assertThat(age).isBetween(0.0, 30.0));
    assertThat(withBroker).filteredOn(s -> s.name().startsWith("kafka_broker_"))
        .allSatisfy(s -> assertThat(s.labels()).isEqualTo(broker0));
    // the JSON of Dropwizard's metrics is still there, at /metrics.json
    JsonNode gauges = Json.get(scheduler.adminUrl() + "/metrics.json").body().path("gauges");
    assertThat(gauges.path("kafka.cluster.brokers.registered").path("value").asInt()).isEqualTo(1);

    JsonNode health = Poll.until("all checks healthy", Duration.ofMinutes(1), () -> {
      Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
      return answer.status() == 200 ? Optional.of(answer.body()) : Optional.empty();
    });
    for (String check : List.of("mesos", "zookeeper", "brokers", "partitions")) {
      assertThat(health.path(check).path("healthy").asBoolean()).as(check).isTrue();
      assertThat(health.path(check).path("severity").asText()).as(check).isEqualTo("healthy");
    }
  }

  @Test
  @Order(4)
  void theStatusPageShowsTheBrokerAndReactsWhenItIsKilled() throws Exception {
    Chromium chromium = Chromium.require(cluster.workDir()); // fails (not skips) without one
    String page = scheduler.apiUrl() + "/status";
    // as DC/OS and kafka-local show it: behind the proxy, where root-relative URLs would miss
    String proxied = cluster.mesos().masterUrl() + "/service/" + FRAMEWORK + "/";
    for (String url : List.of(proxied, page)) {
      String dom = Poll.until("the page at " + url + " to show broker 0 RUNNING", Duration.ofMinutes(2),
          () -> {
            String now = chromium.dumpDom(url, 4000);
            return now.contains("data-broker=\"0\" data-state=\"RUNNING\"") ? Optional.of(now)
                : Optional.empty();
          });
      // the page's "Cannot reach the scheduler" line stays hidden: its fetches reached the API
      assertThat(dom).as(url).contains(FRAMEWORK).contains("127.0.0.1:")
          .contains("<div id=\"stale\" style=\"display: none;\"></div>");
    }
    chromium.screenshot(proxied, Path.of("target", "status-page-behind-service-proxy.png"), 4000);

    String before = Poll.until("the page to show broker 0 RUNNING", Duration.ofMinutes(2), () -> {
      String dom = chromium.dumpDom(page, 4000);
      return dom.contains("data-broker=\"0\" data-state=\"RUNNING\"") ? Optional.of(dom)
          : Optional.empty();
    });
    assertThat(before).contains(FRAMEWORK).contains("127.0.0.1:");
    String firstTask = taskIdInBrokerRow(before);
    chromium.screenshot(page, Path.of("target", "status-page-running.png"), 4000);

    ProcessHandle broker = cluster.brokerProcess(firstTask.replace("broker-0__",
        "broker-0__executor__")).orElseThrow(() -> new AssertionError("no broker JVM runs"));
    broker.destroyForcibly();

    JsonNode health = Poll.until("the health check to report broker 0 down", Duration.ofMinutes(1),
        () -> {
          Json.Answer answer = Json.get(scheduler.adminUrl() + "/healthcheck");
          JsonNode brokers = answer.body().path("brokers");
          return answer.status() == 500 && !brokers.path("healthy").asBoolean()
              ? Optional.of(brokers) : Optional.empty();
        });
    assertThat(health.path("severity").asText()).isEqualTo("error");
    assertThat(health.path("message").asText()).contains("broker 0");

    String after = Poll.until("the page to show the failure and broker 0 back on a new task",
        LocalCluster.BROKERS_UP, () -> {
          String dom = chromium.dumpDom(page, 4000);
          return dom.contains("data-kind=\"failure\"")
              && dom.contains("data-broker=\"0\" data-state=\"RUNNING\"")
              && !taskIdInBrokerRow(dom).equals(firstTask) ? Optional.of(dom) : Optional.empty();
        });
    assertThat(after).contains("broker 0 failed (task " + firstTask + ")");
    chromium.screenshot(page, Path.of("target", "status-page-after-kill.png"), 4000);
  }

  private static String awaitLine(UdpListener server, String what,
      java.util.function.Predicate<String> matcher) {
    return Poll.until(what + " (received " + server.lines().size() + " lines)", RECEIVE,
        () -> server.lines().stream().filter(matcher).findFirst());
  }

  private static String taskIdIn(String text) {
    Matcher m = TASK_ID.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no task id of broker 0 in: " + text);
    }
    return m.group();
  }

  /** The task id in broker 0's row of the page. */
  private static String taskIdInBrokerRow(String dom) {
    int row = dom.indexOf("data-broker=\"0\"");
    return row < 0 ? "" : taskIdIn(dom.substring(row, dom.indexOf("</tr>", row)));
  }
}
