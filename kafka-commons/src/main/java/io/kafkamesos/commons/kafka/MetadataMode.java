package io.kafkamesos.commons.kafka;

/** Where a Kafka cluster keeps its metadata: in ZooKeeper, or in its own KRaft controller quorum. */
public enum MetadataMode {
  ZOOKEEPER,
  KRAFT
}
