package io.kafkamesos.commons.kafka;

/** How a cluster goes from one Kafka version of the catalogue to another. */
public enum UpgradeKind {
  /**
   * A rolling restart onto the new software with {@code inter.broker.protocol.version} pinned to
   * the old version's, then (once every broker runs it) a second roll that raises the protocol.
   * Going back is possible until the protocol is raised.
   */
  ROLLING,
  /** From ZooKeeper to KRaft metadata: controllers first, then the brokers (Kafka's migration). */
  KRAFT_MIGRATION
}
