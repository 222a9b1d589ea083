package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Broker;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Partition;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Kafka keeps in ZooKeeper under its chroot, node by node as the watches report them, turned
 * into {@link ClusterSnapshot}s: {@code /brokers/ids/<id>} (registrations),
 * {@code /brokers/topics/<t>} (replica assignments), {@code /brokers/topics/<t>/partitions/<p>/state}
 * (leader, ISR), {@code /admin/delete_topics/<t>} and {@code /controller}. Paths are relative to
 * the chroot. A change touches only its topic: a snapshot rebuilds the topics that changed since
 * the last one and shares the others. Pure (no I/O); thread-safe.
 */
final class ZooKeeperModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One topic's nodes. */
  private static final class TopicNodes {
    /** Partition to replicas; null until the topic node itself was read. */
    Map<Integer, List<Integer>> assignment;
    final Map<Integer, State> states = new HashMap<>();
  }

  private record State(int leader, List<Integer> isr, String json) {
  }

  private final Map<Integer, Broker> brokers = new HashMap<>();
  private final Map<String, TopicNodes> topics = new HashMap<>();
  private final Set<String> deleting = new HashSet<>();
  private int controller = -1;
  /** The last snapshot's topics; those in {@code dirty} are rebuilt next time. */
  private final Map<String, Topic> built = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private boolean changed = true;
  private ClusterSnapshot last;

  /** A node was created or changed. */
  synchronized void put(String path, byte[] data) {
    String[] p = split(path);
    String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
    if (is(p, "brokers", "ids") && p.length == 3) {
      int id = parseInt(p[2]);
      if (id >= 0) {
        brokers.put(id, new Broker(id, read(text).flatMap(KafkaRegistrations::plaintextEndpoint)
            .orElse(null), text));
        changed = true;
      }
    } else if (is(p, "brokers", "topics") && p.length == 3) {
      topic(p[2]).assignment = assignment(text);
      touch(p[2]);
    } else if (is(p, "brokers", "topics") && p.length == 6 && p[3].equals("partitions")
        && p[5].equals("state")) {
      int partition = parseInt(p[4]);
      if (partition >= 0) {
        JsonNode state = read(text).orElse(JSON.createObjectNode());
        topic(p[2]).states.put(partition, new State(state.path("leader")
            .asInt(PartitionHealth.NO_LEADER), ints(state.path("isr")), text.isEmpty() ? null : text));
        touch(p[2]);
      }
    } else if (is(p, "admin", "delete_topics") && p.length == 3) {
      deleting.add(p[2]);
      touch(p[2]);
    } else if (p.length == 1 && p[0].equals("controller")) {
      controller = read(text).map(n -> n.path("brokerid").asInt(-1)).orElse(-1);
      changed = true;
    }
  }

  /** A node was deleted. */
  synchronized void remove(String path) {
    String[] p = split(path);
    if (is(p, "brokers", "ids") && p.length == 3) {
      brokers.remove(parseInt(p[2]));
      changed = true;
    } else if (is(p, "brokers", "topics") && p.length == 3) {
      topics.remove(p[2]);
      touch(p[2]);
    } else if (is(p, "brokers", "topics") && p.length == 6 && p[5].equals("state")) {
      TopicNodes nodes = topics.get(p[2]);
      if (nodes != null) {
        nodes.states.remove(parseInt(p[4]));
        touch(p[2]);
      }
    } else if (is(p, "admin", "delete_topics") && p.length == 3) {
      deleting.remove(p[2]);
      touch(p[2]);
    } else if (p.length == 1 && p[0].equals("controller")) {
      controller = -1;
      changed = true;
    }
  }

  /**
   * The model now; the same object as last time when nothing changed since.
   *
   * @param at when the view last heard from ZooKeeper
   */
  synchronized ClusterSnapshot snapshot(Instant at, Optional<String> error) {
    if (!changed && last != null && last.error().equals(error)) {
      return last;
    }
    for (String name : dirty) {
      TopicNodes nodes = topics.get(name);
      if (nodes == null || nodes.assignment == null) {
        built.remove(name);
        continue;
      }
      TreeMap<Integer, Partition> partitions = new TreeMap<>();
      nodes.assignment.forEach((id, replicas) -> {
        State state = nodes.states.get(id);
        partitions.put(id, state == null
            ? new Partition(id, replicas, PartitionHealth.NO_LEADER, List.of(), null)
            : new Partition(id, replicas, state.leader(), state.isr(), state.json()));
      });
      built.put(name, new Topic(name, org.apache.kafka.common.internals.Topic.isInternal(name),
          deleting.contains(name), partitions));
    }
    dirty.clear();
    changed = false;
    last = new ClusterSnapshot(brokers, controller, built, at, error);
    return last;
  }

  private TopicNodes topic(String name) {
    return topics.computeIfAbsent(name, n -> new TopicNodes());
  }

  private void touch(String topic) {
    dirty.add(topic);
    changed = true;
  }

  private static boolean is(String[] p, String first, String second) {
    return p.length >= 2 && p[0].equals(first) && p[1].equals(second);
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1; // not one of Kafka's nodes (ids and partitions are numbers)
    }
  }

  /** {@code {"version":..,"partitions":{"0":[1,2],...}}} to partition → replicas. */
  private static Map<Integer, List<Integer>> assignment(String text) {
    Map<Integer, List<Integer>> out = new HashMap<>();
    read(text).ifPresent(n -> n.path("partitions").fields().forEachRemaining(e -> {
      int partition = parseInt(e.getKey());
      if (partition >= 0) {
        out.put(partition, ints(e.getValue()));
      }
    }));
    return out;
  }

  private static Optional<JsonNode> read(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(text));
    } catch (IOException e) {
      return Optional.empty(); // not Kafka's JSON: as if the node had no data
    }
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>(array.size());
    array.forEach(n -> out.add(n.asInt()));
    return List.copyOf(out);
  }

  @Override
  public synchronized String toString() {
    return "ZooKeeperModel[" + brokers.size() + " brokers, " + topics.size() + " topics]";
  }
}
