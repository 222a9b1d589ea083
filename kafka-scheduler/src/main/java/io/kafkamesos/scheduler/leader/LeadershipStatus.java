package io.kafkamesos.scheduler.leader;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduler's place among the schedulers of its framework, as its API, status, health check and
 * liveness tell it.
 *
 * @param framework the framework's name
 * @param phase where it is
 * @param since when it entered the phase
 * @param message what it does and why, in words (the same text everywhere)
 * @param self who this process is
 * @param leader who leads, as last read from ZooKeeper; null when unknown
 * @param beat when the lifecycle's own thread last ran
 * @param lastTick when the scheduler's event loop last ticked; null unless it leads
 */
public record LeadershipStatus(String framework, Phase phase, Instant since, String message,
    LeaderInfo self, LeaderInfo leader, Instant beat, Instant lastTick) {

  public LeadershipStatus {
    Objects.requireNonNull(framework);
    Objects.requireNonNull(phase);
    Objects.requireNonNull(since);
    Objects.requireNonNull(message);
    Objects.requireNonNull(beat);
  }

  /** Who leads, if known; this process when it holds the latch. */
  public Optional<LeaderInfo> leaderInfo() {
    return Optional.ofNullable(phase.holdsLatch() && self != null ? self : leader);
  }
}
