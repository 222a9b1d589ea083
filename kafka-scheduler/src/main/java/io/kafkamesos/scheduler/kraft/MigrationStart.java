package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of a cluster that migrates from ZooKeeper to KRaft: its controllers are formatted
 * with the cluster id Kafka gave it in ZooKeeper ({@code /cluster/id}), as Kafka's migration
 * requires, never a new one. Stored once, before any controller launches.
 */
public final class MigrationStart {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationStart.class);

  private MigrationStart() {
  }

  /** Stores the cluster's KRaft identity with its ZooKeeper cluster id, unless stored already. */
  public static void keepClusterId(SchedulerSettings settings, StateStore store,
      CuratorMigrationProbe zookeeper) {
    keepClusterId(settings, store, zookeeper::clusterId);
  }

  /**
   * @param zookeeperClusterId reads {@code /cluster/id}
   * @throws IllegalStateException when ZooKeeper holds no cluster id (no broker ever started)
   */
  static void keepClusterId(SchedulerSettings settings, StateStore store,
      Supplier<Optional<String>> zookeeperClusterId) {
    Optional<KraftState> stored = store.kraft();
    if (stored.isPresent()) {
      return;
    }
    String id = zookeeperClusterId.get().orElseThrow(() -> new IllegalStateException("the cluster"
        + " " + settings.frameworkName() + " has no id in ZooKeeper (/cluster/id) to migrate with"));
    store.storeKraft(identity(settings, id));
    LOG.info("KRaft cluster {} of {}: migrating from ZooKeeper with its cluster id, a {} quorum of"
        + " controllers {}", id, settings.frameworkName(),
        settings.kafka().version().quorum().name().toLowerCase(java.util.Locale.ROOT),
        ClusterLayout.of(settings).controllerIds());
  }

  /** The identity: the cluster's id, the version's quorum (static on 3.9), not bootstrapped. */
  static KraftState identity(SchedulerSettings settings, String clusterId) {
    QuorumMode quorum = settings.kafka().version().quorum();
    return new KraftState(clusterId, quorum, Map.of(), List.of());
  }
}
