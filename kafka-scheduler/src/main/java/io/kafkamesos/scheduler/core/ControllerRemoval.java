package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import io.kafkamesos.scheduler.state.StateStore;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revert's {@code remove-controllers} carried out ({@link io.kafkamesos.scheduler.plan.Revert}):
 * each controller with a live task is marked removing ({@link Removals} kills it: it holds no
 * partition replica), one without is removed at once; a removed controller's reservation and volume
 * are abandoned ({@link ReservationKeeper} releases them when their agent offers them), and once
 * released its record is deleted; the KRaft identity of the migration is forgotten first. Each tick goes on from
 * what the records say, so a scheduler that takes over goes on where this one was. Used on the
 * scheduler's thread.
 */
final class ControllerRemoval {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerRemoval.class);

  private final BrokerRecords records;
  private final ReservationKeeper keeper;
  private final StateStore store;

  ControllerRemoval(BrokerRecords records, ReservationKeeper keeper, StateStore store) {
    this.records = Objects.requireNonNull(records);
    this.keeper = Objects.requireNonNull(keeper);
    this.store = Objects.requireNonNull(store);
  }

  void tick() {
    if (store.kraft().isPresent()) {
      // a later migration stores the identity anew (the cluster's ZooKeeper id, a new quorum)
      store.clearKraft();
      LOG.info("Revert to ZooKeeper mode: the KRaft identity of the migration is forgotten");
    }
    List<BrokerRecord> controllers = records.values().stream()
        .filter(r -> r.kind() == NodeKind.CONTROLLER).toList();
    List<AbandonedReservation> releasing = keeper.abandoned();
    for (BrokerRecord r : controllers) {
      switch (r.state()) {
        case STAGING, RUNNING, KILLING -> {
          records.save(r.withRestart(RestartMode.NONE, "revert to ZooKeeper mode")
              .withState(BrokerState.REMOVING));
          LOG.info("{}: stopping it for good (revert of the migration to KRaft)", r.describe());
        }
        case REMOVING -> {
          // Removals kills it; its status makes it REMOVED
        }
        case REMOVED -> {
          if (r.reservation() != null) {
            records.save(r.withReservation(null));
            keeper.abandon(r, r.describe() + " removed (revert to ZooKeeper mode)");
          } else if (releasing.stream().noneMatch(a -> a.brokerId() == r.brokerId())) {
            records.remove(r.brokerId());
            LOG.info("{}: its reservation and volume are released; record deleted", r.describe());
          }
        }
        default -> {
          // no live task (never launched, failed, lost): nothing to stop
          records.save(r.withRestart(RestartMode.NONE, "revert to ZooKeeper mode")
              .withStatus(BrokerState.REMOVED, "removed without a task (revert to ZooKeeper mode)", 0));
          LOG.info("{}: removed (no live task) for the revert to ZooKeeper mode", r.describe());
        }
      }
    }
  }
}
