package io.kafkamesos.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ZooKeeper-mode view on a real ZooKeeper, with Kafka's znodes written as Kafka writes them:
 * it loads what is there, then follows every change through its watches (never reading on request).
 */
class ZooKeeperKafkaAccessTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestingServer server;
  private CuratorFramework zk;
  private ZooKeeperKafkaAccess access;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    zk = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
    zk.start();
    zk.blockUntilConnected();
  }

  @AfterEach
  void stop() throws Exception {
    if (access != null) {
      access.close();
    }
    if (zk != null) {
      zk.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void put(String path, String json) throws Exception {
    zk.create().creatingParentsIfNeeded().forPath("/kafka0" + path, json.getBytes(StandardCharsets.UTF_8));
  }

  private void set(String path, String json) throws Exception {
    zk.setData().forPath("/kafka0" + path, json.getBytes(StandardCharsets.UTF_8));
  }

  private void open() {
    access = ZooKeeperKafkaAccess.open(server.getConnectString() + "/kafka0", Clock.systemUTC());
  }

  private ClusterSnapshot until(String what, Predicate<ClusterSnapshot> condition) {
    ClusterSnapshot s = access.await(condition, WAIT);
    assertThat(condition.test(s)).as(what + ": " + s.topics() + " " + s.brokers() + " " + s.error()).isTrue();
    return s;
  }

  @Test
  void aClusterWithoutItsChrootYetIsEmptyAndTrusted() {
    open();
    ClusterSnapshot s = until("loaded", v -> v.error().isEmpty());
    assertThat(s.brokers()).isEmpty();
    assertThat(s.controller()).isEqualTo(-1);
    assertThat(s.topics()).isEmpty();
  }

  @Test
  void loadsBrokersControllerAndPartitionsThenFollowsEveryChange() throws Exception {
    put("/brokers/ids/0", "{\"endpoints\":[\"PLAINTEXT://h0:9092\"],\"host\":\"h0\",\"port\":9092}");
    put("/brokers/ids/1", "{\"endpoints\":[\"PLAINTEXT://h1:9092\"],\"host\":\"h1\",\"port\":9092}");
    put("/controller", "{\"version\":1,\"brokerid\":1,\"timestamp\":\"1\"}");
    put("/brokers/topics/t", "{\"version\":2,\"partitions\":{\"0\":[0,1],\"1\":[1,2],\"2\":[2]}}");
    put("/brokers/topics/t/partitions/0/state",
        "{\"controller_epoch\":1,\"leader\":0,\"version\":1,\"leader_epoch\":0,\"isr\":[0,1]}");
    put("/brokers/topics/t/partitions/1/state", "{\"leader\":1,\"isr\":[1]}");
    put("/brokers/topics/t/partitions/2/state", "{\"leader\":-1,\"isr\":[2]}");
    put("/config/topics/t", "{\"version\":1,\"config\":{}}");
    open();

    ClusterSnapshot s = until("loaded", v -> v.error().isEmpty() && v.partitionCount() == 3
        && v.topic("t").get().partitions().get(2).stateJson() != null);
    assertThat(s.brokerIds()).containsExactly(0, 1);
    assertThat(s.bootstrapServers()).isEqualTo("h0:9092,h1:9092");
    assertThat(s.controller()).isEqualTo(1);
    assertThat(s.underReplicated()).containsExactly(new PartitionStatus("t", 1, List.of(1, 2), 1, List.of(1)));
    assertThat(s.unavailable()).containsExactly(new PartitionStatus("t", 2, List.of(2), -1, List.of(2)));
    Map<String, Object> state = access.partitionStates("t").orElseThrow().get(0);
    assertThat(state.keySet()).as("keys sorted").containsExactly("controller_epoch", "isr", "leader",
        "leader_epoch", "version");
    assertThat(state.get("isr")).isEqualTo(List.of(0, 1));
    assertThat(access.snapshot()).as("nothing changed: the same snapshot").isSameAs(access.snapshot());

    set("/brokers/topics/t/partitions/0/state", "{\"leader\":0,\"isr\":[0]}"); // an ISR shrinks
    until("the shrunk ISR", v -> v.underReplicated().size() == 2);
    zk.delete().forPath("/kafka0/brokers/ids/1"); // a broker goes
    until("broker 1 gone", v -> v.brokerIds().equals(Set.of(0)) && v.unavailable().size() == 2);
    put("/brokers/topics/u", "{\"version\":2,\"partitions\":{\"0\":[0]}}");
    put("/brokers/topics/u/partitions/0/state", "{\"leader\":0,\"isr\":[0]}");
    until("topic u", v -> v.hasTopic("u") && v.topic("u").get().partitions().get(0).leader() == 0);
    put("/admin/delete_topics/u", "");
    until("u marked for deletion", v -> !v.hasTopic("u") && v.topic("u").get().markedForDeletion());
    assertThat(access.topicExists("u")).isFalse();
    assertThat(access.topicExists("t")).isTrue();
    zk.delete().deletingChildrenIfNeeded().forPath("/kafka0/brokers/topics/u");
    zk.delete().forPath("/kafka0/admin/delete_topics/u");
    until("u gone", v -> v.topic("u").isEmpty());
    set("/controller", "{\"version\":1,\"brokerid\":0,\"timestamp\":\"2\"}");
    until("controller 0", v -> v.controller() == 0);
  }

  @Test
  void aLostZooKeeperMarksTheViewAndTheViewCatchesUpWhenItIsBack() throws Exception {
    put("/brokers/ids/0", "{\"host\":\"h0\",\"port\":9092}");
    open();
    until("loaded", v -> v.error().isEmpty() && v.brokerIds().contains(0));

    server.stop();
    until("an error", v -> v.error().isPresent());
    assertThat(access.snapshot().error().get()).contains("not connected");
    assertThatThrownBy(() -> access.topicExists("t")).isInstanceOf(KafkaUnavailableException.class)
        .hasMessageContaining("not connected");

    server.restart();
    until("connected again", v -> v.error().isEmpty());
    zk.blockUntilConnected();
    put("/brokers/ids/1", "{\"host\":\"h1\",\"port\":9092}");
    until("the change after the outage", v -> v.brokerIds().contains(1));
  }
}
