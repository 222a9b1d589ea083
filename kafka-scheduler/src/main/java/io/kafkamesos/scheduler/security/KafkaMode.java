package io.kafkamesos.scheduler.security;

/** Where a cluster keeps its metadata: ZooKeeper (Kafka 3.x and older) or KRaft (3.x and 4.x). */
public enum KafkaMode {
  ZOOKEEPER,
  KRAFT
}
