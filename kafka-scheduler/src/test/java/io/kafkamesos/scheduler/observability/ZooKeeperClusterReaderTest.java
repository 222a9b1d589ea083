package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka's znodes, written as Kafka writes them, on a real ZooKeeper. */
class ZooKeeperClusterReaderTest {

  private TestingServer server;
  private CuratorFramework zk;
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    CuratorFramework root = CuratorFrameworkFactory.newClient(server.getConnectString(),
        new RetryOneTime(100));
    root.start();
    root.blockUntilConnected();
    root.create().forPath("/kafka0");
    root.close();
    zk = CuratorFrameworkFactory.newClient(server.getConnectString() + "/kafka0",
        new RetryOneTime(100));
    zk.start();
    zk.blockUntilConnected();
  }

  @AfterEach
  void stop() throws Exception {
    if (zk != null) {
      zk.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void put(String path, String json) throws Exception {
    zk.create().creatingParentsIfNeeded().forPath(path, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyClusterHasNothing() {
    ClusterState state = reader().read();
    assertThat(state.error()).isEmpty();
    assertThat(state.registered()).isEmpty();
    assertThat(state.controller()).isEqualTo(-1);
    assertThat(state.partitions()).isEmpty();
  }

  @Test
  void readsBrokersControllerAndPartitionsAndFindsTheOnesInTrouble() throws Exception {
    put("/brokers/ids/0", "{\"host\":\"h0\",\"port\":9092}");
    put("/brokers/ids/1", "{\"host\":\"h1\",\"port\":9092}");
    put("/controller", "{\"version\":1,\"brokerid\":1,\"timestamp\":\"1\"}");
    put("/brokers/topics/t", "{\"version\":2,\"partitions\":{\"0\":[0,1],\"1\":[1,2],\"2\":[2]}}");
    put("/brokers/topics/t/partitions/0/state", "{\"leader\":0,\"isr\":[0,1]}");
    put("/brokers/topics/t/partitions/1/state", "{\"leader\":1,\"isr\":[1]}");
    put("/brokers/topics/t/partitions/2/state", "{\"leader\":-1,\"isr\":[2]}");

    ClusterState state = reader().read();

    assertThat(state.registered()).containsExactly(0, 1);
    assertThat(state.controller()).isEqualTo(1);
    assertThat(state.partitions()).hasSize(3);
    assertThat(state.underReplicated()).containsExactly(
        new PartitionStatus("t", 1, List.of(1, 2), 1, List.of(1)));
    assertThat(state.offline()).containsExactly(
        new PartitionStatus("t", 2, List.of(2), -1, List.of(2)));
  }

  @Test
  void aLostZooKeeperIsAnErrorNotAnException() throws Exception {
    server.stop();
    ClusterState state = new ClusterWatch(reader(), clock, Duration.ZERO).current();
    assertThat(state.error()).isPresent();
  }

  private ZooKeeperClusterReader reader() {
    return new ZooKeeperClusterReader(zk, new ObjectMapper(), clock);
  }
}
