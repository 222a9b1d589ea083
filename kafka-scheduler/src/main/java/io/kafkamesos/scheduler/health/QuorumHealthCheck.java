package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.kraft.QuorumWatch;
import java.time.Clock;
import java.util.Objects;

/**
 * A KRaft cluster's controller quorum: every controller running, a leader known, each voter caught
 * up with it ({@link QuorumProblems}), from the {@link QuorumWatch}'s latest description.
 */
public final class QuorumHealthCheck extends HealthCheck {

  private final QuorumWatch watch;
  private final BrokerScheduler scheduler;
  private final Clock clock;

  public QuorumHealthCheck(QuorumWatch watch, BrokerScheduler scheduler, Clock clock) {
    this.watch = Objects.requireNonNull(watch);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  protected Result check() {
    QuorumProblems.Outcome outcome = QuorumProblems.of(watch.latest(), scheduler.layout(),
        scheduler.view().records(), clock.instant());
    return outcome.severity().result(outcome.message());
  }
}
