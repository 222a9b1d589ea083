package io.kafkamesos.scheduler.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.topic.PartitionHealth;
import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Reads the cluster from Kafka's ZooKeeper (a client already rooted at the cluster's chroot):
 * {@code /brokers/ids}, {@code /controller}, {@code /brokers/topics/<t>} and each partition's
 * {@code state}.
 */
public final class ZooKeeperClusterReader implements ClusterReader {

  private final CuratorFramework zk;
  private final ObjectMapper json;
  private final Clock clock;

  public ZooKeeperClusterReader(CuratorFramework zk, ObjectMapper json, Clock clock) {
    this.zk = Objects.requireNonNull(zk);
    this.json = Objects.requireNonNull(json);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public ClusterState read() {
    if (!zk.getZookeeperClient().isConnected()) {
      return ClusterState.unreadable("Kafka's ZooKeeper is not connected", clock.instant());
    }
    try {
      Set<Integer> registered = new HashSet<>();
      for (String id : children("/brokers/ids")) {
        registered.add(Integer.parseInt(id));
      }
      int controller = data("/controller").map(n -> n.path("brokerid").asInt(-1)).orElse(-1);
      List<PartitionStatus> partitions = new ArrayList<>();
      for (String topic : children("/brokers/topics")) {
        JsonNode assignment = data("/brokers/topics/" + topic).map(n -> n.path("partitions"))
            .orElse(json.createObjectNode());
        assignment.fields().forEachRemaining(e -> {
          int partition = Integer.parseInt(e.getKey());
          List<Integer> replicas = ints(e.getValue());
          JsonNode state = data("/brokers/topics/" + topic + "/partitions/" + partition + "/state")
              .orElse(json.createObjectNode());
          partitions.add(new PartitionStatus(topic, partition, replicas,
              state.path("leader").asInt(PartitionHealth.NO_LEADER), ints(state.path("isr"))));
        });
      }
      return ClusterState.of(registered, controller, partitions, clock.instant());
    } catch (Exception e) {
      return ClusterState.unreadable("cannot read Kafka's ZooKeeper: " + e, clock.instant());
    }
  }

  private List<String> children(String path) throws Exception {
    try {
      return zk.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  private Optional<JsonNode> data(String path) {
    try {
      return Optional.of(json.readTree(zk.getData().forPath(path)));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
