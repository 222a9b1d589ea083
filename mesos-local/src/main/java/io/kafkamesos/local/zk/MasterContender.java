package io.kafkamesos.local.zk;

import io.kafkamesos.commons.mesos.ContentType;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mesos master's candidacy and leader detection in ZooKeeper, as Mesos' ZooKeeper contender
 * and detector do it (src/master/contender/zookeeper.cpp, src/master/detector/zookeeper.cpp,
 * src/zookeeper/group.cpp): the master joins the group {@code /mesos} with an ephemeral
 * sequential node {@code json.info_<10-digit sequence>} holding its MasterInfo as JSON, and the
 * member with the lowest sequence leads. It watches the group and reports every leader it sees
 * (empty: none) to its listener. Closing ends its session, so its node vanishes at once; a crash
 * leaves the node until ZooKeeper expires the session; a session that expires (ZooKeeper was away too long) is replaced and the master joins again.
 */
public final class MasterContender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MasterContender.class);
  /** Mesos' {@code MASTER_INFO_JSON_LABEL}; members are {@code json.info_0000000003}. */
  public static final String LABEL = "json.info";
  /** Mesos' default {@code --zk_session_timeout}. */
  static final int SESSION_TIMEOUT_MS = 10_000;

  private final String connect;
  private final String group;
  private final byte[] info;
  private final Consumer<Optional<MasterInfo>> listener;
  private final ExecutorService worker;
  private final Watcher watcher = this::watched;
  private ZooKeeper zk;
  private String member;
  private volatile boolean closed;

  /**
   * @param connect ZooKeeper's {@code host:port}
   * @param group the group's path, {@code /mesos}
   * @param info this master's MasterInfo as JSON, the member's data
   * @param listener told of each leader seen, on the contender's own thread
   */
  public MasterContender(String connect, String group, byte[] info,
      Consumer<Optional<MasterInfo>> listener, String name) {
    this.connect = Objects.requireNonNull(connect);
    this.group = Objects.requireNonNull(group);
    this.info = info.clone();
    this.listener = Objects.requireNonNull(listener);
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-zk");
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects; the candidacy and detection follow once connected. */
  public synchronized void start() throws IOException {
    zk = new ZooKeeper(connect, SESSION_TIMEOUT_MS, watcher);
  }

  /** The path of this master's member node, once it joined. */
  public synchronized Optional<String> member() {
    return Optional.ofNullable(member);
  }

  private void watched(WatchedEvent event) {
    if (event.getType() == Watcher.Event.EventType.None) {
      switch (event.getState()) {
        case SyncConnected -> submit(this::joinAndDetect);
        case Expired -> submit(this::renewSession);
        default -> {
          // disconnected: keep what we know until the session comes back or expires
        }
      }
    } else {
      submit(this::detect);
    }
  }

  private void submit(Runnable work) {
    if (closed) {
      return;
    }
    try {
      worker.execute(() -> {
        if (!closed) {
          work.run();
        }
      });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private synchronized void renewSession() {
    LOG.info("ZooKeeper session of master member {} expired; joining again", member);
    try {
      zk.close();
      member = null;
      zk = new ZooKeeper(connect, SESSION_TIMEOUT_MS, watcher);
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("cannot renew the ZooKeeper session of a master: {}", e.toString());
    }
  }

  private synchronized void joinAndDetect() {
    try {
      if (member == null || zk.exists(member, false) == null) {
        ensureGroup();
        member = zk.create(group + "/" + LABEL + "_", info, ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.EPHEMERAL_SEQUENTIAL);
        LOG.info("Master joined {} as {}", group, member);
      }
    } catch (KeeperException e) {
      LOG.info("cannot join {} now ({}); trying again when connected", group, e.code());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    detect();
  }

  private void ensureGroup() throws KeeperException, InterruptedException {
    StringBuilder path = new StringBuilder();
    for (String part : group.substring(1).split("/")) {
      path.append('/').append(part);
      try {
        zk.create(path.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT);
      } catch (KeeperException.NodeExistsException e) {
        // there already
      }
    }
  }

  private synchronized void detect() {
    try {
      List<String> children = zk.getChildren(group, watcher);
      Optional<String> leader = children.stream().filter(c -> c.startsWith(LABEL + "_"))
          .filter(c -> sequence(c) >= 0).min(Comparator.comparingLong(MasterContender::sequence));
      if (leader.isEmpty()) {
        listener.accept(Optional.empty());
        return;
      }
      byte[] data = zk.getData(group + "/" + leader.get(), false, null);
      listener.accept(Optional.of(ContentType.JSON.decode(data, MasterInfo.newBuilder())));
    } catch (KeeperException.NoNodeException e) {
      submit(this::detect); // the leader left while we looked: look again
    } catch (KeeperException e) {
      LOG.info("cannot read {} now ({}); waiting for ZooKeeper", group, e.code());
    } catch (IOException e) {
      LOG.warn("the leading member of {} holds no MasterInfo: {}", group, e.getMessage());
      listener.accept(Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sequence of a member, from the digits after its label; -1 if it has none. */
  static long sequence(String child) {
    String digits = child.substring(child.lastIndexOf('_') + 1);
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The master's process dies without a word to ZooKeeper (kill -9, its machine gone): the client
   * stops, but its session is not closed, so the member node stays until ZooKeeper expires the
   * session ({@link #SESSION_TIMEOUT_MS}), as a crashed Mesos master's does. Meanwhile the others
   * still see this member lead.
   */
  public void crash() {
    closed = true;
    worker.shutdownNow();
    ZooKeeper session;
    synchronized (this) {
      session = zk;
      zk = null;
    }
    if (session != null) {
      // drops the connection without a closeSession request: the server keeps the session
      session.getTestable().injectSessionExpiration();
    }
  }

  /** Ends the candidacy: the session closes and the member node vanishes with it. */
  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    ZooKeeper session;
    synchronized (this) {
      session = zk;
      zk = null;
    }
    if (session != null) {
      try {
        session.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
