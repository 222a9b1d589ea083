package io.kafkamesos.scheduler.leader;

import io.kafkamesos.scheduler.state.ZooKeeperReachability;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election in ZooKeeper: a Curator {@link LeaderLatch} at {@code /<framework>/scheduler/leader}
 * (beside the scheduler's state, never beside Kafka's nodes under the same chroot) whose participant
 * id is the {@link LeaderInfo} of each process. The client is this election's own (see
 * {@code ZooKeeperClients.leaderClient}): its session is the latch's life, and a suspended
 * connection keeps the latch until ZooKeeper says the session expired.
 */
public final class CuratorElection implements Election {

  private static final Logger LOG = LoggerFactory.getLogger(CuratorElection.class);

  private final CuratorFramework client;
  private final String connect;
  private final ZooKeeperReachability reachability;
  private final String path;
  private final LeaderLatch latch;

  /**
   * @param client a client of {@code connect}, not started: the election starts and closes it
   * @param frameworkName the cluster's name: the latch lives at {@code /<frameworkName>/scheduler/leader}
   * @param self this process, as the others will read it
   */
  public CuratorElection(CuratorFramework client, String connect, String frameworkName, LeaderInfo self,
      ZooKeeperReachability reachability) {
    this.client = Objects.requireNonNull(client);
    this.connect = Objects.requireNonNull(connect);
    this.reachability = Objects.requireNonNull(reachability);
    this.path = latchPath(frameworkName);
    this.latch = new LeaderLatch(client, path, self.toParticipantId());
  }

  /** Where the latch's nodes live, relative to the ZooKeeper chroot of the state. */
  public static String latchPath(String frameworkName) {
    return "/" + frameworkName + "/scheduler/leader";
  }

  @Override
  public void join(Events events) {
    Objects.requireNonNull(events);
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.SUSPENDED) {
        events.suspended();
      } else if (state == ConnectionState.RECONNECTED) {
        events.reconnected();
      } else if (state == ConnectionState.LOST) {
        events.lost("its ZooKeeper session ended");
      } else if (state == ConnectionState.CONNECTED) {
        events.progressed();
      }
    });
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        LOG.info("This scheduler holds the leader latch at {} (ZooKeeper {})", path, connect);
        events.progressed();
      }

      @Override
      public void notLeader() {
        events.lost("it no longer holds the leader latch: its ZooKeeper session ended, or its latch "
            + "node was removed");
      }
    });
    client.start();
    try {
      latch.start(); // joins once connected, in the background
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the leader latch: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean connected() {
    return client.getZookeeperClient().isConnected();
  }

  @Override
  public boolean leads() {
    return latch.hasLeadership();
  }

  @Override
  public boolean awaitLeadership(Duration wait) throws InterruptedException {
    return latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<LeaderInfo> leader() {
    if (!connected()) {
      return Optional.empty();
    }
    try {
      Participant leader = latch.getLeader();
      return leader.isLeader() ? LeaderInfo.fromParticipantId(leader.getId()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty(); // asked again on the next round
    }
  }

  @Override
  public String problem() {
    return connected() ? "" : reachability.diagnose(connect);
  }

  @Override
  public void leave() {
    try {
      if (latch.getState() == LeaderLatch.State.STARTED) {
        latch.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Leaving the election: {}", e.getMessage());
    } finally {
      client.close();
    }
  }
}
