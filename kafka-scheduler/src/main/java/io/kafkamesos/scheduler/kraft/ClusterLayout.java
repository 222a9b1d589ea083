package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.NodeIds;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Which nodes a cluster has and of which kind, by node id: brokers {@code 0..BROKER_COUNT-1}, and
 * in KRaft mode controllers {@code 3000..3000+CONTROLLER_COUNT-1} ({@link NodeIds}). Pure.
 *
 * @param brokerCount the brokers
 * @param controllerCount the controllers (0 in ZooKeeper mode)
 */
public record ClusterLayout(int brokerCount, int controllerCount) {

  public ClusterLayout {
    if (brokerCount < 0 || controllerCount < 0 || controllerCount > NodeIds.MAX_CONTROLLERS) {
      throw new IllegalArgumentException("no cluster of " + brokerCount + " brokers and "
          + controllerCount + " controllers");
    }
  }

  /** The layout the settings ask for. */
  public static ClusterLayout of(SchedulerSettings settings) {
    return new ClusterLayout(settings.brokerCount(), settings.kraft().controllers());
  }

  /** Whether the cluster has its own controllers (KRaft). */
  public boolean kraft() {
    return controllerCount > 0;
  }

  /** The kind of the node with this id: a controller in the controllers' range, else a broker. */
  public NodeKind kindOf(int nodeId) {
    return isController(nodeId) ? NodeKind.CONTROLLER : NodeKind.BROKER;
  }

  /** Whether the id is one of this cluster's controllers. */
  public boolean isController(int nodeId) {
    return nodeId >= NodeIds.CONTROLLER_BASE && nodeId < NodeIds.CONTROLLER_BASE + controllerCount;
  }

  /** Whether the id is one of this cluster's nodes (a broker id below the count, or a controller). */
  public boolean isNode(int nodeId) {
    return (nodeId >= 0 && nodeId < brokerCount) || isController(nodeId);
  }

  /** The controllers' node ids, in order. */
  public List<Integer> controllerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < controllerCount; i++) {
      ids.add(NodeIds.controller(i));
    }
    return ids;
  }

  /** The brokers' ids, in order. */
  public List<Integer> brokerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < brokerCount; id++) {
      ids.add(id);
    }
    return ids;
  }

  /** Every node id: the controllers first (they launch first), then the brokers. */
  public List<Integer> nodeIds() {
    List<Integer> ids = new ArrayList<>(controllerIds());
    ids.addAll(brokerIds());
    return ids;
  }

  /** How many controllers must run for the quorum to have a leader: a majority. */
  public int majority() {
    return controllerCount / 2 + 1;
  }
}
