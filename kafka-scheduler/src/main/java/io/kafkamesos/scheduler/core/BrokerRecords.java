package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.broker.BrokerTaskId;
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
 * The broker records the scheduler works from, by id: owns the map and keeps it in step with the
 * {@link StateStore} (a record is stored before the map takes it). Answers which brokers are members
 * of the cluster. Used on the scheduler's thread only; other threads read the published views.
 */
final class BrokerRecords {

  private final StateStore store;
  private final int brokerCount;
  private final Map<Integer, BrokerRecord> records = new TreeMap<>();
  private final Map<Integer, BrokerRecord> readOnly = Collections.unmodifiableMap(records);

  BrokerRecords(StateStore store, int brokerCount) {
    this.store = Objects.requireNonNull(store);
    this.brokerCount = brokerCount;
  }

  /** Replaces the records with the stored ones. */
  void load() {
    records.clear();
    records.putAll(store.brokers());
  }

  /** Stores the record, then keeps it. */
  void save(BrokerRecord r) {
    store.storeBroker(r);
    records.put(r.brokerId(), r);
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

  /** The record of a broker with a task id chosen for its next launch (stored). */
  BrokerRecord withNextTaskId(int brokerId) {
    BrokerRecord r = records.get(brokerId);
    if (r == null) {
      r = BrokerRecord.pending(brokerId, BrokerTaskId.next(brokerId).toString(), "new broker");
      save(r);
    } else if (r.nextTaskId() == null) {
      r = r.withNextTaskId(BrokerTaskId.next(brokerId).toString());
      save(r);
    }
    return r;
  }

  /** The brokers of the cluster: BROKER_COUNT less the removed ones. */
  Set<Integer> members() {
    Set<Integer> ids = new TreeSet<>();
    for (int id = 0; id < brokerCount; id++) {
      BrokerRecord r = records.get(id);
      if (r == null || r.state() != BrokerState.REMOVED) {
        ids.add(id);
      }
    }
    return ids;
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
