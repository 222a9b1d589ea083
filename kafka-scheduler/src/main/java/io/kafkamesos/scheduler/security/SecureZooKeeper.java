package io.kafkamesos.scheduler.security;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * The scheduler's ZooKeeper client for its secrets: the same hosts and chroot as its state
 * client, authenticated with its {@link ZooKeeperCredential} (Curator adds the credential again on
 * every new session).
 */
public final class SecureZooKeeper {

  private SecureZooKeeper() {
  }

  /** An unstarted client of {@code connect} ({@code host:port,...[/chroot]}). */
  public static CuratorFramework client(String connect, ZooKeeperCredential credential) {
    int slash = connect.indexOf('/');
    String hosts = slash < 0 ? connect : connect.substring(0, slash);
    String namespace = slash < 0 ? "" : connect.substring(slash).replaceAll("^/+|/+$", "");
    return CuratorFrameworkFactory.builder()
        .connectString(hosts)
        .namespace(namespace.isEmpty() ? null : namespace)
        .authorization("digest", credential.authBytes())
        .sessionTimeoutMs(30_000)
        .connectionTimeoutMs(15_000)
        .retryPolicy(new ExponentialBackoffRetry(500, 10, 5_000))
        .ensembleTracker(false)
        .build();
  }
}
