package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.core.SchedulerUnavailableException;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Reads broker registrations with a Curator client whose namespace is Kafka's chroot. A client that
 * is not connected gets {@link #CONNECT_WAIT} to reconnect, then the read fails instead of waiting
 * out Curator's retries, so that the API answers 503 in time and the scheduler's thread moves on.
 */
public final class CuratorKafkaRegistry implements KafkaRegistry {

  private static final String IDS = "/brokers/ids";
  private static final String TOPICS = "/brokers/topics";
  /** How long a read waits for a (re)connection before it gives up: a blip passes, an outage not. */
  private static final java.time.Duration CONNECT_WAIT = java.time.Duration.ofSeconds(3);

  private final CuratorFramework kafkaZk;
  private final ObjectMapper json;

  public CuratorKafkaRegistry(CuratorFramework kafkaZk, ObjectMapper json) {
    this.kafkaZk = Objects.requireNonNull(kafkaZk);
    this.json = Objects.requireNonNull(json);
  }

  private void requireConnected() {
    if (!ZooKeeperClients.connected(kafkaZk, CONNECT_WAIT)) {
      throw new SchedulerUnavailableException("ZooKeeper is not connected ("
          + kafkaZk.getZookeeperClient().getCurrentConnectionString() + "); Kafka's state cannot be read",
          null);
    }
  }

  @Override
  public SortedMap<Integer, String> registrations() {
    requireConnected();
    SortedMap<Integer, String> result = new TreeMap<>();
    try {
      for (String child : kafkaZk.getChildren().forPath(IDS)) {
        try {
          int id = Integer.parseInt(child);
          registration(id).ifPresent(r -> result.put(id, r));
        } catch (NumberFormatException e) {
          // not a broker node
        }
      }
    } catch (KeeperException.NoNodeException e) {
      return result;
    } catch (Exception e) {
      throw new SchedulerUnavailableException("cannot read Kafka's " + IDS + ": " + e.getMessage(), e);
    }
    return result;
  }

  @Override
  public Optional<String> registration(int brokerId) {
    requireConnected();
    try {
      byte[] data = kafkaZk.getData().forPath(IDS + "/" + brokerId);
      return Optional.of(new String(data, StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new SchedulerUnavailableException("cannot read Kafka's registration of broker " + brokerId
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int underReplicatedPartitions() {
    requireConnected();
    int count = 0;
    try {
      for (String topic : children(TOPICS)) {
        JsonNode assignment = json.readTree(kafkaZk.getData().forPath(TOPICS + "/" + topic))
            .path("partitions");
        var partitions = assignment.fields();
        while (partitions.hasNext()) {
          var partition = partitions.next();
          String statePath = TOPICS + "/" + topic + "/partitions/" + partition.getKey() + "/state";
          int isr;
          try {
            isr = json.readTree(kafkaZk.getData().forPath(statePath)).path("isr").size();
          } catch (KeeperException.NoNodeException e) {
            isr = 0; // no leader elected yet
          }
          if (isr < partition.getValue().size()) {
            count++;
          }
        }
      }
    } catch (Exception e) {
      throw new SchedulerUnavailableException("cannot read Kafka's partition states: " + e.getMessage(), e);
    }
    return count;
  }

  private java.util.List<String> children(String path) throws Exception {
    try {
      return kafkaZk.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return java.util.List.of();
    }
  }

  @Override
  public Optional<String> address(String registrationJson) {
    return addressOf(json, registrationJson);
  }

  /** Host and port of a registration; Kafka 2.x writes host/port only for PLAINTEXT listeners. */
  static Optional<String> addressOf(ObjectMapper json, String registrationJson) {
    try {
      JsonNode node = json.readTree(registrationJson);
      JsonNode host = node.get("host");
      JsonNode port = node.get("port");
      if (host != null && !host.isNull() && port != null && port.asInt(-1) > 0) {
        return Optional.of(host.asText() + ":" + port.asInt());
      }
      JsonNode endpoints = node.get("endpoints");
      if (endpoints != null && endpoints.isArray() && endpoints.size() > 0) {
        String endpoint = endpoints.get(0).asText();
        int scheme = endpoint.indexOf("://");
        return Optional.of(scheme >= 0 ? endpoint.substring(scheme + 3) : endpoint);
      }
      return Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
