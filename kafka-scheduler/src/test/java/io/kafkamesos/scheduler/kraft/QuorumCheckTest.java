package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.plan.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** May this controller restart now? A fluent fake quorum, as Strimzi tests its quorum check. */
class QuorumCheckTest {

  private static final long NOW = 1_000_000;
  private static final Duration TIMEOUT = QuorumCheck.DEFAULT_FETCH_TIMEOUT;

  /** A quorum led by {@code leader}; voters caught up now unless said otherwise. */
  private static final class Quorum {
    final int leader;
    final List<QuorumView.Replica> voters = new ArrayList<>();

    Quorum(int leader) {
      this.leader = leader;
    }

    Quorum caughtUp(int id) {
      voters.add(new QuorumView.Replica(id, "dir-" + id, 100, NOW, NOW));
      return this;
    }

    /** Last caught up {@code ms} before the leader. */
    Quorum behind(int id, long ms) {
      voters.add(new QuorumView.Replica(id, "dir-" + id, 90, NOW - ms, NOW - ms));
      return this;
    }

    Quorum neverCaughtUp(int id) {
      voters.add(new QuorumView.Replica(id, "dir-" + id, -1, -1, -1));
      return this;
    }

    Verdict restart(int id) {
      return QuorumCheck.mayRestart(id, new QuorumView(leader, 3, 100, voters, List.of()), TIMEOUT);
    }
  }

  @Test
  void aFollowerMayRestartWhileTheOthersAreAMajorityCaughtUp() {
    Quorum q = new Quorum(3000).caughtUp(3000).caughtUp(3001).caughtUp(3002);
    assertThat(q.restart(3001).allowed()).isTrue();
    // the leader too: the two others elect a new one
    assertThat(q.restart(3000).allowed()).isTrue();
  }

  @Test
  void noControllerMayRestartWhileAnotherIsBehindInAQuorumOfThree() {
    Quorum q = new Quorum(3000).caughtUp(3000).caughtUp(3001).behind(3002, 5_000);
    Verdict verdict = q.restart(3001);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("controller 3001 waits: without it only 1 of 3 voters are"
        + " caught up with the leader 3000 (2 needed for a majority); behind or down: [3002]");
    // the one behind may restart: the two others are a majority
    assertThat(q.restart(3002).allowed()).isTrue();
  }

  @Test
  void aVoterWithinTheFetchTimeoutCountsAsCaughtUp() {
    Quorum q = new Quorum(3000).caughtUp(3000).behind(3001, 1_500).caughtUp(3002);
    assertThat(q.restart(3002).allowed()).isTrue();
    Quorum never = new Quorum(3000).caughtUp(3000).neverCaughtUp(3001).caughtUp(3002);
    assertThat(never.restart(3002).allowed()).isFalse();
  }

  @Test
  void aQuorumOfFiveToleratesOneBehindBesidesTheOneRestarting() {
    Quorum q = new Quorum(3000).caughtUp(3000).caughtUp(3001).caughtUp(3002).behind(3003, 60_000)
        .caughtUp(3004);
    assertThat(q.restart(3004).allowed()).isTrue();
    Quorum two = new Quorum(3000).caughtUp(3000).caughtUp(3001).behind(3002, 60_000)
        .behind(3003, 60_000).caughtUp(3004);
    assertThat(two.restart(3004).allowed()).isFalse();
  }

  @Test
  void aSingleControllerRestartsWhileItLeadsAndNothingRestartsWithoutALeader() {
    // no other voter could keep a quorum of one up: the only way to roll or renew it
    assertThat(new Quorum(3000).caughtUp(3000).restart(3000).allowed()).isTrue();
    assertThat(new Quorum(-1).caughtUp(3000).restart(3000).reason())
        .isEqualTo("controller 3000 waits: the quorum has no leader");
    assertThat(new Quorum(-1).caughtUp(3000).caughtUp(3001).caughtUp(3002).restart(3001).reason())
        .isEqualTo("controller 3001 waits: the quorum has no leader");
  }
}
