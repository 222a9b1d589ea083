package io.kafkamesos.scheduler.kraft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the migration's state and the cluster id from the cluster's ZooKeeper chroot with Curator:
 * {@code /migration} ({@code {"version":0,"kraft_controller_id":3000,"kraft_metadata_offset":...}})
 * and {@code /cluster/id} ({@code {"version":"1","id":"..."}}).
 */
public final class CuratorMigrationProbe implements MigrationProbe {

  private static final Logger LOG = LoggerFactory.getLogger(CuratorMigrationProbe.class);
  static final String MIGRATION = "/migration";
  static final String CLUSTER_ID = "/cluster/id";
  static final String CONTROLLER = "/controller";

  private final CuratorFramework kafkaZk;
  private final ObjectMapper json;
  private String lastSeen = "";

  /** @param kafkaZk a client of the cluster's chroot ({@code zk:2181/kafka0}) */
  public CuratorMigrationProbe(CuratorFramework kafkaZk, ObjectMapper json) {
    this.kafkaZk = Objects.requireNonNull(kafkaZk);
    this.json = Objects.requireNonNull(json);
  }

  @Override
  public Optional<ZkMigration> read() {
    Optional<String> text = get(MIGRATION);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().equals(lastSeen)) {
      lastSeen = text.get();
      LOG.info("Kafka's {} znode: {}", MIGRATION, lastSeen);
    }
    return Optional.of(parse(json, text.get()));
  }

  @Override
  public void clearForZookeeper(java.util.Set<Integer> zookeeperBrokers) {
    Optional<String> migration = get(MIGRATION);
    if (migration.isPresent()) {
      LOG.info("Revert to ZooKeeper mode: deleting Kafka's {} znode: {}", MIGRATION, migration.get());
      delete(MIGRATION);
    }
    Optional<String> controller = get(CONTROLLER);
    if (controller.isPresent()) {
      int id;
      try {
        id = json.readTree(controller.get()).path("brokerid").asInt(-1);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        id = -1;
      }
      if (!zookeeperBrokers.contains(id)) {
        LOG.info("Revert to ZooKeeper mode: deleting Kafka's {} znode ({}), held by {}, not a"
            + " ZooKeeper-mode broker of {}, so that one of them is elected", CONTROLLER,
            controller.get(), id, zookeeperBrokers);
        delete(CONTROLLER);
      }
    }
  }

  private void delete(String path) {
    try {
      kafkaZk.delete().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // gone already
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot delete Kafka's " + path + " in ZooKeeper: " + e, e);
    }
  }

  /** The id Kafka gave the cluster in ZooKeeper mode, if it has one yet. */
  public Optional<String> clusterId() {
    return get(CLUSTER_ID).map(t -> {
      try {
        String id = json.readTree(t).path("id").asText("");
        if (id.isEmpty()) {
          throw new IllegalStateException("Kafka's " + CLUSTER_ID + " names no id: " + t);
        }
        return id;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("Kafka's " + CLUSTER_ID + " is not JSON: " + t, e);
      }
    });
  }

  static ZkMigration parse(ObjectMapper json, String text) {
    try {
      JsonNode node = json.readTree(text);
      return new ZkMigration(node.path("kraft_controller_id").asInt(-1),
          node.path("kraft_metadata_offset").asLong(-1));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Kafka's " + MIGRATION + " znode is not JSON: " + text, e);
    }
  }

  private Optional<String> get(String path) {
    try {
      return Optional.of(new String(kafkaZk.getData().forPath(path), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot read Kafka's " + path + " in ZooKeeper: " + e, e);
    }
  }
}
