package io.kafkamesos.executor.mesos;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When an executor that lost its agent should give up, as the Mesos executor library decides it:
 * without checkpointing at the first disconnection; with checkpointing once the recovery timeout
 * has passed since the connection broke; and, before it ever subscribed, once the agent has been
 * unreachable for the start-up limit. Pure: the caller supplies the time.
 */
public final class Reconnection {

  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Duration startupLimit;
  private final Instant startedAt;
  private boolean everSubscribed;
  private Instant disconnectedSince;

  /**
   * @param recoveryTimeout how long a checkpointing executor keeps trying after a disconnection
   * @param startupLimit how long to keep trying to subscribe for the first time
   */
  public Reconnection(boolean checkpoint, Duration recoveryTimeout, Duration startupLimit,
      Instant startedAt) {
    this.checkpoint = checkpoint;
    this.recoveryTimeout = Objects.requireNonNull(recoveryTimeout);
    this.startupLimit = Objects.requireNonNull(startupLimit);
    this.startedAt = Objects.requireNonNull(startedAt);
  }

  public synchronized void subscribed() {
    everSubscribed = true;
    disconnectedSince = null;
  }

  /** The connection broke or an attempt failed; only the first failure starts the clock. */
  public synchronized void disconnected(Instant now) {
    if (everSubscribed && disconnectedSince == null) {
      disconnectedSince = now;
    }
  }

  /** Why to give up now, if it is time to. */
  public synchronized Optional<String> giveUp(Instant now) {
    if (!everSubscribed) {
      return Duration.between(startedAt, now).compareTo(startupLimit) >= 0
          ? Optional.of("could not subscribe with the agent within "
              + startupLimit.toSeconds() + " s")
          : Optional.empty();
    }
    if (disconnectedSince == null) {
      return Optional.empty();
    }
    if (!checkpoint) {
      return Optional.of("disconnected from the agent and the framework does not checkpoint");
    }
    return Duration.between(disconnectedSince, now).compareTo(recoveryTimeout) >= 0
        ? Optional.of("disconnected from the agent for longer than the recovery timeout of "
            + recoveryTimeout.toSeconds() + " s")
        : Optional.empty();
  }
}
