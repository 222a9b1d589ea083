package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * This scheduler's place among its framework's schedulers: healthy while it leads; a warning while
 * it stands by, takes over or starts (it does its job: the leader reports the cluster); an error
 * while it cannot reach ZooKeeper, holds the latch without a ZooKeeper connection, or is leaving.
 * The message names the leader.
 */
public final class LeadershipHealthCheck extends HealthCheck {

  private final Supplier<LeadershipStatus> status;

  public LeadershipHealthCheck(Supplier<LeadershipStatus> status) {
    this.status = Objects.requireNonNull(status);
  }

  @Override
  protected Result check() {
    LeadershipStatus s = status.get();
    String text = s.message() + " (" + s.phase() + " since " + s.since() + ")";
    return switch (s.phase()) {
      case LEADING -> Severity.HEALTHY.result(text);
      case STARTING, STANDING_BY, TAKING_OVER -> Severity.WARNING.result(text);
      case WAITING_FOR_ZOOKEEPER, SUSPENDED, LEAVING, STOPPED -> Severity.ERROR.result(text);
    };
  }
}
