package io.kafkamesos.scheduler.health;

import io.kafkamesos.scheduler.leader.LeadershipStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the scheduler process is alive, for Marathon's health check: up, and either leading with
 * an event loop that still ticks or standing by (waiting for ZooKeeper included) with a lifecycle
 * thread that still runs. Nothing about the cluster's health: a refused configuration, a lost broker
 * or ZooKeeper down are {@code /healthcheck}'s, and restarting the scheduler would mend none of them.
 * Pure.
 */
public final class Liveness {

  /**
   * How long the event loop may go without a tick before it counts as stuck: more than a tick can
   * take while ZooKeeper is away (a store write retries for up to about three minutes), so an outage
   * never gets the scheduler restarted, while a loop that is truly stuck is.
   */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(5);

  /** The answer: {@code live} gives HTTP 200, otherwise 503; the message says why. */
  public record Verdict(boolean live, String message) {
  }

  private Liveness() {
  }

  public static Verdict judge(LeadershipStatus status, Instant now, Duration stuckAfter) {
    return switch (status.phase()) {
      case STARTING -> fresh(status.since(), now, stuckAfter) ? new Verdict(true, status.message())
          : new Verdict(false, "the scheduler of " + status.framework() + " has not entered its "
              + "election " + ago(status.since(), now) + " after it started");
      case WAITING_FOR_ZOOKEEPER, STANDING_BY, TAKING_OVER -> fresh(status.beat(), now, stuckAfter)
          ? new Verdict(true, status.message())
          : new Verdict(false, "the leadership thread of " + status.framework() + " has not run for "
              + ago(status.beat(), now) + " (" + status.phase() + ")");
      case LEADING, SUSPENDED -> {
        Instant tick = status.lastTick() == null ? status.since() : status.lastTick();
        yield fresh(tick, now, stuckAfter) ? new Verdict(true, status.message())
            : new Verdict(false, "the event loop of " + status.framework() + " is stuck: its last tick "
                + "ran " + ago(tick, now) + " ago");
      }
      case LEAVING, STOPPED -> new Verdict(false, status.message());
    };
  }

  private static boolean fresh(Instant at, Instant now, Duration stuckAfter) {
    return Duration.between(at, now).compareTo(stuckAfter) <= 0;
  }

  private static String ago(Instant at, Instant now) {
    return Duration.between(at, now).toSeconds() + " s";
  }
}
