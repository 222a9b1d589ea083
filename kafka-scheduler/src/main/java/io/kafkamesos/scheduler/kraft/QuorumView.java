package io.kafkamesos.scheduler.kraft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller quorum as its leader describes it ({@code describeMetadataQuorum}), in our own
 * terms so that the rules on it are pure and tested without Kafka.
 *
 * @param leaderId the leader's node id, -1 when none is known
 * @param leaderEpoch the leader's epoch
 * @param highWatermark the metadata log's high watermark
 * @param voters the voters, the leader among them
 * @param observers the replicas that fetch without voting: brokers, and controllers that joined
 *     but were not added as voters yet
 */
public record QuorumView(int leaderId, int leaderEpoch, long highWatermark, List<Replica> voters,
    List<Replica> observers) {

  /**
   * One replica of the metadata log.
   *
   * @param nodeId its node id
   * @param directoryId its metadata directory id ({@code null} for a voter of a static quorum)
   * @param logEndOffset how far its log goes, -1 when unknown
   * @param lastFetchMillis when it last fetched from the leader (the leader's clock), -1 when never
   * @param lastCaughtUpMillis when it was last caught up with the leader, -1 when never
   */
  public record Replica(int nodeId, String directoryId, long logEndOffset, long lastFetchMillis,
      long lastCaughtUpMillis) {
  }

  public QuorumView {
    voters = List.copyOf(voters);
    observers = List.copyOf(observers);
  }

  public boolean hasLeader() {
    return leaderId >= 0;
  }

  public Optional<Replica> voter(int nodeId) {
    return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
  }

  /**
   * The node's observer replica that fetched last: after a controller's replacement the leader
   * lists both its new replica and, for a while, its removed old one (same node id, the old
   * directory, no longer fetching).
   */
  public Optional<Replica> observer(int nodeId) {
    return observers.stream().filter(v -> v.nodeId() == nodeId)
        .max(java.util.Comparator.comparingLong(Replica::lastFetchMillis));
  }

  /** The leader's own replica, if it is among the voters. */
  public Optional<Replica> leader() {
    return voter(leaderId);
  }

  /** How many records a replica is behind the leader's log end (0 for the leader; -1 unknown). */
  public long lag(Replica replica) {
    Objects.requireNonNull(replica);
    long leaderEnd = leader().map(Replica::logEndOffset).orElse(-1L);
    if (leaderEnd < 0 || replica.logEndOffset() < 0) {
      return -1;
    }
    return Math.max(0, leaderEnd - replica.logEndOffset());
  }

  /** The voters' node ids, in order. */
  public List<Integer> voterIds() {
    return voters.stream().map(Replica::nodeId).sorted().toList();
  }
}
