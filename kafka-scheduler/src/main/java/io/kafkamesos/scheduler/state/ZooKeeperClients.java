package io.kafkamesos.scheduler.state;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryUntilElapsed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds Curator clients from connect strings that may carry a chroot ({@code zk:2181/some/root}). */
public final class ZooKeeperClients {

  private ZooKeeperClients() {
  }

  /**
   * A client of {@code connect}'s hosts whose paths are relative to its chroot (if any) plus
   * {@code extraRoot} (if not null): the chroot becomes a Curator namespace, created on first write.
   */
  public static CuratorFramework client(String connect, String extraRoot) {
    return builder(connect, extraRoot)
        .connectionTimeoutMs(15_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 10, 5_000))
        .build();
  }

  /**
   * A client for reads that must answer in time (the API, the plan's view of Kafka): while
   * ZooKeeper is away an operation gives up after about 10 s instead of riding out a long outage.
   */
  public static CuratorFramework readClient(String connect) {
    return builder(connect, null)
        .connectionTimeoutMs(3_000)
        .retryPolicy(new RetryUntilElapsed(5_000, 500))
        .build();
  }

  /**
   * A client for the scheduler's leader latch, with a session of its own: the latch's node lives as
   * long as this session, so a scheduler killed with {@code kill -9} frees the latch after
   * {@code sessionTimeout}. A suspended connection is not a lost latch (the session may live on, and
   * the latch with it): the latch is kept while the connection is away (the scheduler stops acting
   * meanwhile), and counts as lost when the session is, that is when ZooKeeper says it expired or
   * the connection stayed away for {@code sessionTimeout} (Curator's own reckoning: a partitioned
   * client cannot hear of the expiry before it reconnects).
   */
  public static CuratorFramework leaderClient(String connect, Duration sessionTimeout) {
    return builder(connect, null)
        .sessionTimeoutMs((int) sessionTimeout.toMillis())
        .connectionTimeoutMs(5_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 10, 5_000))
        .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
        .build();
  }

  private static CuratorFrameworkFactory.Builder builder(String connect, String extraRoot) {
    int slash = connect.indexOf('/');
    String hosts = slash < 0 ? connect : connect.substring(0, slash);
    String chroot = slash < 0 ? "" : connect.substring(slash);
    String namespace = (chroot + (extraRoot == null ? "" : "/" + extraRoot)).replaceAll("^/+|/+$", "");
    return CuratorFrameworkFactory.builder()
        .connectString(hosts)
        .namespace(namespace.isEmpty() ? null : namespace)
        .sessionTimeoutMs(30_000)
        .ensembleTracker(false);
  }

  /**
   * Whether the client is connected, or gets connected within {@code wait}. Reads that must answer
   * in time ask this first instead of waiting out Curator's retries: a blip passes, an outage not.
   */
  public static boolean connected(CuratorFramework client, Duration wait) {
    if (client.getZookeeperClient().isConnected()) {
      return true;
    }
    try {
      return client.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts a client with the application and closes it at the end. The start does not wait for a
   * connection: a ZooKeeper that does not resolve or answer must not keep the scheduler from serving
   * its API, its liveness and health checks, which say what is wrong while the client retries.
   */
  public static Managed managed(CuratorFramework client, String name) {
    return new ManagedClient(client, name);
  }

  private record ManagedClient(CuratorFramework client, String name) implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperClients.class);

    ManagedClient {
      Objects.requireNonNull(client);
      Objects.requireNonNull(name);
    }

    @Override
    public void start() {
      client.start();
      LOG.info("Connecting to the {} ZooKeeper at {} (namespace {})", name,
          client.getZookeeperClient().getCurrentConnectionString(), client.getNamespace());
    }

    @Override
    public void stop() {
      client.close();
    }
  }
}
