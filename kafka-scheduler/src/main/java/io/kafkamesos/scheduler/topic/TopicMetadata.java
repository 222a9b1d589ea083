package io.kafkamesos.scheduler.topic;

import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the topic API reads what exists: Kafka's ZooKeeper in ZooKeeper mode
 * ({@link KafkaZooKeeper}), the brokers' copy of the controllers' metadata in KRaft
 * ({@link AdminTopicMetadata}). Failures are {@link TopicException}s (503 when the source is away).
 */
interface TopicMetadata extends AutoCloseable {

  /** The topics (including ones being deleted), sorted. */
  List<String> topics();

  /** The topics whose deletion has not finished yet. */
  Set<String> topicsMarkedForDeletion();

  /** True when the topic exists and is not being deleted. */
  boolean topicExists(String topic);

  /** The replica assignment: partition → broker ids, or empty when the topic does not exist. */
  Optional<Map<Integer, List<Integer>>> assignment(String topic);

  /** Partition → its state in the seed's shape (keys sorted: {@code isr}, {@code leader}, ...). */
  Map<Integer, Map<String, Object>> partitionStates(String topic);

  /** Every partition of every topic, with its assignment and current leader and ISR. */
  List<PartitionStatus> allPartitions();

  /** The ids of the brokers that are up now. */
  Set<Integer> liveBrokers();

  @Override
  void close();
}
