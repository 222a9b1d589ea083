package io.kafkamesos.scheduler.kafka;

import io.kafkamesos.commons.kafka.MetadataMode;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Broker;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Partition;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KRaft side of {@link KafkaAccess} (no ZooKeeper): the view is what Kafka's admin client
 * answers (describe cluster, list topics with the internal ones, describe topics, and the metadata
 * quorum for the active controller), asked by a thread of its own every
 * {@code max(interval, 10 × the last refresh's duration)} so that a large cluster is not asked more
 * than a tenth of the time, and at once when {@link #await} wants a change (after the API's own
 * changes). A snapshot is as old as {@link ClusterSnapshot#readAt}: at most about one interval.
 *
 * <p>A refresh that fails keeps the last view, marked with the reason ({@link ClusterSnapshot#error}).
 */
public final class AdminKafkaAccess implements KafkaAccess {

  private static final Logger LOG = LoggerFactory.getLogger(AdminKafkaAccess.class);
  /** What the seed's {@code version} field holds on KRaft: the version of the shape, as ZooKeeper's. */
  static final int STATE_VERSION = 1;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private final Supplier<String> seeds;
  private final Duration timeout;
  private final Duration interval;
  private final Clock clock;
  private final ClientSecurity security;
  private final ScheduledExecutorService refresher;
  private final Object refreshing = new Object();
  private final Object adminLock = new Object();
  private volatile ClusterSnapshot last;
  private volatile int quorumEpoch = -1;
  private volatile long lastRefreshMillis;
  private Admin admin;
  private String adminBootstrap;

  /**
   * @param seeds brokers to bootstrap from ({@code host:port,...}; "" while none is known): the
   *     scheduler's own records; once connected the view's brokers serve as well
   * @param timeout how long one request to Kafka may take
   * @param interval the shortest time between two refreshes
   */
  public AdminKafkaAccess(Supplier<String> seeds, Duration timeout, Duration interval, Clock clock) {
    this(seeds, timeout, interval, clock, ClientSecurity.PLAINTEXT);
  }

  /**
   * @param security the scheduler's client security: on a cluster with TLS its certificate, and
   *     {@code seeds} are the brokers' {@code INTERNAL} listeners (issue 15)
   */
  public AdminKafkaAccess(Supplier<String> seeds, Duration timeout, Duration interval, Clock clock,
      ClientSecurity security) {
    this.security = Objects.requireNonNull(security);
    this.seeds = Objects.requireNonNull(seeds);
    this.timeout = Objects.requireNonNull(timeout);
    this.interval = Objects.requireNonNull(interval);
    this.clock = Objects.requireNonNull(clock);
    this.last = ClusterSnapshot.unavailable("Kafka's metadata has not been read yet", clock.instant());
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kafka-metadata-view");
      t.setDaemon(true);
      return t;
    });
    refresher.execute(this::refreshAndReschedule);
  }

  @Override
  public MetadataMode mode() {
    return MetadataMode.KRAFT;
  }

  @Override
  public ClusterSnapshot snapshot() {
    return last;
  }

  @Override
  public ClusterSnapshot await(Predicate<ClusterSnapshot> condition, Duration wait) {
    Instant deadline = clock.instant().plus(wait);
    ClusterSnapshot now = last;
    while (!condition.test(now) && clock.instant().isBefore(deadline)) {
      now = refresh();
      if (!condition.test(now)) {
        sleep(Math.min(100, Math.max(1, Duration.between(clock.instant(), deadline).toMillis())));
      }
    }
    return now;
  }

  @Override
  public boolean topicExists(String topic) {
    try {
      get(admin().describeTopics(List.of(topic), new DescribeTopicsOptions()
          .timeoutMs(timeoutMs())).allTopicNames());
      return true;
    } catch (KafkaUnavailableException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The seed's partition states built from the view and the partitions' leaders: {@code leader}
   * and {@code isr} as the view has them, {@code leader_epoch} the partition's current leader epoch
   * as its leader answers a ListOffsets for the latest offset (-1 when the partition has no leader
   * or it does not answer), {@code controller_epoch} the epoch of the active KRaft controller (the
   * metadata quorum's leader epoch, -1 when unknown) and {@code version} {@value #STATE_VERSION}.
   */
  @Override
  public Optional<SortedMap<Integer, Map<String, Object>>> partitionStates(String topic) {
    Optional<Topic> found = last.topic(topic);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    found.get().partitions().values().stream().filter(p -> p.leader() >= 0)
        .forEach(p -> latest.put(new TopicPartition(topic, p.id()), OffsetSpec.latest()));
    Map<Integer, Integer> epochs = new HashMap<>();
    if (!latest.isEmpty()) {
      ListOffsetsResult offsets = admin().listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs()));
      latest.keySet().forEach(tp -> {
        try {
          offsets.partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).leaderEpoch()
              .ifPresent(epoch -> epochs.put(tp.partition(), epoch));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          LOG.debug("Partition {}: no leader epoch: {}", tp, e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    SortedMap<Integer, Map<String, Object>> states = new TreeMap<>();
    for (Partition p : found.get().partitions().values()) {
      Map<String, Object> state = new TreeMap<>();
      state.put("controller_epoch", quorumEpoch);
      state.put("isr", p.isr());
      state.put("leader", p.leader());
      state.put("leader_epoch", epochs.getOrDefault(p.id(), -1));
      state.put("version", STATE_VERSION);
      states.put(p.id(), state);
    }
    return Optional.of(states);
  }

  @Override
  public String freshness() {
    return "the admin client's metadata, read every " + currentInterval().toMillis()
        + " ms (the last read took " + lastRefreshMillis + " ms, at " + last.readAt()
        + ") and at once after the API's own changes";
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    synchronized (adminLock) {
      if (admin != null) {
        admin.close(Duration.ZERO);
        admin = null;
      }
    }
  }

  private void refreshAndReschedule() {
    refresh();
    if (!refresher.isShutdown()) {
      refresher.schedule(this::refreshAndReschedule, currentInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Duration currentInterval() {
    Duration tenfold = Duration.ofMillis(lastRefreshMillis * 10);
    return tenfold.compareTo(interval) > 0 ? tenfold : interval;
  }

  /** Reads Kafka's metadata now (one refresh at a time); answers the new view. */
  ClusterSnapshot refresh() {
    synchronized (refreshing) {
      long started = System.nanoTime();
      try {
        last = read();
      } catch (KafkaUnavailableException | IllegalStateException e) {
        ClusterSnapshot before = last;
        String why = "cannot read Kafka's metadata: " + e.getMessage();
        last = before.brokers().isEmpty() && before.topics().isEmpty()
            ? ClusterSnapshot.unavailable(why, clock.instant()) : before.withError(why);
        LOG.debug("{}", why);
      } finally {
        lastRefreshMillis = (System.nanoTime() - started) / 1_000_000;
      }
      return last;
    }
  }

  private ClusterSnapshot read() {
    Admin client = admin();
    var cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()));
    Collection<Node> nodes = get(cluster.nodes());
    int controller = Optional.ofNullable(get(cluster.controller())).map(Node::id).orElse(-1);
    try {
      QuorumInfo quorum = get(client.describeMetadataQuorum(
          new DescribeMetadataQuorumOptions().timeoutMs(timeoutMs())).quorumInfo());
      controller = quorum.leaderId();
      quorumEpoch = (int) quorum.leaderEpoch();
    } catch (KafkaUnavailableException e) {
      LOG.debug("No metadata quorum information: {}", e.getMessage());
    }
    Set<String> names = get(client.listTopics(new ListTopicsOptions().listInternal(true)
        .timeoutMs(timeoutMs())).names());
    Map<String, TopicDescription> described = names.isEmpty() ? Map.of()
        : get(client.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs()))
            .allTopicNames());
    Map<Integer, Broker> brokers = new HashMap<>();
    for (Node node : nodes) {
      brokers.put(node.id(), new Broker(node.id(), node.host() + ":" + node.port(), null));
    }
    Map<String, Topic> topics = new HashMap<>();
    described.forEach((name, d) -> {
      TreeMap<Integer, Partition> partitions = new TreeMap<>();
      for (TopicPartitionInfo p : d.partitions()) {
        partitions.put(p.partition(), new Partition(p.partition(), ids(p.replicas()),
            p.leader() == null || p.leader().isEmpty() ? PartitionHealth.NO_LEADER : p.leader().id(),
            ids(p.isr()), null));
      }
      topics.put(name, new Topic(name, d.isInternal(), false, partitions));
    });
    return new ClusterSnapshot(brokers, controller, topics, clock.instant(), Optional.empty());
  }

  private static List<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }

  private Admin admin() {
    synchronized (adminLock) {
      String servers = seeds.get();
      if (servers == null || servers.isBlank()) {
        servers = last.bootstrapServers();
      }
      if (servers.isBlank()) {
        throw new KafkaUnavailableException("no Kafka broker is known yet; wait for the brokers to start");
      }
      if (admin == null || !servers.equals(adminBootstrap)) {
        if (admin != null) {
          admin.close(Duration.ZERO);
        }
        Properties props = new Properties();
        try {
          props.putAll(security.properties());
        } catch (IllegalStateException e) {
          throw new KafkaUnavailableException(e.getMessage(), e); // no certificate yet
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-mesos-metadata-view");
        admin = Admin.create(props);
        adminBootstrap = servers;
      }
      return admin;
    }
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new KafkaUnavailableException("Kafka answered " + cause, cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not answer within " + timeout.toSeconds()
          + " s; check that the brokers are running", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
