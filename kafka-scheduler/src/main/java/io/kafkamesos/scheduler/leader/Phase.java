package io.kafkamesos.scheduler.leader;

/** Where a scheduler process is in its life among the schedulers of its framework. */
public enum Phase {
  /** The process starts; its API and admin port are not up yet. */
  STARTING,
  /** ZooKeeper does not resolve or answer: no election yet, retried. */
  WAITING_FOR_ZOOKEEPER,
  /** In the election; another scheduler leads (or none has been seen yet). */
  STANDING_BY,
  /** Holds the latch: resolving the target, loading the state. Not subscribed yet. */
  TAKING_OVER,
  /** Holds the latch and acts: subscribed to Mesos, running the plan. */
  LEADING,
  /** Holds the latch as far as it knows, but its ZooKeeper connection is away: sends no Mesos call. */
  SUSPENDED,
  /** Lost the latch: acts no more and exits, to come back as a standby. */
  LEAVING,
  /** Shut down. */
  STOPPED;

  /** Whether this process holds the latch (it may not act while {@link #SUSPENDED}). */
  public boolean holdsLatch() {
    return this == TAKING_OVER || this == LEADING || this == SUSPENDED;
  }
}
