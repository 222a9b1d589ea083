package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.plan.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * What Kafka itself reports, in the cluster's ZooKeeper, of a migration to KRaft: its
 * {@code /migration} znode, which the active KRaft controller creates when it claims the cluster
 * and updates once the metadata is migrated. Asked on the scheduler's thread.
 */
@FunctionalInterface
public interface MigrationProbe {

  /** A cluster whose ZooKeeper is not read (KRaft from the start): no migration. */
  MigrationProbe NONE = Optional::empty;

  /**
   * The migration's state, empty while no KRaft controller claimed the cluster.
   *
   * @throws RuntimeException when ZooKeeper cannot be read
   */
  Optional<ZkMigration> read();

  /**
   * A gate decided on this tick's {@code /migration} (and the cluster's view); a ZooKeeper that
   * cannot be read refuses with its reason, so the gate waits rather than guesses.
   */
  static GateCondition gate(MigrationProbe probe, Decision decision) {
    Objects.requireNonNull(probe);
    Objects.requireNonNull(decision);
    return view -> {
      Optional<ZkMigration> state;
      try {
        state = probe.read();
      } catch (RuntimeException e) {
        return Verdict.refuse(e.getMessage());
      }
      return decision.decide(state, view);
    };
  }

  /** How a gate reads the migration's state: see {@link #gate}. */
  @FunctionalInterface
  interface Decision {
    Verdict decide(Optional<ZkMigration> migration, ClusterView view);
  }

  /**
   * A revert's step in ZooKeeper (Kafka's "Reverting to ZooKeeper mode During the Migration"):
   * deletes {@code /migration}, so that the cluster can be migrated again, and {@code /controller}
   * when it names no broker of {@code zookeeperBrokers} (a KRaft controller held it), so that one of
   * them is elected controller. Does nothing to what is gone already.
   *
   * @throws RuntimeException when ZooKeeper cannot be written
   */
  default void clearForZookeeper(java.util.Set<Integer> zookeeperBrokers) {
    throw new UnsupportedOperationException("this scheduler does not write Kafka's ZooKeeper");
  }

  /**
   * Kafka's {@code /migration} znode.
   *
   * @param kraftControllerId the KRaft controller that wrote it
   * @param kraftMetadataOffset the offset in the metadata log up to which ZooKeeper and KRaft
   *     agree; positive once the initial migration of the metadata is done (Kafka's
   *     {@code ZkMigrationLeadershipState.initialZkMigrationComplete})
   */
  record ZkMigration(int kraftControllerId, long kraftMetadataOffset) {

    /** Whether the metadata was migrated: the cluster is in dual-write. */
    public boolean migrated() {
      return kraftMetadataOffset > 0;
    }
  }
}
