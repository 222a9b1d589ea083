package io.kafkamesos.it.bench;

import static io.kafkamesos.it.bench.BenchSupport.await;
import static io.kafkamesos.it.bench.BenchSupport.seconds;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.SchedulerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Issue 7's benchmark: the time from an agent's death to a fully replicated cluster again, with the
 * broker on that agent replaced automatically on another one. Three brokers with persistent volumes
 * on four agents (NODE placement), a topic of 6 partitions with replication 3 holding
 * {@value #MEGABYTES} MB; the agent of broker 2 dies (mesos-local's stopAgent: SIGKILL of its
 * processes, silence towards the master). Prints each phase as seen from outside; never fails on a
 * number. The first phase is the master's agent ping timeout (mesos-local's default; Mesos' is 75 s).
 */
public final class AgentReplaceBenchmark {
  private static final String NAME = "replace0";
  private static final String TOPIC = "replicated";
  private static final int MEGABYTES = 100;
  private static final int RECORD_BYTES = 10 * 1024;
  private static final Duration UP = Duration.ofMinutes(5);

  private AgentReplaceBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, Duration> phases = new LinkedHashMap<>();
    Duration pingTimeout;
    try (LocalCluster cluster = LocalCluster.start(4)) {
      pingTimeout = cluster.mesos().config().agentPingTimeout();
      SchedulerProcess scheduler = cluster.startScheduler(Map.of("FRAMEWORK_NAME", NAME,
          "BROKER_COUNT", "3", "BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE",
          "BROKER_DISK", "1000", "BROKER_LOST_GRACE_SECONDS", "1", "BROKER_AUTO_REPLACE_SECONDS", "1"));
      scheduler.awaitApi(UP);
      await("3 brokers registered", UP, () -> registeredHost(scheduler, 0) != null
          && registeredHost(scheduler, 1) != null && registeredHost(scheduler, 2) != null);
      String bootstrap = KafkaAdmin.bootstrap(scheduler.apiUrl());
      try (AdminClient admin = KafkaAdmin.admin(bootstrap)) {
        KafkaAdmin.create(admin, new NewTopic(TOPIC, 6, (short) 3));
        fill(bootstrap);
        await(TOPIC + " fully replicated", UP, () -> fullyReplicated(admin));

        String host = registeredHost(scheduler, 2);
        String oldTask = liveTask(cluster, 2);
        long dead = System.nanoTime();
        cluster.mesos().stopAgent(host);
        await("the master to find the agent unreachable", UP,
            () -> !oldTask.equals(liveTask(cluster, 2)));
        long unreachable = System.nanoTime();
        await("broker 2 relaunched elsewhere", UP, () -> liveTask(cluster, 2) != null);
        long launched = System.nanoTime();
        await("broker 2 registered on another host", UP, () -> {
          String now = registeredHost(scheduler, 2);
          return now != null && !now.equals(host);
        });
        long registered = System.nanoTime();
        await(TOPIC + " fully replicated again", UP, () -> fullyReplicated(admin));
        long replicated = System.nanoTime();

        phases.put("agent death -> master marks it unreachable (ping timeout)", between(dead, unreachable));
        phases.put("unreachable -> broker 2 launched on another agent (lost, auto-replace after 1 s)",
            between(unreachable, launched));
        phases.put("launched -> registered in Kafka", between(launched, registered));
        phases.put("registered -> every partition back to 3 in-sync replicas (" + MEGABYTES + " MB copied)",
            between(registered, replicated));
        phases.put("total: agent death -> fully replicated", between(dead, replicated));
        phases.put("total less the ping timeout", between(unreachable, replicated));
        cluster.mesos().startAgent(host); // its abandoned reservation is released; all stop cleanly
      }
    }
    System.out.println();
    System.out.println("Agent death to a fully replicated cluster, automatic replace (mesos-local agent ping timeout "
        + seconds(pingTimeout) + "):");
    phases.forEach((phase, d) -> System.out.println(String.format(Locale.ROOT, "  %-95s %8s", phase, seconds(d))));
  }

  private static Duration between(long from, long to) {
    return Duration.ofNanos(to - from);
  }

  /** Writes {@link #MEGABYTES} MB with acks=all. */
  private static void fill(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    byte[] value = new byte[RECORD_BYTES];
    Arrays.fill(value, (byte) 'k');
    int records = MEGABYTES * 1024 * 1024 / RECORD_BYTES;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        sent.add(producer.send(new ProducerRecord<>(TOPIC, value)));
      }
      for (var f : sent) {
        f.get(2, TimeUnit.MINUTES);
      }
    }
  }

  private static boolean fullyReplicated(AdminClient admin) {
    try {
      return KafkaAdmin.fullyReplicated(admin, TOPIC, 3);
    } catch (Exception e) {
      return false;
    }
  }

  /** The broker's task that is not terminal in the master's view, or null. */
  private static String liveTask(LocalCluster cluster, int brokerId) {
    for (var entry : cluster.tasks(NAME).entrySet()) {
      boolean live = List.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING").contains(entry.getValue());
      if (live && BrokerTaskId.parse(entry.getKey()).map(t -> t.brokerId() == brokerId).orElse(false)) {
        return entry.getKey();
      }
    }
    return null;
  }

  private static String registeredHost(SchedulerProcess scheduler, int id) {
    Json.Answer answer = Json.get(scheduler.apiUrl() + "/v1/brokers/" + id);
    return answer.status() == 200 ? answer.body().path("host").asText(null) : null;
  }
}
