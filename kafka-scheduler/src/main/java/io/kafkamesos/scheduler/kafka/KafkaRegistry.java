package io.kafkamesos.scheduler.kafka;

import java.util.Optional;
import java.util.SortedMap;

/**
 * What Kafka itself records in its ZooKeeper chroot about the cluster's brokers.
 *
 * @throws io.kafkamesos.scheduler.core.SchedulerUnavailableException from any method when Kafka's
 *     ZooKeeper cannot be read
 */
public interface KafkaRegistry {

  /** The registration JSON of each registered broker, by broker id ({@code /brokers/ids/<id>}). */
  SortedMap<Integer, String> registrations();

  /** One broker's registration JSON, as Kafka stored it. */
  Optional<String> registration(int brokerId);

  /**
   * How many partitions have fewer in-sync replicas than assigned replicas (from the topic
   * assignments and partition states Kafka keeps in ZooKeeper).
   */
  int underReplicatedPartitions();

  /** The {@code host:port} a registration advertises (its host and port, else its first endpoint). */
  Optional<String> address(String registrationJson);
}
