package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import io.kafkamesos.scheduler.leader.Phase;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * This scheduler's place among its framework's schedulers: healthy while it leads, an error in every
 * other phase (starting, waiting for ZooKeeper, standing by, taking over, suspended, leaving). A
 * scheduler that does not lead cannot tell the cluster's health (the cluster's checks run on the
 * leader only), so its {@code /healthcheck} must not say all is well; the message says why and names
 * the leader to ask instead. Marathon does not act on this: it asks {@code /liveness}.
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
    return s.phase() == Phase.LEADING ? Severity.HEALTHY.result(text) : Severity.ERROR.result(text);
  }
}
