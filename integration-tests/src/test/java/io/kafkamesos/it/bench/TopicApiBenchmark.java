package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.measure;
import static io.kafkamesos.it.bench.BenchSupport.ratio;

import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import io.kafkamesos.it.bench.BenchSupport.Latency;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Issue 4's benchmark, on one three-broker cluster on mesos-local: p50/p99 latency and requests per
 * second of {@code GET /v1/topics} and {@code GET /v1/topics/{name}} against the same question asked
 * straight with Kafka's admin client; and the producer test's records/s against Kafka's own
 * {@code ProducerPerformance} (kafka-tools 2.4.1, as a child process on the distribution's jars)
 * with the same record count, size and acks. Prints figures; never fails on a number.
 */
public final class TopicApiBenchmark {
  private static final int TOPICS = 20;
  private static final int WARMUP = 300;
  private static final int REQUESTS = 2000;
  private static final int RECORDS = 100_000;
  private static final int RECORD_BYTES = 512;
  private static final int ROUNDS = 3;
  private static final Pattern RECORDS_PER_SECOND = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

  private TopicApiBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3)) {
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", "kafka0",
          "BROKER_COUNT", "3", "PLACEMENT_STRATEGY", "ANY"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      String bootstrap = Poll.until("3 brokers", LocalCluster.BROKERS_UP, () -> {
        Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/connection");
        List<String> brokers = new ArrayList<>();
        answer.body().path("brokers").forEach(b -> brokers.add(b.asText()));
        return brokers.size() == 3 ? Optional.of(String.join(",", brokers)) : Optional.empty();
      });
      for (int i = 0; i < TOPICS; i++) {
        require(Json.post(scheduler.apiUrl() + "/v1/topics?name=bench" + i + "&partitions=3&replication=3"));
      }
      List<Latency> latencies = reads(scheduler.apiUrl(), bootstrap);
      List<double[]> producer = producerRounds(scheduler.apiUrl(), bootstrap, cluster.workDir());
      print(latencies, producer);
    }
  }

  /** API and admin client, each asked the same two questions in a row, interleaved per question. */
  private static List<Latency> reads(String api, String bootstrap) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest list = HttpRequest.newBuilder(URI.create(api + "/v1/topics")).GET().build();
    HttpRequest describe = HttpRequest.newBuilder(URI.create(api + "/v1/topics/bench7")).GET().build();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (AdminClient admin = AdminClient.create(props)) {
      List<Latency> results = new ArrayList<>();
      results.add(measure("GET /v1/topics (API)", WARMUP, REQUESTS, () -> send(http, list)));
      results.add(measure("listTopics (admin client)", WARMUP, REQUESTS,
          () -> admin.listTopics().names().get(30, TimeUnit.SECONDS)));
      results.add(measure("GET /v1/topics/{name} (API)", WARMUP, REQUESTS, () -> send(http, describe)));
      results.add(measure("describeTopics (admin client)", WARMUP, REQUESTS,
          () -> admin.describeTopics(List.of("bench7")).allTopicNames().get(30, TimeUnit.SECONDS)));
      return results;
    }
  }

  private static void send(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Rounds of {API producer test, ProducerPerformance}: records/s of each, on twin topics. */
  private static List<double[]> producerRounds(String api, String bootstrap, Path workDir) throws Exception {
    require(Json.post(api + "/v1/topics?name=perf-api&partitions=3&replication=3"));
    require(Json.post(api + "/v1/topics?name=perf-kafka&partitions=3&replication=3"));
    Path kafka = io.kafkamesos.commons.kafka.KafkaDistributions.dir("2.4.1"); // kafka-tools 2.4.1 runs on its jars
    List<double[]> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Json.Answer answer = Json.put(api + "/v1/topics/perf-api?operation=producer-test&messages=" + RECORDS
          + "&size=" + RECORD_BYTES + "&acks=1");
      double viaApi = recordsPerSecond(require(answer).body().path("stdout").asText());
      double viaKafka = recordsPerSecond(producerPerformance(kafka, bootstrap, workDir));
      rounds.add(new double[] {viaApi, viaKafka});
    }
    return rounds;
  }

  private static String producerPerformance(Path kafka, String bootstrap, Path workDir) throws Exception {
    String tools = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("kafka-tools-2.4.1") || p.contains("argparse4j"))
        .reduce((a, b) -> a + File.pathSeparator + b)
        .orElseThrow(() -> new IllegalStateException("kafka-tools 2.4.1 is not on the classpath; run with -Pbench"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path out = workDir.resolve("producer-performance.txt");
    Process process = new ProcessBuilder(java, "-Xmx256m",
        "-Dlog4j.configuration=file:" + kafka.resolve("config/log4j.properties"),
        "-cp", kafka.resolve("libs") + "/*" + File.pathSeparator + tools,
        "org.apache.kafka.tools.ProducerPerformance", "--topic", "perf-kafka",
        "--num-records", Integer.toString(RECORDS), "--record-size", Integer.toString(RECORD_BYTES),
        "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=1")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("ProducerPerformance failed:\n" + Files.readString(out));
    }
    // The summary is the line with percentiles; the periodic progress lines have none.
    return Files.readAllLines(out).stream().filter(l -> l.contains("records sent") && l.contains("50th"))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalStateException("no summary from ProducerPerformance in " + out));
  }

  private static double recordsPerSecond(String line) {
    Matcher m = RECORDS_PER_SECOND.matcher(line);
    if (!m.find() || Integer.parseInt(m.group(1)) != RECORDS) {
      throw new IllegalStateException("not a summary of " + RECORDS + " records: " + line);
    }
    return Double.parseDouble(m.group(2));
  }

  private static Json.Answer require(Json.Answer answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException("the API answered " + answer);
    }
    return answer;
  }

  private static void print(List<Latency> l, List<double[]> producer) {
    StringBuilder out = new StringBuilder("\n### Topic API (issue 4)\n\n");
    out.append(String.format(Locale.ROOT, "%d sequential requests after %d warm-up ones, one client, %d topics "
        + "of 3 partitions × 3 replicas, `describe` of one of them.%n%n", REQUESTS, WARMUP, TOPICS));
    out.append("| operation | p50 | p99 | req/s |\n|---|---|---|---|\n");
    for (Latency latency : l) {
      out.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.0f |%n", latency.name(),
          latency.p50Ms(), latency.p99Ms(), latency.perSecond()));
    }
    out.append("\n| API ÷ admin client | p50 | p99 | req/s |\n|---|---|---|---|\n");
    for (int i = 0; i < l.size(); i += 2) {
      out.append(String.format(Locale.ROOT, "| %s | %s× | %s× | %s× |%n", l.get(i).name().replace(" (API)", ""),
          ratio(l.get(i).p50Ms(), l.get(i + 1).p50Ms()), ratio(l.get(i).p99Ms(), l.get(i + 1).p99Ms()),
          ratio(l.get(i).perSecond(), l.get(i + 1).perSecond())));
    }
    out.append(String.format(Locale.ROOT, "%n%d records of %d bytes, acks=1, to a topic of 3 partitions × 3 "
        + "replicas, %d rounds alternated:%n%n| round | producer test (API) | ProducerPerformance | ratio |%n"
        + "|---|---|---|---|%n", RECORDS, RECORD_BYTES, ROUNDS));
    double[] sum = new double[2];
    for (int i = 0; i < producer.size(); i++) {
      double[] r = producer.get(i);
      sum[0] += r[0];
      sum[1] += r[1];
      out.append(String.format(Locale.ROOT, "| %d | %.0f rec/s | %.0f rec/s | %s× |%n", i + 1, r[0], r[1],
          ratio(r[0], r[1])));
    }
    out.append(String.format(Locale.ROOT, "| mean | %.0f rec/s | %.0f rec/s | %s× |%n", sum[0] / producer.size(),
        sum[1] / producer.size(), ratio(sum[0], sum[1])));
    System.out.println(out);
  }
}
