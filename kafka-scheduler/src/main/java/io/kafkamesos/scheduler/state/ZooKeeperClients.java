package io.kafkamesos.scheduler.state;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
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
    int slash = connect.indexOf('/');
    String hosts = slash < 0 ? connect : connect.substring(0, slash);
    String chroot = slash < 0 ? "" : connect.substring(slash);
    String namespace = (chroot + (extraRoot == null ? "" : "/" + extraRoot)).replaceAll("^/+|/+$", "");
    return CuratorFrameworkFactory.builder()
        .connectString(hosts)
        .namespace(namespace.isEmpty() ? null : namespace)
        .sessionTimeoutMs(30_000)
        .connectionTimeoutMs(15_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 10, 5_000))
        .ensembleTracker(false)
        .build();
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
