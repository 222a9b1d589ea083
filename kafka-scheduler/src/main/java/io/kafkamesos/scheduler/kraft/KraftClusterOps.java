package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.core.AdminRequests;
import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of a plan in a KRaft cluster, all through the admin client on the brokers: the
 * registered brokers ({@code describeCluster}), every partition with its replicas, ISR and
 * {@code min.insync.replicas}, preferred leader elections, dynamic broker configs, reassignments.
 * No broker is Kafka's controller in KRaft mode, so the view names none (-1).
 */
public final class KraftClusterOps implements ClusterOps {

  private static final Logger LOG = LoggerFactory.getLogger(KraftClusterOps.class);

  private final KraftAdmin admin;
  private final IntSupplier defaultMinInsync;

  public KraftClusterOps(KraftAdmin admin, IntSupplier defaultMinInsync) {
    this.admin = Objects.requireNonNull(admin);
    this.defaultMinInsync = Objects.requireNonNull(defaultMinInsync);
  }

  @Override
  public io.kafkamesos.scheduler.plan.GateCondition metadataRaise(String targetName) {
    return new MetadataRaiseGate(admin, targetName);
  }

  @Override
  public ClusterView view(Set<Integer> brokers) {
    return new ClusterView(brokers, registered(), -1, partitions(admin.brokers()));
  }

  /** The brokers Kafka knows as alive ({@code describeCluster}). */
  public Set<Integer> registered() {
    Set<Integer> registered = new HashSet<>();
    for (Node node : KraftAdmin.await(admin.brokers().describeCluster().nodes(),
        "cannot read the brokers")) {
      registered.add(node.id());
    }
    return registered;
  }

  private List<PartitionState> partitions(Admin a) {
    Set<String> names = KraftAdmin.await(a.listTopics(new ListTopicsOptions().listInternal(true))
        .names(), "cannot list the topics");
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> topics = KraftAdmin.await(a.describeTopics(names).allTopicNames(),
        "cannot describe the topics");
    List<ConfigResource> resources = names.stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = KraftAdmin.await(a.describeConfigs(resources).all(),
        "cannot read the topics' configs");
    int brokerMin = defaultMinInsync.getAsInt();
    List<PartitionState> partitions = new ArrayList<>();
    for (TopicDescription topic : topics.values()) {
      int minInsync = Optional.ofNullable(configs.get(new ConfigResource(ConfigResource.Type.TOPIC,
              topic.name())))
          .map(c -> c.get("min.insync.replicas"))
          .map(ConfigEntry::value)
          .map(v -> {
            try {
              return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
              return brokerMin;
            }
          }).orElse(brokerMin);
      topic.partitions().forEach(p -> partitions.add(new PartitionState(topic.name(), p.partition(),
          p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList(),
          minInsync)));
    }
    return partitions;
  }

  @Override
  public void electPreferredLeaders(int brokerId) {
    try {
      Admin a = admin.brokers();
      Set<TopicPartition> preferred = AdminRequests.preferredLedBy(partitions(a), brokerId);
      if (preferred.isEmpty()) {
        return;
      }
      var results = KraftAdmin.await(a.electLeaders(ElectionType.PREFERRED, preferred).partitions(),
          "preferred leader election");
      long failed = AdminRequests.notElected(results);
      LOG.info("Broker {}: preferred leader election for {} partitions ({} not elected)", brokerId,
          preferred.size(), failed);
    } catch (RuntimeException e) {
      LOG.warn("Broker {}: preferred leader election failed: {}", brokerId, e.getMessage());
    }
  }

  @Override
  public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    if (set.isEmpty() && remove.isEmpty()) {
      return;
    }
    KraftAdmin.await(admin.brokers().incrementalAlterConfigs(AdminRequests.clusterDefaults(set, remove)).all(),
        "Kafka refused the dynamic configs " + set + " (removing " + remove + ")");
  }

  @Override
  public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    if (replicas.isEmpty()) {
      return;
    }
    Map<TopicPartition, Optional<NewPartitionReassignment>> moves = AdminRequests.moves(replicas);
    KraftAdmin.await(admin.brokers().alterPartitionReassignments(moves).all(),
        "Kafka refused the reassignment of " + moves.size() + " partitions");
    LOG.info("Reassigning {} partitions: {}", moves.size(), replicas);
  }
}
