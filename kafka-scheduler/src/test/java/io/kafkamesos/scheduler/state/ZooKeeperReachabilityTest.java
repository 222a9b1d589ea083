package io.kafkamesos.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZooKeeperReachabilityTest {

  /** Resolves the names of the map; everything answers but the ports listed as refusing. */
  private static ZooKeeperReachability world(Map<String, String> names, int... refusing) {
    return new ZooKeeperReachability(host -> {
      String ip = names.get(host);
      if (ip == null) {
        throw new UnknownHostException(host);
      }
      return InetAddress.getByName(ip);
    }, address -> {
      for (int port : refusing) {
        if (address.getPort() == port) {
          return Optional.of("Connection refused");
        }
      }
      return Optional.empty();
    });
  }

  @Test
  void namesTheHostThatDoesNotResolve() {
    assertThat(world(Map.of()).diagnose("master.mesos:2181")).isEqualTo("cannot resolve master.mesos");
  }

  @Test
  void namesEveryServerAndWhatIsWrongWithIt() {
    ZooKeeperReachability w = world(Map.of("zk-2", "10.0.0.2", "zk-3", "10.0.0.3"), 2182);
    assertThat(w.diagnose("zk-1:2181,zk-2:2182,zk-3:2181/kafka"))
        .isEqualTo("cannot resolve zk-1; nothing answers at zk-2:2182 (Connection refused)");
  }

  @Test
  void serversThatAnswerButGiveNoSessionAreSaidToBeSo() {
    assertThat(world(Map.of("zk", "10.0.0.1")).diagnose("zk"))
        .isEqualTo("ZooKeeper at zk:2181 accepts connections but gives no session yet "
            + "(a server without quorum does that)");
  }

  @Test
  void parsesPortsChrootsAndIpv6() {
    assertThat(ZooKeeperReachability.servers("a:1, b ,[::1]:3/chroot/x"))
        .containsExactly(new ZooKeeperReachability.Server("a", 1),
            new ZooKeeperReachability.Server("b", 2181), new ZooKeeperReachability.Server("::1", 3));
  }

  @Test
  void theSystemProberTellsAClosedPortFromAnOpenOne() throws Exception {
    ZooKeeperReachability system = ZooKeeperReachability.system(Duration.ofSeconds(2));
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
      assertThat(system.diagnose("127.0.0.1:" + closed)).startsWith("ZooKeeper at 127.0.0.1:" + closed
          + " accepts connections");
    }
    assertThat(system.diagnose("127.0.0.1:" + closed)).startsWith("nothing answers at 127.0.0.1:" + closed);
    assertThat(system.diagnose("no-such-host.invalid:2181")).isEqualTo("cannot resolve no-such-host.invalid");
  }
}
