package io.kafkamesos.it.api;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.it.Json;
import io.kafkamesos.it.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic's state read straight from the brokers with Kafka's own clients, apart from the API under
 * test: what a change did, and that a refused request changed nothing.
 */
final class TopicState {
  private final ApiCluster cluster;

  TopicState(ApiCluster cluster) {
    this.cluster = requireNonNull(cluster, "cluster");
  }

  /** Everything a maintenance request could change about a topic. */
  record Snapshot(int partitions, int replication, Map<String, String> configs, Map<Integer, Long> endOffsets) {
  }

  Snapshot snapshot(String topic) {
    return new Snapshot(partitionCount(topic), replicationFactor(topic), topicConfigs(topic), endOffsets(topic));
  }

  /** Deletes the topics through the API and waits until Kafka has removed them, so the next test starts clean. */
  void delete(String... topics) {
    for (String topic : topics) {
      Json.delete(cluster.url("/v1/topics/" + topic));
    }
    Poll.untilTrue("Kafka to delete " + List.of(topics), Duration.ofMinutes(2),
        () -> topicNames().stream().noneMatch(Set.of(topics)::contains));
  }

  Set<String> topicNames() {
    try (AdminClient admin = cluster.newAdmin()) {
      return get(admin.listTopics().names());
    }
  }

  int partitionCount(String topic) {
    return describe(topic).partitions().size();
  }

  int replicationFactor(String topic) {
    return describe(topic).partitions().get(0).replicas().size();
  }

  /** The leader of each partition, in partition order. */
  List<Integer> leaders(String topic) {
    return describe(topic).partitions().stream().map(p -> p.leader().id()).toList();
  }

  /** The values set on the topic itself (not the broker's defaults). */
  Map<String, String> topicConfigs(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (AdminClient admin = cluster.newAdmin()) {
      Config config = get(admin.describeConfigs(List.of(resource)).all()).get(resource);
      Map<String, String> values = new TreeMap<>();
      config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
          .forEach(e -> values.put(e.name(), e.value()));
      return values;
    }
  }

  Map<Integer, Long> endOffsets(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = describe(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<Integer, Long> ends = new TreeMap<>();
      consumer.endOffsets(partitions, Duration.ofSeconds(30))
          .forEach((tp, offset) -> ends.put(tp.partition(), offset));
      return ends;
    }
  }

  private TopicDescription describe(String topic) {
    try (AdminClient admin = cluster.newAdmin()) {
      TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      List<TopicPartitionInfo> partitions = description.partitions();
      if (partitions.isEmpty()) {
        throw new AssertionError("topic " + topic + " has no partitions");
      }
      return description;
    }
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Kafka did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
