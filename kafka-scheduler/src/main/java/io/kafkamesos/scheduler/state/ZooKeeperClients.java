package io.kafkamesos.scheduler.state;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
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

  /** Starts a client with the application and waits for its first connection; closes it at the end. */
  public static Managed managed(CuratorFramework client, String name, Duration connectTimeout) {
    return new ManagedClient(client, name, connectTimeout);
  }

  private record ManagedClient(CuratorFramework client, String name, Duration connectTimeout)
      implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperClients.class);

    ManagedClient {
      Objects.requireNonNull(client);
    }

    @Override
    public void start() throws InterruptedException {
      client.start();
      if (!client.blockUntilConnected((int) connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot connect to the " + name + " ZooKeeper at "
            + client.getZookeeperClient().getCurrentConnectionString() + " within "
            + connectTimeout.toSeconds() + " s");
      }
      LOG.info("Connected to the {} ZooKeeper (namespace {})", name, client.getNamespace());
    }

    @Override
    public void stop() {
      client.close();
    }
  }
}
