package io.kafkamesos.scheduler.state;

/**
 * Which plan a target needs, as stored with it: the plan's phases follow from the kind, the
 * target's settings and the stored {@link PlanState} ({@code io.kafkamesos.scheduler.plan.Plans}).
 */
public enum PlanKind {
  /** Launch new brokers and roll the others onto the target's configuration ({@code launch}, {@code restart}). */
  CONFIGURATION,
  /**
   * A rolling Kafka upgrade: {@code launch}, {@code upgrade} (new software, protocol pinned),
   * {@code finalize} (waits for the operator), {@code raise-protocol} (the protocol raised).
   */
  UPGRADE,
  /**
   * The rest of an upgrade whose protocol was raised under an earlier target: {@code launch},
   * {@code raise-protocol}.
   */
  RAISE_PROTOCOL,
  /** Back to the version before an upgrade whose protocol was never raised: {@code launch}, {@code rollback}. */
  ROLLBACK,
  /**
   * The online migration of a ZooKeeper-mode cluster to KRaft: {@code launch}, {@code controllers},
   * {@code dual-write}, {@code metadata-migrated}, {@code kraft-brokers}, {@code finalize} (waits
   * for the operator), {@code kraft-controllers} ({@code io.kafkamesos.scheduler.plan.Migration}).
   */
  MIGRATION,
  /**
   * A KRaft cluster's rolling Kafka upgrade: {@code launch}, {@code controllers} (one at a time,
   * with the quorum's rules), {@code upgrade} (the brokers; {@code metadata.version} kept),
   * {@code finalize} (waits for the operator), {@code raise-metadata} ({@code metadata.version}
   * raised to the new release's; a point of no return).
   */
  KRAFT_UPGRADE,
  /**
   * Back to ZooKeeper mode from a migration that was not finalised: {@code launch},
   * {@code dual-write-brokers} (after {@code kraft-brokers} started), {@code remove-controllers}, {@code zookeeper-controller}, {@code zookeeper-brokers}
   * ({@code io.kafkamesos.scheduler.plan.Revert}).
   */
  REVERT,
  /**
   * TLS switched on for a running ZooKeeper-mode cluster: {@code launch}, then one roll per stage of
   * {@code io.kafkamesos.scheduler.security.ListenerPlan} ({@code add-secure-listeners},
   * {@code move-inter-broker}, {@code enable-authorizer}), from the security options it started
   * with ({@link PlanState#switchOn}).
   */
  SWITCH_ON
}
