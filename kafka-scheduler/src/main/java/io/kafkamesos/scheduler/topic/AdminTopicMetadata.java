package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What exists in a KRaft cluster, read through the admin client from the brokers (their copy of
 * the controllers' metadata log): there is no ZooKeeper of Kafka's to read.
 *
 * <p>A partition's state has the keys of the ZooKeeper state node the seed answered:
 * {@code isr}, {@code leader} and {@code leader_epoch} come from Kafka's metadata (the epoch from
 * the partition leader's answer to a list-offsets request, -1 when the leader does not answer);
 * {@code controller_epoch} has no KRaft origin (there is no ZooKeeper controller) and is -1;
 * {@code version} is 1, the state-node format whose fields the object carries. A deleted topic is
 * gone from the metadata at once, so no topic is ever "marked for deletion".
 */
final class AdminTopicMetadata implements TopicMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(AdminTopicMetadata.class);
  static final int NO_CONTROLLER_EPOCH = -1;
  static final int STATE_VERSION = 1;

  private final KafkaCalls kafka;

  AdminTopicMetadata(KafkaCalls kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  @Override
  public List<String> topics() {
    Set<String> names = kafka.call(() -> kafka.admin().listTopics(new ListTopicsOptions()
        .listInternal(true).timeoutMs(kafka.timeoutMs())).names(), "listing topics");
    return new TreeSet<>(names).stream().toList();
  }

  @Override
  public Set<String> topicsMarkedForDeletion() {
    return Set.of();
  }

  @Override
  public boolean topicExists(String topic) {
    return topics().contains(topic);
  }

  @Override
  public Optional<Map<Integer, List<Integer>>> assignment(String topic) {
    return describe(topic).map(d -> {
      Map<Integer, List<Integer>> out = new TreeMap<>();
      d.partitions().forEach(p -> out.put(p.partition(), ids(p.replicas())));
      return out;
    });
  }

  @Override
  public Map<Integer, Map<String, Object>> partitionStates(String topic) {
    Map<Integer, Map<String, Object>> states = new TreeMap<>();
    Optional<TopicDescription> description = describe(topic);
    if (description.isEmpty()) {
      return states;
    }
    Map<Integer, Integer> epochs = leaderEpochs(topic, description.get().partitions());
    for (TopicPartitionInfo p : description.get().partitions()) {
      Map<String, Object> state = new TreeMap<>();
      state.put("controller_epoch", NO_CONTROLLER_EPOCH);
      state.put("isr", ids(p.isr()));
      state.put("leader", leaderOf(p));
      state.put("leader_epoch", epochs.getOrDefault(p.partition(), -1));
      state.put("version", STATE_VERSION);
      states.put(p.partition(), state);
    }
    return states;
  }

  @Override
  public List<PartitionStatus> allPartitions() {
    List<String> names = topics();
    List<PartitionStatus> out = new ArrayList<>();
    if (names.isEmpty()) {
      return out;
    }
    Map<String, TopicDescription> all = kafka.call(() -> kafka.admin().describeTopics(names,
        new DescribeTopicsOptions().timeoutMs(kafka.timeoutMs())).allTopicNames(),
        "reading the partitions of every topic");
    new TreeMap<>(all).forEach((topic, d) -> d.partitions().forEach(p -> out.add(new PartitionStatus(
        topic, p.partition(), ids(p.replicas()), leaderOf(p), ids(p.isr())))));
    return out;
  }

  @Override
  public Set<Integer> liveBrokers() {
    Collection<Node> nodes = kafka.call(() -> kafka.admin().describeCluster(
        new DescribeClusterOptions().timeoutMs(kafka.timeoutMs())).nodes(), "listing the brokers");
    Set<Integer> ids = new TreeSet<>();
    nodes.forEach(n -> ids.add(n.id()));
    return ids;
  }

  @Override
  public void close() {
    // the admin client belongs to the topic service's KafkaCalls, which closes it
  }

  private Optional<TopicDescription> describe(String topic) {
    if (!topicExists(topic)) {
      return Optional.empty();
    }
    Map<String, TopicDescription> found = kafka.call(() -> kafka.admin().describeTopics(
        List.of(topic), new DescribeTopicsOptions().timeoutMs(kafka.timeoutMs())).allTopicNames(),
        "describing topic \"" + topic + "\"");
    return Optional.ofNullable(found.get(topic));
  }

  /** Each led partition's leader epoch, as its leader answers a list-offsets request. */
  private Map<Integer, Integer> leaderEpochs(String topic, List<TopicPartitionInfo> partitions) {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    partitions.stream().filter(p -> p.leader() != null && !p.leader().isEmpty())
        .forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<Integer, Integer> epochs = new HashMap<>();
    if (wanted.isEmpty()) {
      return epochs;
    }
    try {
      kafka.admin().listOffsets(wanted, new ListOffsetsOptions().timeoutMs(kafka.timeoutMs())).all()
          .get(kafka.timeoutMs(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> info.leaderEpoch().ifPresent(e -> epochs.put(tp.partition(), e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a leader moving now: the state is answered without its epochs (-1)
      LOG.info("Topic {}: the leaders did not give their epochs ({}); answering -1", topic,
          e.toString());
    }
    return epochs;
  }

  private static int leaderOf(TopicPartitionInfo p) {
    return p.leader() == null || p.leader().isEmpty() ? PartitionHealth.NO_LEADER : p.leader().id();
  }

  private static List<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }
}
