package io.kafkamesos.scheduler.state;

import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's durable memory: the framework id Mesos gave it and a record per broker. Every
 * write is durable when the method returns, so that a scheduler killed at any point restarts with
 * what it last decided. Implementations are safe for use from several threads.
 *
 * @throws StateStoreException from any method, when the storage cannot be reached
 */
public interface StateStore {

  /** The framework id stored by the last subscription, if any. */
  Optional<String> frameworkId();

  void storeFrameworkId(String frameworkId);

  /** Forgets the framework id (Mesos removed the framework; the next subscription registers anew). */
  void clearFrameworkId();

  /** Every stored broker record, by broker id. */
  Map<Integer, BrokerRecord> brokers();

  Optional<BrokerRecord> broker(int brokerId);

  /** Creates or replaces the record of {@code record.brokerId()}. */
  void storeBroker(BrokerRecord record);

  /** Removes a broker's record; removing an absent record does nothing. */
  void removeBroker(int brokerId);

  /** The cluster's current target configuration, if one was stored. */
  Optional<Target> target();

  /** Makes {@code target} the current target. */
  void storeTarget(Target target);

  /**
   * Makes {@code target} the current target and {@code plan} its plan, both or neither (a
   * scheduler killed in between never finds a target without its plan).
   */
  void storeTarget(Target target, PlanState plan);

  /** The plan of the current target as last stored, if any. */
  Optional<PlanState> plan();

  /** Replaces the stored plan (its progress moved). */
  void storePlan(PlanState plan);

  /** Reservations and volumes the cluster gave up, to be released when their agent offers them. */
  java.util.List<AbandonedReservation> abandoned();

  /** Replaces the list of abandoned reservations. */
  void storeAbandoned(java.util.List<AbandonedReservation> abandoned);

  /** A KRaft cluster's cluster id and initial quorum, once chosen; empty in ZooKeeper mode. */
  Optional<KraftState> kraft();

  /** Keeps the KRaft cluster's metadata identity. */
  void storeKraft(KraftState kraft);

  /** Forgets the KRaft identity: a migration to KRaft was reverted (the next one stores it anew). */
  void clearKraft();
}
