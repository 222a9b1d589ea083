package io.kafkamesos.local.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZooKeeper's machine dies and comes back: same port, same data. */
class EmbeddedZooKeeperTest {

  @TempDir
  Path dataDir;

  @Test
  void aRestartedServerKeepsItsPortAndData() throws Exception {
    EmbeddedZooKeeper first = EmbeddedZooKeeper.start(dataDir, 0);
    int port = first.port();
    try {
      write(first.connectString(), "/kept", "before the outage");
    } finally {
      first.close();
    }
    assertThat(first.isServing()).isFalse();
    assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
        .isInstanceOf(ConnectException.class);

    try (EmbeddedZooKeeper second = first.restart()) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(second.isServing()).isTrue();
      assertThat(read(second.connectString(), "/kept")).isEqualTo("before the outage");
    }
  }

  @Test
  void aServingServerCannotBeRestarted() throws Exception {
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0)) {
      assertThatThrownBy(zk::restart).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still serves");
    }
  }

  private static void write(String connect, String path, String value) throws Exception {
    ZooKeeper client = connect(connect);
    try {
      client.create(path, value.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
          CreateMode.PERSISTENT);
    } finally {
      client.close();
    }
  }

  private static String read(String connect, String path) throws Exception {
    ZooKeeper client = connect(connect);
    try {
      return new String(client.getData(path, false, null), StandardCharsets.UTF_8);
    } finally {
      client.close();
    }
  }

  private static ZooKeeper connect(String connect) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper client = new ZooKeeper(connect, 10_000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to " + connect).isTrue();
    return client;
  }
}
