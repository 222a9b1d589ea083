package io.kafkamesos.commons.kafka;

/** How a cluster goes from one Kafka version of the catalogue to another. */
public enum UpgradeKind {
  /**
   * A rolling restart onto the new software with {@code inter.broker.protocol.version} pinned to
   * the old version's, then (once every broker runs it) a second roll that raises the protocol.
   * Going back is possible until the protocol is raised.
   */
  ROLLING,
  /**
   * To a release without ZooKeeper: a ZooKeeper-mode cluster migrates to KRaft on its own version
   * first (controllers, then the brokers: Kafka's migration); a KRaft cluster then upgrades as with
   * {@link #KRAFT_ROLLING}.
   */
  KRAFT_MIGRATION,
  /**
   * Between KRaft releases: the controllers, then the brokers roll onto the new software with the
   * cluster's {@code metadata.version} kept, which is raised (never lowered) once the operator
   * finalises. Going back is possible until it is raised.
   */
  KRAFT_ROLLING
}
