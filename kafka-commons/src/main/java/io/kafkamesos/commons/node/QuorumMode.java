package io.kafkamesos.commons.node;

/**
 * How a KRaft cluster names its controller quorum.
 *
 * <ul>
 *   <li>{@link #STATIC}: {@code controller.quorum.voters=3000@host:port,...} on every node, and
 *       {@code kraft.version} 0. The voters can never change while the cluster runs. Kafka 3.9 can
 *       migrate from ZooKeeper only with a static quorum, so it is what this product runs on 3.9.
 *   <li>{@link #DYNAMIC} (KIP-853): {@code controller.quorum.bootstrap.servers=host:port,...} on
 *       every node, the voters (with their directory ids) in the metadata log, {@code
 *       kraft.version} 1; the initial controllers are formatted with {@code --initial-controllers}
 *       and controllers are added and removed with Kafka's own tools. Kafka 4 prefers it, and only
 *       it lets a controller whose machine is gone be replaced, so it is what this product runs
 *       on Kafka 4.
 * </ul>
 */
public enum QuorumMode {
  STATIC,
  DYNAMIC
}
