package io.kafkamesos.scheduler.kafka;

import io.kafkamesos.commons.kafka.MetadataMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * How the scheduler reads a Kafka cluster's brokers and partitions: one shared, self-updating view
 * ({@link #snapshot}) that the topic API, the health checks, the status page and the gauges read
 * instead of asking Kafka on every request. Changes to topics go through Kafka's admin client
 * elsewhere (the topic service); this interface only reads.
 *
 * <p>Two sides, by the cluster's metadata mode:
 * <ul>
 *   <li>{@link ZooKeeperKafkaAccess} (ZooKeeper mode): the view follows ZooKeeper's own change
 *       notifications (watches on the broker registrations, the topic and partition state nodes,
 *       the topics marked for deletion and the controller), as fresh as ZooKeeper's watch events
 *       (milliseconds); the seed's partition-state fields come from the state nodes themselves.
 *   <li>{@link AdminKafkaAccess} (KRaft): the view is the admin client's metadata (describe
 *       cluster, list and describe topics, the metadata quorum), refreshed on an interval and on
 *       demand ({@link #await}); how fresh it is, {@link #freshness} says.
 * </ul>
 *
 * <p>Implementations are thread-safe and never block a reader of {@link #snapshot} for long; a view
 * that cannot be trusted (not loaded yet, ZooKeeper or Kafka unreachable) says so in
 * {@link ClusterSnapshot#error}.
 */
public interface KafkaAccess extends AutoCloseable {

  MetadataMode mode();

  /** The latest view; {@link ClusterSnapshot#error} says when it cannot be trusted. */
  ClusterSnapshot snapshot();

  /**
   * Waits (at most {@code timeout}) until the view satisfies {@code condition}, asking Kafka again
   * where the view is refreshed on demand: read-your-writes after the API changed a topic. Answers
   * the snapshot that satisfied it, or the latest one when the time ran out.
   */
  ClusterSnapshot await(Predicate<ClusterSnapshot> condition, Duration timeout);

  /**
   * Whether the topic exists (and is not being deleted), asked of Kafka (or ZooKeeper) now, not of
   * the view: the last word before a 404.
   *
   * @throws KafkaUnavailableException when it cannot be asked
   */
  boolean topicExists(String topic);

  /**
   * The topic's partition states in the seed's shape ({@code controller_epoch}, {@code isr},
   * {@code leader}, {@code leader_epoch}, {@code version}, keys sorted), by partition; empty when
   * the view has no such topic. ZooKeeper mode answers each state node as Kafka wrote it; KRaft
   * builds them (see {@link AdminKafkaAccess#partitionStates}).
   */
  Optional<SortedMap<Integer, Map<String, Object>>> partitionStates(String topic);

  /** How fresh {@link #snapshot} is, in words, for the docs, the logs and the status page. */
  String freshness();

  @Override
  void close();
}
