package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.kraft.KraftIdentity;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.StateStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's hold on a KRaft cluster's identity ({@link KraftState}): chosen once when a KRaft
 * cluster is first loaded and kept in the state store, so that every node is formatted with the
 * same cluster id whatever scheduler process launches it. Empty in ZooKeeper mode. Used on the
 * scheduler's thread; {@link #state()} is safe from any thread.
 */
final class KraftContext {

  private static final Logger LOG = LoggerFactory.getLogger(KraftContext.class);

  private final SchedulerSettings settings;
  private final StateStore store;
  private final ClusterLayout layout;
  private volatile KraftState state;

  KraftContext(SchedulerSettings settings, StateStore store, ClusterLayout layout) {
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.layout = Objects.requireNonNull(layout);
  }

  /** Reads the stored identity; a new KRaft cluster gets one (stored before any node launches). */
  void load() {
    if (!settings.isKraft()) {
      state = null;
      return;
    }
    Optional<KraftState> stored = store.kraft();
    if (stored.isPresent()) {
      state = stored.get();
      LOG.info("KRaft cluster {}: {} quorum{}", state.clusterId(),
          state.quorum().name().toLowerCase(java.util.Locale.ROOT),
          state.bootstrapped() ? " of initial controllers " + state.initialControllers()
              : ", not bootstrapped yet");
      return;
    }
    QuorumMode quorum = settings.kafka().version().quorum();
    KraftState created = KraftIdentity.create(layout, quorum);
    store.storeKraft(created);
    state = created;
    LOG.info("KRaft cluster {} of {}: a new cluster id, a {} quorum of controllers {}",
        created.clusterId(), settings.frameworkName(),
        quorum.name().toLowerCase(java.util.Locale.ROOT), layout.controllerIds());
  }

  /** The cluster's identity, or empty in ZooKeeper mode (or before {@link #load()}). */
  Optional<KraftState> state() {
    return Optional.ofNullable(state);
  }

  /** Freezes the initial voter set (the first launch of an initial controller). */
  void bootstrapped(List<KraftState.InitialVoter> voters) {
    KraftState current = Objects.requireNonNull(state, "not a KRaft cluster");
    if (current.bootstrapped()) {
      return;
    }
    KraftState next = current.bootstrappedWith(voters);
    store.storeKraft(next);
    state = next;
    LOG.info("KRaft cluster {}: bootstrapping the quorum with initial controllers {}",
        next.clusterId(), next.initialControllers());
  }
}
