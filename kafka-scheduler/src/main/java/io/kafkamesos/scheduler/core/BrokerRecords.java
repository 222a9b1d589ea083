package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.StateStore;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node records the scheduler works from (brokers, and in KRaft the controllers), by node id:
 * owns the map and keeps it in step with the {@link StateStore} (a record is stored before the map
 * takes it). Answers which brokers are members of the cluster, and which kind each node is. Used on
 * the scheduler's thread only; other threads read the published views.
 */
final class BrokerRecords {

  private final StateStore store;
  private final ClusterLayout layout;
  private final int brokerCount;
  private final Map<Integer, BrokerRecord> records = new TreeMap<>();
  private final Map<Integer, BrokerRecord> readOnly = Collections.unmodifiableMap(records);
  /**
   * {@link #members()} and {@link #nodes()}, made again only when a broker is removed or comes
   * back: the scheduler asks for them several times per event, and with 1,000 brokers making them
   * each time was a tenth of its event loop's time (AgentScaleBenchmark's flight recording).
   */
  private Set<Integer> members;
  private java.util.List<Integer> nodes;

  BrokerRecords(StateStore store, ClusterLayout layout) {
    this.store = Objects.requireNonNull(store);
    this.layout = Objects.requireNonNull(layout);
    this.brokerCount = layout.brokerCount();
  }

  /** The cluster's nodes by kind. */
  ClusterLayout layout() {
    return layout;
  }

  /** The kind of a node: its record's, else the layout's. */
  NodeKind kindOf(int nodeId) {
    BrokerRecord r = records.get(nodeId);
    return r != null ? r.kind() : layout.kindOf(nodeId);
  }

  /** Replaces the records with the stored ones. */
  void load() {
    records.clear();
    records.putAll(store.brokers());
    forgetMembers();
  }

  /** Stores the record, then keeps it. */
  void save(BrokerRecord r) {
    store.storeBroker(r);
    BrokerRecord before = records.put(r.brokerId(), r);
    if (before == null || (before.state() == BrokerState.REMOVED) != (r.state() == BrokerState.REMOVED)) {
      forgetMembers();
    }
  }

  private void forgetMembers() {
    members = null;
    nodes = null;
  }

  /** Deletes the node's record from the store, then forgets it. */
  void remove(int nodeId) {
    store.removeBroker(nodeId);
    records.remove(nodeId);
    forgetMembers();
  }

    /** The record of the broker, or null when it has none. */
  BrokerRecord get(int brokerId) {
    return records.get(brokerId);
  }

  /** The records by id, in id order; a read-only view that follows the changes. */
  Map<Integer, BrokerRecord> asMap() {
    return readOnly;
  }

  /** The records in id order; a read-only view that follows the changes. */
  Collection<BrokerRecord> values() {
    return readOnly.values();
  }

  int size() {
    return records.size();
  }

  /** The record of a node with a task id chosen for its next launch (stored). */
  BrokerRecord withNextTaskId(int nodeId) {
    BrokerRecord r = records.get(nodeId);
    NodeKind kind = kindOf(nodeId);
    if (r == null) {
      r = BrokerRecord.pending(kind, nodeId, NodeTaskId.next(kind, nodeId).toString(),
          "new " + kind.prefix());
      save(r);
    } else if (r.nextTaskId() == null) {
      r = r.withNextTaskId(NodeTaskId.next(kind, nodeId).toString());
      save(r);
    }
    return r;
  }

  /** A fresh task id for the node's next launch, kept by nobody yet. */
  String freshTaskId(int nodeId) {
    return NodeTaskId.next(kindOf(nodeId), nodeId).toString();
  }

  /**
   * The nodes the scheduler launches: the controllers first, then the brokers less the removed
   * (read-only).
   */
  java.util.List<Integer> nodes() {
    if (nodes == null) {
      java.util.List<Integer> ids = new java.util.ArrayList<>(layout.controllerIds());
      ids.addAll(members());
      nodes = java.util.List.copyOf(ids);
    }
    return nodes;
  }

  /**
   * Checks the node is one of the cluster's controllers.
   *
   * @throws BrokerNotFoundException (naming the controllers) when it is not
   */
  void requireController(int nodeId) {
    if (!layout.isController(nodeId)) {
      throw new BrokerNotFoundException("controller " + nodeId + " does not exist; "
          + (layout.kraft() ? "the controllers are " + layout.controllerIds()
          : "the cluster runs in ZooKeeper mode and has no controllers of its own"));
    }
  }

  /** The brokers of the cluster: BROKER_COUNT less the removed ones, in id order (read-only). */
  Set<Integer> members() {
    if (members == null) {
      Set<Integer> ids = new TreeSet<>();
      for (int id = 0; id < brokerCount; id++) {
        BrokerRecord r = records.get(id);
        if (r == null || r.state() != BrokerState.REMOVED) {
          ids.add(id);
        }
      }
      members = Collections.unmodifiableSet(ids);
    }
    return members;
  }

  /**
   * Checks the broker is a member of the cluster.
   *
   * @throws BrokerNotFoundException when it is beyond BROKER_COUNT or was removed
   */
  void requireMember(int brokerId) {
    if (brokerId < 0 || brokerId >= brokerCount) {
      throw new BrokerNotFoundException(brokerId, brokerCount);
    }
    BrokerRecord r = records.get(brokerId);
    if (r != null && r.state() == BrokerState.REMOVED) {
      throw new BrokerNotFoundException(brokerId, brokerCount, "it was removed");
    }
  }
}
