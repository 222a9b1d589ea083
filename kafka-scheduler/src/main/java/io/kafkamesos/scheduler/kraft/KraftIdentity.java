package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.state.KraftState;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * Chooses a new KRaft cluster's identity once: its cluster id and the metadata directory id of each
 * initial controller, as Kafka's own {@code kafka-storage random-uuid} makes them (Kafka's
 * {@link Uuid}, which never hands out the ids Kafka reserves).
 */
public final class KraftIdentity {

  private KraftIdentity() {
  }

  /**
   * The quorum mode of the cluster: the one it was formatted with when its identity is stored,
   * else (a new cluster) its version's. A cluster keeps its mode across upgrades: a Kafka 3.9
   * cluster's static quorum ({@code controller.quorum.voters}) stays static on Kafka 4.
   */
  public static QuorumMode quorumOf(io.kafkamesos.scheduler.settings.SchedulerSettings settings,
      java.util.Optional<KraftState> stored) {
    return stored.map(KraftState::quorum).orElse(settings.kafka().version().quorum());
  }

  /** A new cluster's state: fresh ids, not bootstrapped yet. */
  public static KraftState create(ClusterLayout layout, QuorumMode quorum) {
    return create(layout, quorum, () -> Uuid.randomUuid().toString());
  }

  /** The same with ids from {@code ids} (tests). */
  public static KraftState create(ClusterLayout layout, QuorumMode quorum, Supplier<String> ids) {
    Map<Integer, String> directories = new TreeMap<>();
    if (quorum == QuorumMode.DYNAMIC) {
      layout.controllerIds().forEach(id -> directories.put(id, ids.get()));
    }
    return new KraftState(ids.get(), quorum, directories, java.util.List.of());
  }
}
