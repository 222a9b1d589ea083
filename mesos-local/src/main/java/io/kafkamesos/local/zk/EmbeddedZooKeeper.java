package io.kafkamesos.local.zk;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A standalone ZooKeeper server on 127.0.0.1 whose data survives restarts in its data dir. */
public final class EmbeddedZooKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
  private static final int TICK_MILLIS = 500;

  private final Path dataDir;
  private final int port;
  private final ServerCnxnFactory factory;
  private final ZooKeeperServer server;
  private volatile boolean serving = true;

  private EmbeddedZooKeeper(Path dataDir, ServerCnxnFactory factory, ZooKeeperServer server) {
    this.dataDir = dataDir;
    this.port = factory.getLocalPort();
    this.factory = factory;
    this.server = server;
  }

  /** Starts on the port (0: any free port); see {@link #port()}. */
  public static EmbeddedZooKeeper start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    File dir = dataDir.toFile();
    ZooKeeperServer server = new ZooKeeperServer(new FileTxnSnapLog(dir, dir), TICK_MILLIS, "");
    ServerCnxnFactory factory = ServerCnxnFactory.createFactory();
    factory.configure(new InetSocketAddress("127.0.0.1", port), 1000);
    try {
      factory.startup(server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting ZooKeeper", e);
    }
    EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, factory, server);
    LOG.info("ZooKeeper serving on 127.0.0.1:{} with data in {}", zk.port(), dataDir);
    return zk;
  }

  /**
   * A new server on this one's port and data dir, once this one is {@link #close closed}.
   *
   * @throws IllegalStateException while this one still serves
   */
  public EmbeddedZooKeeper restart() throws IOException {
    if (serving) {
      throw new IllegalStateException("ZooKeeper on port " + port() + " still serves");
    }
    return start(dataDir, port);
  }

  /** False once {@link #close closed}. */
  public boolean isServing() {
    return serving;
  }

  public int port() {
    return port;
  }

  public String connectString() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    if (!serving) {
      return;
    }
    serving = false;
    factory.shutdown();
    if (server.isRunning()) {
      server.shutdown();
    }
    LOG.info("ZooKeeper stopped");
  }
}
