package io.kafkamesos.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.kafkamesos.scheduler.kafka.CuratorKafkaRegistry;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** The cluster view read from the nodes Kafka 2.4 writes in its chroot, on a test ZooKeeper. */
class KafkaClusterOpsTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  private static void write(CuratorFramework zk, String path, String json) throws Exception {
    zk.create().creatingParentsIfNeeded().forPath(path, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsReplicasIsrsMinInsyncAndTheController() throws Exception {
    try (TestingServer server = new TestingServer(true);
        CuratorFramework writer = ZooKeeperClients.client(server.getConnectString(), null);
        CuratorFramework reader = ZooKeeperClients.client(server.getConnectString() + "/kafka0", null)) {
      writer.start();
      reader.start();
      write(writer, "/kafka0/brokers/ids/0", "{\"host\":\"h0\",\"port\":9092,\"version\":4}");
      write(writer, "/kafka0/brokers/ids/2", "{\"host\":\"h2\",\"port\":9092,\"version\":4}");
      write(writer, "/kafka0/controller", "{\"version\":1,\"brokerid\":2,\"timestamp\":\"1\"}");
      write(writer, "/kafka0/brokers/topics/orders",
          "{\"version\":2,\"partitions\":{\"0\":[0,1,2],\"1\":[1,2,0]},\"adding_replicas\":{}}");
      write(writer, "/kafka0/brokers/topics/orders/partitions/0/state",
          "{\"controller_epoch\":1,\"leader\":0,\"version\":1,\"leader_epoch\":3,\"isr\":[0,2]}");
      write(writer, "/kafka0/config/topics/orders", "{\"version\":1,\"config\":{\"min.insync.replicas\":\"2\"}}");
      write(writer, "/kafka0/brokers/topics/logs", "{\"version\":2,\"partitions\":{\"0\":[2]}}");
      write(writer, "/kafka0/brokers/topics/logs/partitions/0/state", "{\"leader\":2,\"isr\":[2]}");

      KafkaClusterOps ops = new KafkaClusterOps(reader, JSON, new CuratorKafkaRegistry(reader, JSON),
          () -> KafkaClusterOps.defaultMinInsync(Map.of("min.insync.replicas", "3")));
      ClusterView view = ops.view(Set.of(0, 1, 2));

      assertThat(view.registered()).containsExactly(0, 2);
      assertThat(view.controller()).isEqualTo(2);
      assertThat(view.partitions()).containsExactlyInAnyOrder(
          new ClusterView.PartitionState("orders", 0, List.of(0, 1, 2), List.of(0, 2), 2),
          new ClusterView.PartitionState("orders", 1, List.of(1, 2, 0), List.of(), 2),
          new ClusterView.PartitionState("logs", 0, List.of(2), List.of(2), 3));
      assertThat(view.underReplicated()).isEqualTo(2);
    }
  }

  @Test
  void theBrokerDefaultMinInsyncIsTheOverrideElseOne() {
    assertThat(KafkaClusterOps.defaultMinInsync(Map.of())).isEqualTo(1);
    assertThat(KafkaClusterOps.defaultMinInsync(Map.of("min.insync.replicas", "2"))).isEqualTo(2);
    assertThat(KafkaClusterOps.defaultMinInsync(Map.of("min.insync.replicas", "x"))).isEqualTo(1);
  }
}
