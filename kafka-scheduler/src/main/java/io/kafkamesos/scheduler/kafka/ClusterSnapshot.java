package io.kafkamesos.scheduler.kafka;

import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The brokers and partitions of a Kafka cluster at one moment, as one {@link KafkaAccess} keeps
 * them: immutable, shared by every reader (the topic API, the health checks, the status page, the
 * gauges) until the next change makes a new one. What readers derive from it (under-replicated and
 * unavailable partitions, the bootstrap servers) is computed once per snapshot.
 */
public final class ClusterSnapshot {

  /**
   * A live broker.
   *
   * @param endpoint the {@code host:port} of its plaintext listener, or null when it has none
   * @param registration its registration JSON as Kafka wrote it in ZooKeeper, or null (KRaft)
   */
  public record Broker(int id, String endpoint, String registration) {
  }

  /**
   * A partition.
   *
   * @param replicas its assigned replicas, in preference order
   * @param leader its leader, {@link PartitionHealth#NO_LEADER} when it has none
   * @param isr its in-sync replicas
   * @param stateJson its state node as Kafka wrote it in ZooKeeper, or null (no state yet, or KRaft)
   */
  public record Partition(int id, List<Integer> replicas, int leader, List<Integer> isr,
      String stateJson) {
    public Partition {
      replicas = List.copyOf(replicas);
      isr = List.copyOf(isr);
    }
  }

  /**
   * A topic.
   *
   * @param internal one of Kafka's own ({@code __consumer_offsets}, ...)
   * @param markedForDeletion deleted, but Kafka has not finished deleting it (ZooKeeper mode)
   * @param partitions by partition id
   */
  public record Topic(String name, boolean internal, boolean markedForDeletion,
      SortedMap<Integer, Partition> partitions) {
    public Topic {
      Objects.requireNonNull(name);
      partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }
  }

  private final SortedMap<Integer, Broker> brokers;
  private final int controller;
  private final SortedMap<String, Topic> topics;
  private final Instant readAt;
  private final Optional<String> error;
  private List<PartitionStatus> partitions;
  private List<PartitionStatus> underReplicated;
  private List<PartitionStatus> unavailable;
  private String bootstrap;

  /**
   * @param controller the active controller's id, -1 when none is known
   * @param readAt when the view last heard from Kafka (or ZooKeeper)
   * @param error why the view is not to be trusted now (not connected, not loaded, a failed read)
   */
  public ClusterSnapshot(Map<Integer, Broker> brokers, int controller, Map<String, Topic> topics,
      Instant readAt, Optional<String> error) {
    this.brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
    this.controller = controller;
    this.topics = Collections.unmodifiableSortedMap(new TreeMap<>(topics));
    this.readAt = Objects.requireNonNull(readAt);
    this.error = Objects.requireNonNull(error);
  }

  /** A view that has nothing to show, and why. */
  public static ClusterSnapshot unavailable(String why, Instant at) {
    return new ClusterSnapshot(Map.of(), -1, Map.of(), at, Optional.of(why));
  }

  /** The same brokers and partitions, known not to be trustworthy for {@code why}. */
  public ClusterSnapshot withError(String why) {
    return new ClusterSnapshot(brokers, controller, topics, readAt, Optional.of(why));
  }

  public SortedMap<Integer, Broker> brokers() {
    return brokers;
  }

  public SortedSet<Integer> brokerIds() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(brokers.keySet()));
  }

  public int controller() {
    return controller;
  }

  /** Every topic, Kafka's internal ones and those marked for deletion included. */
  public SortedMap<String, Topic> topics() {
    return topics;
  }

  public Optional<Topic> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** Whether the topic exists and is not marked for deletion. */
  public boolean hasTopic(String name) {
    Topic t = topics.get(name);
    return t != null && !t.markedForDeletion();
  }

  public Instant readAt() {
    return readAt;
  }

  public Optional<String> error() {
    return error;
  }

  /** Every partition of every topic, in topic then partition order. */
  public synchronized List<PartitionStatus> partitions() {
    if (partitions == null) {
      List<PartitionStatus> out = new ArrayList<>();
      for (Topic t : topics.values()) {
        for (Partition p : t.partitions().values()) {
          out.add(new PartitionStatus(t.name(), p.id(), p.replicas(), p.leader(), p.isr()));
        }
      }
      partitions = List.copyOf(out);
    }
    return partitions;
  }

  public int partitionCount() {
    int count = 0;
    for (Topic t : topics.values()) {
      count += t.partitions().size();
    }
    return count;
  }

  /** Partitions with fewer in-sync replicas than replicas, in topic then partition order. */
  public synchronized List<PartitionStatus> underReplicated() {
    if (underReplicated == null) {
      underReplicated = PartitionHealth.underReplicated(partitions());
    }
    return underReplicated;
  }

  /** Partitions without a leader, or whose leader is not a live broker. */
  public synchronized List<PartitionStatus> unavailable() {
    if (unavailable == null) {
      unavailable = PartitionHealth.unavailable(partitions(), brokers.keySet());
    }
    return unavailable;
  }

  /** {@code host:port,...} of the live brokers' plaintext listeners, "" when none. */
  public synchronized String bootstrapServers() {
    if (bootstrap == null) {
      bootstrap = brokers.values().stream().map(Broker::endpoint).filter(Objects::nonNull)
          .collect(Collectors.joining(","));
    }
    return bootstrap;
  }
}
