package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.kafka.MetadataMode;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.TreeCache;
import org.apache.curator.framework.recipes.cache.TreeCacheEvent;
import org.apache.curator.framework.recipes.cache.TreeCacheSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper-mode side of {@link KafkaAccess}: a {@link TreeCache} on Kafka's chroot keeps a
 * watch on every node the view needs ({@code /brokers/**}, {@code /admin/delete_topics/*},
 * {@code /controller}) and hands each change to a {@link ZooKeeperModel}, so that a partition whose
 * ISR shrinks is in the next snapshot as soon as ZooKeeper tells of the change (a partition's leader
 * writes the new ISR to the state node, then Kafka's ISR change notification tells the controller:
 * the watch on the state node sees it first). The initial load reads each node once; after that
 * only what changes is read again. After a lost connection the cache reads everything again.
 *
 * <p>{@link org.apache.curator.framework.recipes.cache.CuratorCache} would need one persistent
 * recursive watch only, but ZooKeeper servers before 3.6 (DC/OS ships 3.4 and 3.5) do not have
 * those; a TreeCache works with every server Kafka works with.
 */
@SuppressWarnings("deprecation") // TreeCache: see above
public final class ZooKeeperKafkaAccess implements KafkaAccess {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperKafkaAccess.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Object>> SORTED_MAP = new TypeReference<>() {
  };
  /** How long a direct read waits for a (re)connection before it answers that ZooKeeper is away. */
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(3);

  private final CuratorFramework zk;
  private final boolean ownsClient;
  private final String where;
  private final Clock clock;
  private final ZooKeeperModel model = new ZooKeeperModel();
  private final TreeCache cache;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Object changes = new Object();
  private volatile Instant lastHeard;
  private volatile boolean connected;
  private volatile Instant loadedAt;

  private ZooKeeperKafkaAccess(CuratorFramework zk, boolean ownsClient, String where, Clock clock) {
    this.zk = Objects.requireNonNull(zk);
    this.ownsClient = ownsClient;
    this.where = Objects.requireNonNull(where);
    this.clock = Objects.requireNonNull(clock);
    this.lastHeard = clock.instant();
    this.cache = TreeCache.newBuilder(zk, "/")
        .setCacheData(false) // the model keeps what it needs; no second copy of every node
        .setSelector(new KafkaNodes())
        .build();
    cache.getListenable().addListener((client, event) -> onEvent(event));
  }

  /**
   * A view on a started client whose namespace is Kafka's chroot (the scheduler's own); the view
   * does not close it.
   */
  public static ZooKeeperKafkaAccess start(CuratorFramework kafkaZk, String where, Clock clock) {
    return begin(new ZooKeeperKafkaAccess(kafkaZk, false, where, clock));
  }

  /** A view with a client of its own, on {@code 127.0.0.1:2181/kafka0} (hosts and chroot). */
  public static ZooKeeperKafkaAccess open(String connect, Clock clock) {
    CuratorFramework client = ZooKeeperClients.readClient(connect);
    client.start();
    return begin(new ZooKeeperKafkaAccess(client, true, connect, clock));
  }

  private static ZooKeeperKafkaAccess begin(ZooKeeperKafkaAccess access) {
    try {
      access.cache.start();
    } catch (Exception e) {
      access.close();
      throw new KafkaUnavailableException("cannot watch Kafka's ZooKeeper at " + access.where + ": "
          + e.getMessage(), e);
    }
    return access;
  }

  @Override
  public MetadataMode mode() {
    return MetadataMode.ZOOKEEPER;
  }

  @Override
  public ClusterSnapshot snapshot() {
    if (loaded.getCount() > 0) {
      return ClusterSnapshot.unavailable("Kafka's ZooKeeper at " + where + " has not been read yet"
          + (zk.getZookeeperClient().isConnected() ? " (reading it now)"
              : ": it is not connected; check that ZooKeeper is running"), clock.instant());
    }
    if (!zk.getZookeeperClient().isConnected()) {
      return model.snapshot(lastHeard, Optional.of("Kafka's ZooKeeper at " + where
          + " is not connected (since " + lastHeard + "; what the view shows is from then); check that"
          + " ZooKeeper is running"));
    }
    return model.snapshot(clock.instant(), Optional.empty());
  }

  @Override
  public ClusterSnapshot await(Predicate<ClusterSnapshot> condition, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      ClusterSnapshot now = snapshot();
      Duration left = Duration.between(clock.instant(), deadline);
      if (condition.test(now) || left.isNegative() || left.isZero()) {
        return now;
      }
      synchronized (changes) {
        try {
          // woken by every change; the connection state is looked at again at least this often
          changes.wait(Math.max(1, Math.min(left.toMillis(), 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return snapshot();
        }
      }
    }
  }

  @Override
  public boolean topicExists(String topic) {
    if (!ZooKeeperClients.connected(zk, CONNECT_WAIT)) {
      throw new KafkaUnavailableException("ZooKeeper at " + where + " is not connected; check that"
          + " ZooKeeper is running");
    }
    try {
      return zk.checkExists().forPath("/brokers/topics/" + topic) != null
          && zk.checkExists().forPath("/admin/delete_topics/" + topic) == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted reading ZooKeeper at " + where, e);
    } catch (Exception e) {
      throw new KafkaUnavailableException("ZooKeeper at " + where + " did not answer: " + e
          + "; check that ZooKeeper is running", e);
    }
  }

  @Override
  public Optional<SortedMap<Integer, Map<String, Object>>> partitionStates(String topic) {
    return snapshot().topic(topic).map(t -> {
      SortedMap<Integer, Map<String, Object>> states = new TreeMap<>();
      t.partitions().values().forEach(p -> {
        if (p.stateJson() != null) {
          try {
            states.put(p.id(), JSON.readValue(p.stateJson(), SORTED_MAP));
          } catch (IOException e) {
            LOG.warn("Partition {}-{}: unreadable state in ZooKeeper: {}", topic, p.id(), e.getMessage());
          }
        }
      });
      return states;
    });
  }

  @Override
  public String freshness() {
    return "follows ZooKeeper's watches on Kafka's nodes: a change is in the view as soon as ZooKeeper"
        + " notifies it (milliseconds); " + (loadedAt == null ? "not loaded yet"
            : "loaded at " + loadedAt) + (connected ? "" : "; not connected now");
  }

  @Override
  public void close() {
    cache.close();
    if (ownsClient) {
      zk.close();
    }
  }

  private void onEvent(TreeCacheEvent event) {
    switch (event.getType()) {
      case NODE_ADDED, NODE_UPDATED -> model.put(event.getData().getPath(), event.getData().getData());
      case NODE_REMOVED -> model.remove(event.getData().getPath());
      case INITIALIZED -> {
        loadedAt = clock.instant();
        connected = true;
        loaded.countDown();
        LOG.info("Watching Kafka's ZooKeeper at {}: {}", where, model);
      }
      case CONNECTION_SUSPENDED, CONNECTION_LOST -> {
        connected = false;
        LOG.warn("Kafka's ZooKeeper at {} is not connected: the partition view is as of now", where);
      }
      case CONNECTION_RECONNECTED -> {
        connected = true;
        LOG.info("Kafka's ZooKeeper at {} is connected again: reading its nodes again", where);
      }
      default -> {
      }
    }
    lastHeard = clock.instant();
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  /** The nodes of Kafka's chroot the view needs, and nothing else (not /config, not /admin/...). */
  private static final class KafkaNodes implements TreeCacheSelector {
    @Override
    public boolean traverseChildren(String fullPath) {
      String p = relative(fullPath);
      return p.equals("/") || p.equals("/brokers") || p.startsWith("/brokers/")
          || p.equals("/admin") || p.equals("/admin/delete_topics");
    }

    @Override
    public boolean acceptChild(String fullPath) {
      String p = relative(fullPath);
      return p.equals("/brokers") || p.startsWith("/brokers/") || p.equals("/controller")
          || p.equals("/admin") || p.startsWith("/admin/delete_topics");
    }

    private static String relative(String fullPath) {
      return fullPath;
    }
  }
}
