package io.kafkamesos.scheduler.mesos;

import io.kafkamesos.commons.mesos.MasterAddress;
import io.kafkamesos.commons.mesos.MasterLocator;
import io.kafkamesos.commons.mesos.MasterRegistrations;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the leading Mesos master in ZooKeeper ({@code MESOS_MASTER=zk://zk1:2181/mesos}), as
 * Mesos' own detector does: the children of the path are the masters' registrations
 * ({@code json.info_<seq>}), the lowest sequence is the leader, and its {@code MasterInfo} names its
 * address. Each call reads ZooKeeper anew, so every (re)connection finds the current leader.
 *
 * <p>It lives in the scheduler, not in kafka-commons, because it reads ZooKeeper with Curator,
 * which kafka-commons must not depend on (the executor is told its agent's address and never needs
 * it). Its Curator session is its own (the masters' ZooKeeper need not be the scheduler's), opened
 * at the first lookup and closed with the client.
 */
final class ZooKeeperMasterLocator implements MasterLocator {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperMasterLocator.class);

  private final MasterAddress.ZooKeeper address;
  private final String scheme;
  private final Duration wait;
  private CuratorFramework client;
  private boolean closed;

  /**
   * @param scheme {@code http}, or {@code https} when the masters speak TLS
   * @param wait how long a lookup waits for ZooKeeper before it fails (the client then backs off)
   */
  ZooKeeperMasterLocator(MasterAddress.ZooKeeper address, String scheme, Duration wait) {
    this.address = Objects.requireNonNull(address);
    this.scheme = Objects.requireNonNull(scheme);
    this.wait = Objects.requireNonNull(wait);
  }

  @Override
  public List<URI> masters() throws IOException {
    CuratorFramework zk = client();
    if (!ZooKeeperClients.connected(zk, wait)) {
      throw new IOException("ZooKeeper " + address.hosts() + " does not answer within "
          + wait.toSeconds() + " s");
    }
    String path = address.path();
    try {
      List<String> children = zk.getChildren().forPath(path);
      MasterRegistrations.Member leader = MasterRegistrations.leader(children).orElseThrow(
          () -> new IOException("no master is registered under " + path + " (no json.info_<seq> node)"));
      byte[] data = zk.getData().forPath(path + "/" + leader.node());
      URI url = MasterRegistrations.baseUrl(MasterRegistrations.parse(leader, data), scheme);
      LOG.debug("ZooKeeper {} names {} ({}) as the leading master", address.describe(), url, leader.node());
      return List.of(url);
    } catch (KeeperException.NoNodeException e) {
      // the path is missing, or the leader's node went away between the two reads (an election)
      throw new IOException("no node " + e.getPath() + " in ZooKeeper " + address.hosts()
          + (path.equals(e.getPath()) ? ": is it the path of the masters' --zk?" : ""), e);
    } catch (KeeperException.NoAuthException e) {
      throw new IOException("ZooKeeper " + address.hosts() + " refuses to show " + path
          + " without the right credentials (zk://user:password@...)", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("reading " + path + " from ZooKeeper " + address.hosts() + " failed: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  @Override
  public String describe() {
    return address.describe();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private synchronized CuratorFramework client() throws IOException {
    if (closed) {
      throw new IOException("the master locator is closed");
    }
    if (client == null) {
      CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
          .connectString(address.hosts())
          .sessionTimeoutMs(30_000)
          .connectionTimeoutMs((int) wait.toMillis())
          // a lookup gives up in bounded time: the client's own backoff does the retrying
          .retryPolicy(new RetryUntilElapsed((int) wait.toMillis(), 500))
          .ensembleTracker(false);
      address.digest().ifPresent(d -> builder.authorization("digest", d.getBytes(StandardCharsets.UTF_8)));
      client = builder.build();
      client.start();
    }
    return client;
  }
}
