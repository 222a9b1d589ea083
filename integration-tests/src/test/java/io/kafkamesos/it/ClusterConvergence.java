package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.broker.BrokerTaskId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * What "the cluster converged" means, seen from outside, all at one moment: every broker runs as
 * exactly one task, Kafka has it registered, the scheduler's records in ZooKeeper name that task
 * and its agent, and the master's {@code /state} holds exactly the reservations and volumes those
 * records own (none leaked, none missing). {@link #problems} lists what does not hold yet.
 */
public final class ClusterConvergence {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LIVE = Set.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING",
      "TASK_KILLING");

  private final LocalCluster cluster;
  private final String name;
  private final String role;
  private final Set<Integer> brokers;

  /**
   * @param name the framework name (its role is {@code <name>-role})
   * @param brokers the broker ids the cluster should run
   */
  public ClusterConvergence(LocalCluster cluster, String name, Set<Integer> brokers) {
    this.cluster = cluster;
    this.name = name;
    this.role = name + "-role";
    this.brokers = Set.copyOf(brokers);
  }

  /** Polls until nothing is left in {@link #problems}; fails with what was left. */
  public void await(String schedulerApi, Duration timeout) {
    List<List<String>> last = new ArrayList<>(List.of(List.of()));
    try {
      Poll.untilTrue("the cluster " + name + " to converge", timeout, () -> {
        List<String> now = problems(schedulerApi);
        last.set(0, now);
        return now.isEmpty();
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; still wrong: " + last.get(0), e);
    }
  }

  /** What is not converged now; empty when everything holds. */
  public List<String> problems(String schedulerApi) throws Exception {
    List<String> problems = new ArrayList<>();
    JsonNode state = cluster.state();
    Map<Integer, List<JsonNode>> live = liveTasks(state);
    Map<Integer, JsonNode> records = schedulerRecords();
    for (int id : brokers) {
      List<JsonNode> tasks = live.getOrDefault(id, List.of());
      JsonNode record = records.get(id);
      if (tasks.size() != 1 || !"TASK_RUNNING".equals(tasks.get(0).path("state").asText())) {
        problems.add("broker " + id + " has live tasks " + describe(tasks) + ", not one running");
        continue;
      }
      JsonNode task = tasks.get(0);
      if (record == null) {
        problems.add("broker " + id + " has no record in ZooKeeper");
        continue;
      }
      if (!record.path("state").asText().equals("RUNNING")
          || !record.path("taskId").asText().equals(task.path("id").asText())
          || !record.path("agentId").asText().equals(task.path("slave_id").asText())) {
        problems.add("broker " + id + ": record " + record.path("state").asText() + " "
            + record.path("taskId").asText() + " on " + record.path("agentId").asText()
            + " but Mesos runs " + task.path("id").asText() + " on " + task.path("slave_id").asText());
      }
      Json.Answer registered = Json.get(schedulerApi + "/v1/brokers/" + id);
      if (registered.status() != 200) {
        problems.add("broker " + id + " not registered in Kafka (" + registered.status() + ")");
      }
    }
    live.keySet().stream().filter(id -> !brokers.contains(id))
        .forEach(id -> problems.add("unexpected live tasks of broker " + id + ": " + describe(live.get(id))));
    problems.addAll(reservationProblems(state, records));
    return problems;
  }

  /** Broker id → its tasks that are not terminal, as the master reports them. */
  public Map<Integer, List<JsonNode>> liveTasks(JsonNode state) {
    Map<Integer, List<JsonNode>> live = new TreeMap<>();
    for (JsonNode framework : state.path("frameworks")) {
      if (!name.equals(framework.path("name").asText())) {
        continue;
      }
      for (JsonNode task : framework.path("tasks")) {
        if (LIVE.contains(task.path("state").asText())) {
          BrokerTaskId.parse(task.path("id").asText()).ifPresent(t ->
              live.computeIfAbsent(t.brokerId(), k -> new ArrayList<>()).add(task));
        }
      }
    }
    return live;
  }

  /**
   * Every reservation of the cluster's role in {@code /state} belongs to a broker record on the
   * same agent, with the record's volume; every record's reservation is there.
   */
  private List<String> reservationProblems(JsonNode state, Map<Integer, JsonNode> records) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> volumesSeen = new TreeMap<>();
    for (JsonNode agent : state.path("slaves")) {
      String agentId = agent.path("id").asText();
      for (JsonNode resource : agent.path("reserved_resources_full").path(role)) {
        Optional<Integer> owner = brokerLabel(resource);
        JsonNode record = owner.map(records::get).orElse(null);
        JsonNode reservation = record == null ? null : record.path("reservation");
        String what = resource.path("name").asText() + " on " + agent.path("hostname").asText();
        if (reservation == null || reservation.isNull() || reservation.isMissingNode()) {
          problems.add("leaked reservation: " + what + " labelled broker " + owner.orElse(null)
              + ", which owns none");
          continue;
        }
        if (!agentId.equals(reservation.path("agentId").asText())) {
          problems.add("leaked reservation: " + what + " of broker " + owner.get()
              + ", whose reservation is on " + reservation.path("hostname").asText());
          continue;
        }
        if (resource.path("disk").has("persistence")) {
          String volume = resource.path("disk").path("persistence").path("id").asText();
          if (!volume.equals(reservation.path("volumeId").asText())) {
            problems.add("leaked volume " + volume + " on " + agent.path("hostname").asText()
                + " labelled broker " + owner.get() + ", whose volume is "
                + reservation.path("volumeId").asText());
          } else {
            volumesSeen.put(owner.get(), volume);
          }
        }
      }
    }
    records.forEach((id, record) -> {
      JsonNode reservation = record.path("reservation");
      if (brokers.contains(id) && reservation.isObject() && !volumesSeen.containsKey(id)) {
        problems.add("broker " + id + "'s volume " + reservation.path("volumeId").asText()
            + " is not in /state");
      }
    });
    return problems;
  }

  private static Optional<Integer> brokerLabel(JsonNode resource) {
    for (JsonNode reservation : resource.path("reservations")) {
      for (JsonNode label : reservation.path("labels").path("labels")) {
        if (label.path("key").asText().equals("broker_id")) {
          try {
            return Optional.of(Integer.parseInt(label.path("value").asText()));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The scheduler's broker records, read from ZooKeeper as it stored them. */
  public Map<Integer, JsonNode> schedulerRecords() throws Exception {
    String root = "/" + name + "/scheduler/brokers";
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(cluster.mesos().zkConnect(), 15_000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      if (!connected.await(15, TimeUnit.SECONDS)) {
        throw new IllegalStateException("cannot connect to ZooKeeper " + cluster.mesos().zkConnect());
      }
      Map<Integer, JsonNode> records = new TreeMap<>();
      for (String child : zk.getChildren(root, false)) {
        byte[] data = zk.getData(root + "/" + child, false, null);
        records.put(Integer.parseInt(child), JSON.readTree(new String(data, StandardCharsets.UTF_8)));
      }
      return records;
    } catch (KeeperException.NoNodeException e) {
      return Map.of();
    } finally {
      zk.close();
    }
  }

  private static String describe(List<JsonNode> tasks) {
    return tasks.stream().map(t -> t.path("id").asText() + "=" + t.path("state").asText()).toList()
        .toString();
  }
}
