package io.kafkamesos.scheduler.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import io.kafkamesos.scheduler.kafka.KafkaRegistrations;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterOps} on Kafka's own records in ZooKeeper (topic assignments, partition states, topic
 * configs, the controller) and, for the admin actions, a short-lived admin client of the registered
 * brokers.
 */
public final class KafkaClusterOps implements ClusterOps {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterOps.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(20);
  /** Altering configs takes milliseconds when Kafka is well; the scheduler's thread waits no longer. */
  private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(5);
  private static final String TOPICS = "/brokers/topics";

  private final ClientSecurity security;
  private final java.util.function.Function<String, java.util.Optional<String>> adminAddress;
  private final CuratorFramework kafkaZk;
  private final ObjectMapper json;
  private final KafkaRegistry registry;
  private final IntSupplier defaultMinInsync;

  /**
   * @param kafkaZk a client whose namespace is Kafka's chroot
   * @param defaultMinInsync the brokers' {@code min.insync.replicas} (for topics without their own)
   */
  public KafkaClusterOps(CuratorFramework kafkaZk, ObjectMapper json, KafkaRegistry registry,
      IntSupplier defaultMinInsync) {
    this(kafkaZk, json, registry, defaultMinInsync, ClientSecurity.PLAINTEXT);
  }

  /** @param security the scheduler's client security on a secure cluster (issue 15) */
  public KafkaClusterOps(CuratorFramework kafkaZk, ObjectMapper json, KafkaRegistry registry,
      IntSupplier defaultMinInsync, ClientSecurity security) {
    this(kafkaZk, json, registry, defaultMinInsync, security, KafkaRegistrations::adminAddress);
  }

  /**
   * @param adminAddress where the admin client reaches a broker of a registration, when not at its
   *     usual address ({@code INTERNAL} on a secure cluster)
   */
  public KafkaClusterOps(CuratorFramework kafkaZk, ObjectMapper json, KafkaRegistry registry,
      IntSupplier defaultMinInsync, ClientSecurity security,
      java.util.function.Function<String, java.util.Optional<String>> adminAddress) {
    this.adminAddress = Objects.requireNonNull(adminAddress);
    this.security = Objects.requireNonNull(security);
    this.kafkaZk = Objects.requireNonNull(kafkaZk);
    this.json = Objects.requireNonNull(json);
    this.registry = Objects.requireNonNull(registry);
    this.defaultMinInsync = Objects.requireNonNull(defaultMinInsync);
  }

  /** The brokers' {@code min.insync.replicas}: the override if any, else Kafka's default of 1. */
  public static int defaultMinInsync(Map<String, String> overrides) {
    try {
      return Math.max(1, Integer.parseInt(overrides.getOrDefault("min.insync.replicas", "1").trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  @Override
  public ClusterView view(Set<Integer> brokers) {
    try {
      Set<Integer> registered = new HashSet<>(registry.registrations().keySet());
      int controller = readJson("/controller").map(n -> n.path("brokerid").asInt(-1)).orElse(-1);
      int brokerMin = defaultMinInsync.getAsInt();
      List<PartitionState> partitions = new ArrayList<>();
      for (String topic : children(TOPICS)) {
        JsonNode assignment = readJson(TOPICS + "/" + topic).map(n -> n.path("partitions"))
            .orElse(json.createObjectNode());
        int minInsync = readJson("/config/topics/" + topic)
            .map(n -> n.path("config").path("min.insync.replicas").asInt(brokerMin))
            .orElse(brokerMin);
        var fields = assignment.fields();
        while (fields.hasNext()) {
          var partition = fields.next();
          List<Integer> replicas = ints(partition.getValue());
          List<Integer> isr = readJson(TOPICS + "/" + topic + "/partitions/" + partition.getKey() + "/state")
              .map(n -> ints(n.path("isr"))).orElse(List.of());
          partitions.add(new PartitionState(topic, Integer.parseInt(partition.getKey()), replicas, isr,
              minInsync));
        }
      }
      return new ClusterView(brokers, registered, controller, partitions);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read Kafka's partition states: " + e.getMessage(), e);
    }
  }

  @Override
  public void electPreferredLeaders(int brokerId) {
    Set<TopicPartition> preferred = AdminRequests.preferredLedBy(view(Set.of()).partitions(), brokerId);
    if (preferred.isEmpty()) {
      return;
    }
    try (AdminClient admin = admin()) {
      var results = admin.electLeaders(ElectionType.PREFERRED, preferred).partitions()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long failed = AdminRequests.notElected(results);
      LOG.info("Broker {}: preferred leader election for {} partitions ({} not elected)", brokerId,
          preferred.size(), failed);
    } catch (Exception e) {
      LOG.warn("Broker {}: preferred leader election failed: {}", brokerId, e.toString());
    }
  }

  @Override
  public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    if (set.isEmpty() && remove.isEmpty()) {
      return;
    }
    try (AdminClient admin = admin()) {
      admin.incrementalAlterConfigs(AdminRequests.clusterDefaults(set, remove)).all()
          .get(CONFIG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Kafka refused the dynamic configs " + set + " (removing "
          + remove + "): " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("cannot apply the dynamic configs " + set + ": " + e, e);
    }
  }

  @Override
  public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    if (replicas.isEmpty()) {
      return;
    }
    Map<TopicPartition, java.util.Optional<NewPartitionReassignment>> moves = AdminRequests.moves(replicas);
    try (AdminClient admin = admin()) {
      admin.alterPartitionReassignments(moves).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Reassigning {} partitions: {}", moves.size(), replicas);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Kafka refused the reassignment of " + moves.size()
          + " partitions: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("cannot reassign partitions: " + e, e);
    }
  }

  private AdminClient admin() {
    List<String> servers = new ArrayList<>();
    registry.registrations().values().forEach(r -> adminAddress.apply(r)
        .or(() -> registry.address(r)).ifPresent(servers::add));
    if (servers.isEmpty()) {
      throw new IllegalStateException("no broker is registered");
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-scheduler-plan");
    props.putAll(security.properties());
    return AdminClient.create(props);
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asInt()));
    return result;
  }

  private java.util.Optional<JsonNode> readJson(String path) throws Exception {
    try {
      return java.util.Optional.of(json.readTree(kafkaZk.getData().forPath(path)));
    } catch (KeeperException.NoNodeException e) {
      return java.util.Optional.empty();
    }
  }

  private List<String> children(String path) throws Exception {
    try {
      return kafkaZk.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }
}
