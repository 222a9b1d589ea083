package io.kafkamesos.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/** Kafka as the tests see it: the bootstrap list the scheduler gives out, an admin client, topics. */
public final class KafkaAdmin {

  private KafkaAdmin() {
  }

  /** The brokers of {@code GET /v1/connection}, comma-separated. */
  public static String bootstrap(String schedulerApi) {
    List<String> brokers = new ArrayList<>();
    Json.get(schedulerApi + "/v1/connection").body().path("brokers").forEach(b -> brokers.add(b.asText()));
    return String.join(",", brokers);
  }

  /**
   * The bootstrap servers once {@code /v1/connection} lists {@code brokers} brokers, polling through
   * the moments the scheduler does not answer (Marathon replacing it).
   */
  public static String awaitBootstrap(String schedulerApi, int brokers) {
    com.fasterxml.jackson.databind.JsonNode connection = Poll.until(brokers + " brokers in /v1/connection",
        LocalCluster.BROKERS_UP, () -> {
          Json.Answer answer;
          try {
            answer = Json.get(schedulerApi + "/v1/connection");
          } catch (RuntimeException e) {
            return java.util.Optional.empty();
          }
          return answer.status() == 200 && answer.body().path("brokers").size() == brokers
              ? java.util.Optional.of(answer.body()) : java.util.Optional.empty();
        });
    List<String> servers = new ArrayList<>();
    connection.path("brokers").forEach(b -> servers.add(b.asText()));
    return String.join(",", servers);
  }

  /**
   * Until every partition of {@code topic} has {@code brokers} replicas, all in sync (the cluster
   * of {@code brokers} brokers reached through {@link #awaitBootstrap}).
   */
  public static void awaitInSync(String schedulerApi, String topic, int brokers) {
    Poll.untilTrue("every partition of " + topic + " in sync", java.time.Duration.ofMinutes(3), () -> {
      try (AdminClient admin = admin(awaitBootstrap(schedulerApi, brokers))) {
        return fullyReplicated(admin, topic, brokers);
      }
    });
  }

  /** An admin client whose calls give up after 20 s. */
  public static AdminClient admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
    return AdminClient.create(p);
  }

  public static TopicDescription describe(AdminClient admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS).get(topic);
  }

  /** Whether every partition of the topic has {@code factor} replicas, all in sync. */
  public static boolean fullyReplicated(AdminClient admin, String topic, int factor) throws Exception {
    return describe(admin, topic).partitions().stream()
        .allMatch(p -> p.replicas().size() == factor && p.isr().size() == factor);
  }

  /**
   * Creates the topic. Kafka's brokers learn of a broker that just registered a moment after it
   * did (their metadata follows the controller's), so a creation right after the cluster came up
   * may be told there are fewer brokers than the replication factor: it is tried again for up to
   * a minute, then the last answer stands.
   */
  public static void create(AdminClient admin, NewTopic topic) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof InvalidReplicationFactorException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }
}
