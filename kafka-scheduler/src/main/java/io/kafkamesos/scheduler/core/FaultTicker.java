package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.plan.LostBrokers;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lost, replaced and removed brokers as time passes: warns once when a lost broker's grace period
 * ends, replaces it when auto-replace is due, and lets {@link Removals} move the removals on. Owns
 * the replace itself (for the operator's request too) and which lost brokers' warnings were logged.
 * Used on the scheduler's thread.
 */
final class FaultTicker {

  private static final Logger LOG = LoggerFactory.getLogger(FaultTicker.class);

  private final BrokerRecords records;
  private final LostBrokers lost;
  private final ReservationKeeper keeper;
  private final Removals removals;
  private final MesosCalls mesos;
  private final Clock clock;
  /** The KRaft quorum's mode, or null in ZooKeeper mode: a static quorum's controllers stay put. */
  private final io.kafkamesos.commons.node.QuorumMode quorum;
  private final Set<Integer> graceLogged = new HashSet<>();

  FaultTicker(BrokerRecords records, LostBrokers lost, ReservationKeeper keeper, Removals removals,
      MesosCalls mesos, Clock clock, io.kafkamesos.commons.node.QuorumMode quorum) {
    this.quorum = quorum;
    this.records = Objects.requireNonNull(records);
    this.lost = Objects.requireNonNull(lost);
    this.keeper = Objects.requireNonNull(keeper);
    this.removals = Objects.requireNonNull(removals);
    this.mesos = Objects.requireNonNull(mesos);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Moves lost and leaving brokers on.
   *
   * @param faults the fault phases last published (whether a replace step waits for Kafka)
   */
  void tick(FaultPhases.View faults) {
    tickLost();
    tickRemovals(faults);
  }

  /**
   * Launches the broker afresh elsewhere, giving up its reservation and volume (released if their
   * agent comes back); kills its task first if it has one. Answers the task id it will run as.
   */
  String replace(int brokerId, String reason) {
    BrokerRecord r = records.withNextTaskId(brokerId);
    BrokerRecord next = r.withReservation(null).withRestart(RestartMode.NONE, "replaced: " + reason);
    boolean kill = r.state().hasLiveTask() && r.taskId() != null;
    // the record lets go first: should the store fail in between, the old volume is an orphan
    // (reported, kept), never a volume released under a broker that still counts on it
    records.save(next.withState(kill ? BrokerState.KILLING : BrokerState.PENDING));
    keeper.abandon(r, reason);
    if (kill) {
      mesos.kill(r);
    }
    graceLogged.remove(brokerId);
    if (r.kind().controller()) {
      LOG.warn("{}: replaced ({}); it launches as {} on another agent, joins the quorum as an"
          + " observer and, once caught up, becomes a voter in place of its old self", r.describe(),
          reason, r.nextTaskId());
    } else {
      LOG.warn("Broker {}: replaced ({}); it launches as {} on another agent and Kafka copies its "
          + "partitions to it", brokerId, reason, r.nextTaskId());
    }
    return r.nextTaskId();
  }

  /** Lost brokers: say when the grace period ends, replace them when auto-replace is due. */
  private void tickLost() {
    Instant now = clock.instant();
    for (BrokerRecord r : List.copyOf(records.values())) {
      if (r.state() != BrokerState.LOST) {
        graceLogged.remove(r.brokerId());
        continue;
      }
      boolean fixedVoter = r.kind().controller() && quorum != io.kafkamesos.commons.node.QuorumMode.DYNAMIC;
      if (lost.replaceDue(r, now) && !fixedVoter) {
        replace(r.brokerId(), "automatic replace: agent " + r.agentId() + " lost since "
            + LostBrokers.lostSince(r));
      } else if (lost.graceOver(r, now) && graceLogged.add(r.brokerId())) {
        LOG.warn("{}", lost.describe(r, now));
      }
    }
  }

  /** Brokers being removed: move their replicas away, then kill them once they hold none. */
  private void tickRemovals(FaultPhases.View faults) {
    boolean replacing = faults.phases().stream()
        .anyMatch(p -> p.name().equals("replace") && !"COMPLETE".equals(p.status()));
    removals.tick(List.copyOf(records.values()), records.members(), replacing, records::save);
  }
}
