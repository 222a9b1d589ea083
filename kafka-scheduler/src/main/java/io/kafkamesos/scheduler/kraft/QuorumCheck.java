package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.plan.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * May this controller be taken down now? Only while the voters that stay would still be a
 * majority of the quorum that is caught up with the leader, so that the quorum keeps committing
 * (and can elect a new leader, when the one taken down leads). The idea of Strimzi's
 * {@code KafkaQuorumCheck}. Pure: decided from a {@link QuorumView}.
 *
 * <p>A voter is caught up when it is the leader, or when the leader last saw it caught up within
 * {@code fetchTimeout} of the leader's own last catch-up ({@code controller.quorum.fetch.timeout.ms},
 * 2 s by default: a follower that has not fetched for that long would start an election). Times are
 * the leader's, so clocks of other hosts never enter the check.
 *
 * <p>A quorum of one voter cannot stay up while its controller restarts; it is restarted anyway
 * (while it leads), as the only way to roll or renew it.
 */
public final class QuorumCheck {

  /** Kafka's default {@code controller.quorum.fetch.timeout.ms}. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(2);

  private QuorumCheck() {
  }

  /**
   * @param controller the controller to restart (or stop, or replace)
   * @param view the quorum now
   * @param fetchTimeout how far behind the leader's last catch-up a caught-up voter may be
   */
  public static Verdict mayRestart(int controller, QuorumView view, Duration fetchTimeout) {
    Objects.requireNonNull(view);
    String who = "controller " + controller;
    if (!view.hasLeader()) {
      return Verdict.refuse(who + " waits: the quorum has no leader");
    }
    QuorumView.Replica leader = view.leader().orElse(null);
    if (leader == null) {
      return Verdict.refuse(who + " waits: the leader " + view.leaderId() + " is not among the voters "
          + view.voterIds());
    }
    if (view.voters().size() == 1 && leader.nodeId() == controller) {
      // a quorum of one (CONTROLLER_COUNT=1, for development) has no other voter to keep it: its
      // controller may only restart with the quorum down meanwhile (brokers keep serving what they
      // lead; metadata changes wait). Waiting instead would hold every roll and renewal for ever,
      // until its certificate expired.
      return Verdict.allow();
    }
    int majority = view.voters().size() / 2 + 1;
    List<Integer> caughtUp = view.voters().stream()
        .filter(v -> v.nodeId() != controller && caughtUp(v, leader, fetchTimeout))
        .map(QuorumView.Replica::nodeId)
        .sorted()
        .toList();
    if (caughtUp.size() < majority) {
      List<Integer> behind = view.voters().stream()
          .filter(v -> v.nodeId() != controller && !caughtUp.contains(v.nodeId()))
          .map(QuorumView.Replica::nodeId).sorted().toList();
      return Verdict.refuse(who + " waits: without it only " + caughtUp.size() + " of "
          + view.voters().size() + " voters are caught up with the leader " + view.leaderId()
          + " (" + majority + " needed for a majority)" + (behind.isEmpty() ? ""
          : "; behind or down: " + behind));
    }
    return Verdict.allow();
  }

  /**
   * What keeps a restarted controller from counting as back: "" once it is a voter caught up with
   * the leader (the leader itself is), else why not.
   */
  public static String lacks(int controller, QuorumView view, Duration fetchTimeout) {
    Objects.requireNonNull(view);
    if (!view.hasLeader()) {
      return "the quorum has no leader";
    }
    QuorumView.Replica leader = view.leader().orElse(null);
    if (leader == null) {
      return "the leader " + view.leaderId() + " is not among the voters " + view.voterIds();
    }
    QuorumView.Replica voter = view.voter(controller).orElse(null);
    if (voter == null) {
      return "it is not among the quorum's voters " + view.voterIds();
    }
    if (!caughtUp(voter, leader, fetchTimeout)) {
      long lag = view.lag(voter);
      return "it has not caught up with the leader " + view.leaderId() + " yet"
          + (lag < 0 ? "" : " (" + lag + " records behind)");
    }
    return "";
  }

  /** Whether the voter is caught up with the leader, by the leader's clock. */
  static boolean caughtUp(QuorumView.Replica voter, QuorumView.Replica leader, Duration fetchTimeout) {
    if (voter.nodeId() == leader.nodeId()) {
      return true;
    }
    if (voter.lastCaughtUpMillis() < 0) {
      return false;
    }
    long leaderCaughtUp = leader.lastCaughtUpMillis() >= 0 ? leader.lastCaughtUpMillis()
        : leader.lastFetchMillis();
    return leaderCaughtUp < 0 || leaderCaughtUp - voter.lastCaughtUpMillis() <= fetchTimeout.toMillis();
  }
}
