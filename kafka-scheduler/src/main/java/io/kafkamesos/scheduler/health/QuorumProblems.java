package io.kafkamesos.scheduler.health;

import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.kraft.QuorumView;
import io.kafkamesos.scheduler.kraft.QuorumWatch;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a KRaft cluster's controller quorum, in words and as a severity: pure, for
 * the {@code quorum} health check.
 *
 * <ul>
 *   <li>error: the quorum cannot be described, has no leader, or a controller is down (failed,
 *       lost with its agent, never launched);
 *   <li>warning: a controller restarting or starting, a voter behind the leader (more than
 *       {@link #MAX_LAG} records, or not caught up within the fetch timeout), voters other than the
 *       controllers the scheduler runs (a replacement under way);
 *   <li>healthy: every controller runs, the leader is known and every voter caught up.
 * </ul>
 */
public final class QuorumProblems {

  /** Records a voter may be behind the leader before it counts as lagging. */
  public static final long MAX_LAG = 1000;
  /** How old the quorum's latest description may be. */
  static final Duration STALE = Duration.ofSeconds(30);

  /** The verdict: how bad, and why. */
  public record Outcome(Severity severity, String message) {
  }

  private QuorumProblems() {
  }

  public static Outcome of(QuorumWatch.Snapshot snapshot, ClusterLayout layout,
      Map<Integer, BrokerRecord> records, Instant now) {
    List<String> problems = new ArrayList<>();
    Severity worst = Severity.HEALTHY;
    boolean anyRan = false;
    for (int id : layout.controllerIds()) {
      BrokerRecord r = records.get(id);
      anyRan |= r != null && r.taskId() != null;
      Severity s;
      String line;
      if (r == null || (r.state() == BrokerState.PENDING && r.taskId() == null)) {
        s = Severity.ERROR;
        line = "controller " + id + " was never launched";
      } else {
        s = switch (r.state()) {
          case RUNNING -> Severity.HEALTHY;
          case STAGING, KILLING -> Severity.WARNING;
          case PENDING -> Severity.WARNING; // relaunching after a restart
          default -> Severity.ERROR;
        };
        line = "controller " + id + " is " + r.state() + (r.hostname() == null ? ""
            : " on " + r.hostname()) + (r.lastStatus() == null ? "" : " (" + r.lastStatus() + ")");
      }
      if (s != Severity.HEALTHY) {
        problems.add(line);
        worst = worst.max(s);
      }
    }
    QuorumView view = snapshot.view();
    if (view == null || Duration.between(snapshot.at(), now).compareTo(STALE) > 0) {
      problems.add(0, "the controller quorum cannot be described: " + (view == null ? snapshot.error()
          : "last described at " + snapshot.at()));
      worst = worst.max(anyRan ? Severity.ERROR : Severity.WARNING);
      return new Outcome(worst, String.join("; ", problems));
    }
    if (!view.hasLeader()) {
      problems.add(0, "the controller quorum has no leader");
      worst = Severity.ERROR;
    } else {
      QuorumView.Replica leader = view.leader().orElse(null);
      for (QuorumView.Replica voter : view.voters()) {
        long lag = view.lag(voter);
        if (voter.nodeId() == view.leaderId()) {
          continue;
        }
        if (lag > MAX_LAG || (leader != null && voter.lastCaughtUpMillis() >= 0
            && leader.lastCaughtUpMillis() - voter.lastCaughtUpMillis() > STALE.toMillis())
            || voter.lastCaughtUpMillis() < 0) {
          problems.add("voter " + voter.nodeId() + " is behind the leader " + view.leaderId()
              + (lag >= 0 ? " by " + lag + " records" : ""));
          worst = worst.max(Severity.WARNING);
        }
      }
      List<Integer> expected = layout.controllerIds();
      if (!view.voterIds().equals(expected)) {
        problems.add("the voters are " + view.voterIds() + ", the controllers " + expected
            + " (a replaced controller joins the voters once it has caught up)");
        worst = worst.max(Severity.WARNING);
      }
    }
    if (problems.isEmpty()) {
      long maxLag = view.voters().stream().mapToLong(view::lag).max().orElse(0);
      return new Outcome(Severity.HEALTHY, "quorum of " + view.voters().size() + " voters "
          + view.voterIds() + ", leader " + view.leaderId() + " (epoch " + view.leaderEpoch()
          + "), every voter caught up (most behind: " + Math.max(0, maxLag) + " records)");
    }
    return new Outcome(worst, String.join("; ", problems));
  }
}
