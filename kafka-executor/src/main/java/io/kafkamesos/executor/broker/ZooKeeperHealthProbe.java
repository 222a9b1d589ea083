package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a broker the way its clients see it: its registration in ZooKeeper (under the same
 * chroot the broker uses) and a TCP connection to its advertised listener.
 *
 * <p>The ZooKeeper session is opened lazily and re-opened after it expires, so a ZooKeeper that is
 * slow to answer only delays the verdict.
 */
public final class ZooKeeperHealthProbe implements HealthProbe {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHealthProbe.class);
  private static final int SESSION_TIMEOUT_MS = 30_000;

  private final String zookeeperConnect;
  private final int brokerId;
  private final String host;
  private final int port;
  private ZooKeeper zk;

  /**
   * @param zookeeperConnect the broker's {@code zookeeper.connect}, chroot included
   */
  public ZooKeeperHealthProbe(String zookeeperConnect, int brokerId, String host, int port) {
    this.zookeeperConnect = Objects.requireNonNull(zookeeperConnect);
    this.brokerId = brokerId;
    this.host = Objects.requireNonNull(host);
    this.port = port;
  }

  /** The broker's registration path, relative to the chroot. */
  public static String registrationPath(int brokerId) {
    return "/brokers/ids/" + brokerId;
  }

  @Override
  public synchronized boolean registered() {
    try {
      if (zk == null || !zk.getState().isAlive()) {
        closeSession();
        // The chroot in the connect string makes every path below relative to it.
        zk = new ZooKeeper(zookeeperConnect, SESSION_TIMEOUT_MS, event -> { });
      }
      if (!zk.getState().isConnected()) {
        return false;
      }
      return zk.exists(registrationPath(brokerId), false) != null;
    } catch (IOException | KeeperException e) {
      LOG.debug("broker {}: registration not readable yet: {}", brokerId, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean portAnswers() {
    return HealthProbe.accepts(host, port);
  }

  @Override
  public synchronized void close() {
    closeSession();
  }

  private void closeSession() {
    if (zk != null) {
      try {
        zk.close(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      zk = null;
    }
  }
}
