package io.kafkamesos.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.MasterAddress;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.mesos.TestMaster;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Masters registered in a real ZooKeeper (curator-test) as Mesos registers them: ephemeral
 * sequential children {@code json.info_<seq>} of the path, with the MasterInfo as JSON, beside the
 * replicated log's {@code log_replicas}.
 */
class ZooKeeperMasterLocatorTest {

  private TestingServer zookeeper;
  private CuratorFramework masters;
  private ZooKeeperMasterLocator locator;
  private MesosClient<Call, Event> client;
  private final List<TestMaster> httpMasters = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    zookeeper = new TestingServer(true);
    masters = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
    masters.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (locator != null) {
      locator.close();
    }
    httpMasters.forEach(TestMaster::close);
    masters.close();
    zookeeper.close();
  }

  @Test
  void theLowestSequenceIsTheLeader() throws Exception {
    masters.create().creatingParentsIfNeeded().forPath("/mesos/log_replicas");
    String first = register("/mesos", "m1.example", "10.0.0.1", 5050);
    register("/mesos", "m2.example", "10.0.0.2", 5051);
    locator = locator("zk://" + zookeeper.getConnectString() + "/mesos");

    assertThat(first).matches("/mesos/json\\.info_\\d{10}");
    assertThat(locator.masters()).containsExactly(URI.create("http://m1.example:5050"));
  }

  @Test
  void readsTheRegistrationsAnewAfterAnElection() throws Exception {
    String first = register("/mesos", "m1.example", "10.0.0.1", 5050);
    register("/mesos", "m2.example", "10.0.0.2", 5050);
    locator = locator("zk://" + zookeeper.getConnectString() + "/mesos");
    assertThat(locator.masters()).containsExactly(URI.create("http://m1.example:5050"));

    masters.delete().forPath(first); // the leader's session ended

    assertThat(locator.masters()).containsExactly(URI.create("http://m2.example:5050"));
  }

  @Test
  void saysWhenNoMasterIsRegistered() throws Exception {
    masters.create().creatingParentsIfNeeded().forPath("/mesos/log_replicas");
    locator = locator("zk://" + zookeeper.getConnectString() + "/mesos");

    assertThatThrownBy(locator::masters).isInstanceOf(IOException.class)
        .hasMessage("no master is registered under /mesos (no json.info_<seq> node)");
  }

  @Test
  void saysWhenThePathIsNotThere() {
    locator = locator("zk://" + zookeeper.getConnectString() + "/not-mesos");

    assertThatThrownBy(locator::masters).isInstanceOf(IOException.class)
        .hasMessageContaining("no node /not-mesos in ZooKeeper")
        .hasMessageContaining("the path of the masters' --zk");
  }

  @Test
  void saysWhenZooKeeperDoesNotAnswer() throws Exception {
    String hosts = zookeeper.getConnectString();
    zookeeper.stop();
    locator = new ZooKeeperMasterLocator((MasterAddress.ZooKeeper) MasterAddress.parse("zk://" + hosts + "/mesos"),
        "http", Duration.ofSeconds(1));

    assertThatThrownBy(locator::masters).isInstanceOf(IOException.class)
        .hasMessage("ZooKeeper " + hosts + " does not answer within 1 s");
  }

  @Test
  void readsAPathProtectedByDigestCredentials() throws Exception {
    CuratorFramework owner = CuratorFrameworkFactory.builder().connectString(zookeeper.getConnectString())
        .retryPolicy(new RetryOneTime(100))
        .authorization("digest", "mesos:s3cret".getBytes(StandardCharsets.UTF_8)).build();
    owner.start();
    try {
      owner.create().withACL(ZooDefs.Ids.CREATOR_ALL_ACL).forPath("/secure");
      owner.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).withACL(ZooDefs.Ids.CREATOR_ALL_ACL)
          .forPath("/secure/json.info_", json("m1.example", "10.0.0.1", 5050));

      try (ZooKeeperMasterLocator anonymous = locator("zk://" + zookeeper.getConnectString() + "/secure")) {
        assertThatThrownBy(anonymous::masters).hasMessageContaining("without the right credentials");
      }
      locator = locator("zk://mesos:s3cret@" + zookeeper.getConnectString() + "/secure");
      assertThat(locator.masters()).containsExactly(URI.create("http://m1.example:5050"));
      assertThat(locator.describe()).doesNotContain("s3cret");
    } finally {
      owner.close();
    }
  }

  @Test
  void theClientSubscribesToTheLeaderZooKeeperNamesAndFollowsTheNextOne() throws Exception {
    TestMaster first = httpMaster();
    TestMaster second = httpMaster();
    String firstNode = register("/mesos", "127.0.0.1", "127.0.0.1", first.port());
    register("/mesos", "127.0.0.1", "127.0.0.1", second.port());
    second.onSubscribe = TestMaster.redirectTo(first); // a follower redirects, as Mesos does
    List<Event> events = new CopyOnWriteArrayList<>();
    MesosConnection connection = MesosConnection.parse("zk://" + zookeeper.getConnectString() + "/mesos",
        "kafka0-principal", Map.of());
    client = connection.<Call, Event>builder(MesosApi.SCHEDULER)
        .subscribeCall(() -> Call.newBuilder().setType(Call.Type.SUBSCRIBE).build())
        .listener(events::add)
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5))
        .build()
        .start();

    await(() -> client.status().connected());
    assertThat(client.status().master()).contains(first.url());
    assertThat(second.requests).isEmpty();

    // the leader dies: its registration goes, its stream ends, and the next master leads
    masters.delete().forPath(firstNode);
    second.onSubscribe = TestMaster::stream;
    first.onSubscribe = TestMaster.status(503, "No leader elected");
    first.endStreams();

    await(() -> client.status().connected() && client.status().master().orElse("").equals(second.url()));
    assertThat(second.requests(Call.Type.SUBSCRIBE)).hasSize(1);
  }

  private TestMaster httpMaster() throws IOException {
    TestMaster master = new TestMaster();
    httpMasters.add(master);
    return master;
  }

  private ZooKeeperMasterLocator locator(String url) {
    return new ZooKeeperMasterLocator((MasterAddress.ZooKeeper) MasterAddress.parse(url), "http",
        Duration.ofSeconds(10));
  }

  /** Registers a master as Mesos does: an ephemeral sequential json.info_ child with its MasterInfo. */
  private String register(String path, String hostname, String ip, int port) throws Exception {
    return masters.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(path + "/json.info_", json(hostname, ip, port));
  }

  /** The JSON a Mesos 1.12 master writes (JSON::protobuf of its MasterInfo). */
  private static byte[] json(String hostname, String ip, int port) {
    String[] octets = ip.split("\\.");
    long networkOrder = Long.parseLong(octets[0]) | Long.parseLong(octets[1]) << 8
        | Long.parseLong(octets[2]) << 16 | Long.parseLong(octets[3]) << 24;
    return ("{\"address\":{\"hostname\":\"" + hostname + "\",\"ip\":\"" + ip + "\",\"port\":" + port
        + "},\"capabilities\":[{\"type\":\"AGENT_UPDATE\"},{\"type\":\"AGENT_DRAINING\"},"
        + "{\"type\":\"QUOTA_V2\"}],\"hostname\":\"" + hostname + "\",\"id\":\"" + java.util.UUID.randomUUID()
        + "\",\"ip\":" + networkOrder + ",\"pid\":\"master@" + ip + ":" + port + "\",\"port\":" + port
        + ",\"version\":\"1.12.0\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(20);
    }
  }
}
