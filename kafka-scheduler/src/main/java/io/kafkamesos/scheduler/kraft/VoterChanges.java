package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.Voter;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The next change a dynamic quorum needs, if any, as a pure function of the quorum and the
 * scheduler's records. A controller that was replaced runs on a new volume, formatted to join: it
 * fetches as an observer with a new directory id, while the quorum may still count its old self
 * (same node id, the old directory id) as a voter. Kafka keys voters by node id, so the old voter
 * goes first ({@link Kind#REMOVE}: the others are a majority of the quorum without it), then the new
 * replica is added ({@link Kind#ADD}) once it runs. Which replica is which is told by their last
 * fetch: the leader lists a removed replica among the observers for a while, and only the one that
 * fetches last is the node's live replica. One change at a time: the next is decided from the
 * quorum the change leaves.
 */
public final class VoterChanges {

  /** What to change. */
  public enum Kind {
    ADD,
    REMOVE
  }

  /**
   * @param endpoint the controller listener the new voter is reached at (ADD), else null
   * @param reason what the change is for, for the log
   */
  public record Change(Kind kind, int nodeId, String directoryId, Voter endpoint, String reason) {
    public Change {
      Objects.requireNonNull(kind);
      Objects.requireNonNull(directoryId);
      Objects.requireNonNull(reason);
    }
  }

  private VoterChanges() {
  }

  public static Optional<Change> next(QuorumView view, ClusterLayout layout,
      Map<Integer, BrokerRecord> records) {
    if (!view.hasLeader()) {
      return Optional.empty();
    }
    for (int id : layout.controllerIds()) {
      BrokerRecord r = records.get(id);
      Optional<QuorumView.Replica> joined = view.observer(id);
      if (r == null || r.state() != BrokerState.RUNNING || joined.isEmpty()
          || joined.get().directoryId() == null || r.reservation() == null) {
        continue;
      }
      String newDirectory = joined.get().directoryId();
      Optional<QuorumView.Replica> old = view.voter(id);
      if (old.isPresent() && !newDirectory.equals(old.get().directoryId())) {
        if (old.get().directoryId() == null) {
          continue; // a static quorum: its voters never change
        }
        if (joined.get().lastFetchMillis() <= old.get().lastFetchMillis()) {
          continue; // the observer is the removed old replica, still listed; the voter is the live one
        }
        return Optional.of(new Change(Kind.REMOVE, id, old.get().directoryId(), null,
            "controller " + id + " was replaced: its old replica (directory "
                + old.get().directoryId() + ") leaves the voters before its new one ("
                + newDirectory + ") joins them"));
      }
      if (old.isEmpty()) {
        return Optional.of(new Change(Kind.ADD, id, newDirectory,
            new Voter(id, r.reservation().hostname(), r.reservation().port()),
            "controller " + id + " runs on its new volume (directory " + newDirectory
                + ") and joins the voters"));
      }
    }
    return Optional.empty();
  }
}
