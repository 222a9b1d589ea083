package io.kafkamesos.scheduler.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The cluster's state for the health checks, gauges and status page, read again when the last read
 * is older than {@code maxAge}: many readers, one ZooKeeper read every few seconds at most.
 */
public final class ClusterWatch {

  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(3);

  private final ClusterReader reader;
  private final Clock clock;
  private final Duration maxAge;
  private ClusterState last;

  public ClusterWatch(ClusterReader reader, Clock clock, Duration maxAge) {
    this.reader = Objects.requireNonNull(reader);
    this.clock = Objects.requireNonNull(clock);
    this.maxAge = Objects.requireNonNull(maxAge);
  }

  /** The latest state, read now if the one at hand is too old. */
  public synchronized ClusterState current() {
    Instant now = clock.instant();
    if (last == null || Duration.between(last.readAt(), now).compareTo(maxAge) >= 0) {
      last = reader.read();
    }
    return last;
  }
}
