package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.observability.ClusterReader;
import io.kafkamesos.scheduler.observability.ClusterState;
import io.kafkamesos.scheduler.topic.PartitionHealth;
import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * Reads a KRaft cluster for the cluster gauges and the partitions health check, through the admin
 * client on the brokers: the registered brokers, every partition's assignment, leader and ISR; as
 * {@code controller}, the quorum's leader (a controller's node id, from 3000) as the controllers
 * answer {@code describeMetadataQuorum}, -1 when there is none.
 */
public final class KraftClusterReader implements ClusterReader {

  private final KraftAdmin admin;
  private final Clock clock;

  public KraftClusterReader(KraftAdmin admin, Clock clock) {
    this.admin = Objects.requireNonNull(admin);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public ClusterState read() {
    try {
      Admin brokers = admin.brokers();
      Set<Integer> registered = new TreeSet<>();
      KraftAdmin.await(brokers.describeCluster().nodes(), "cannot read the registered brokers")
          .forEach(n -> registered.add(n.id()));
      int leader = -1;
      try {
        leader = KraftAdmin.await(admin.controllers().describeMetadataQuorum().quorumInfo(),
            "cannot read the quorum").leaderId();
      } catch (RuntimeException e) {
        admin.resetControllers();
        leader = -1; // no quorum answer: no active controller known
      }
      Set<String> names = KraftAdmin.await(brokers.listTopics(new ListTopicsOptions()
          .listInternal(true)).names(), "cannot list Kafka's topics");
      List<PartitionStatus> partitions = new ArrayList<>();
      if (!names.isEmpty()) {
        Map<String, TopicDescription> topics = KraftAdmin.await(
            brokers.describeTopics(names).allTopicNames(), "cannot read Kafka's partition states");
        topics.forEach((topic, d) -> d.partitions().forEach(p -> partitions.add(new PartitionStatus(
            topic, p.partition(), p.replicas().stream().map(Node::id).toList(),
            p.leader() == null || p.leader().isEmpty() ? PartitionHealth.NO_LEADER : p.leader().id(),
            p.isr().stream().map(Node::id).toList()))));
      }
      return ClusterState.of(registered, leader, partitions, clock.instant());
    } catch (RuntimeException e) {
      return ClusterState.unreadable("cannot read the KRaft cluster through its brokers: "
          + e.getMessage(), clock.instant());
    }
  }
}
