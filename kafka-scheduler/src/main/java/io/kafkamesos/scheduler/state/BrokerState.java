package io.kafkamesos.scheduler.state;

/** Where a broker is in its life, as the scheduler last recorded it. */
public enum BrokerState {
  /** Must be launched; waits for a suitable offer. */
  PENDING,
  /** Launched; Mesos has not yet reported it running. */
  STAGING,
  /** The executor reported the broker running (registered in ZooKeeper). */
  RUNNING,
  /** A kill was sent (restart); waits for the task to end. */
  KILLING,
  /** The task ended without being asked to; relaunched after a backoff. */
  FAILED,
  /**
   * Its agent is unreachable or gone (TASK_UNREACHABLE, TASK_LOST, TASK_GONE, TASK_UNKNOWN) and the
   * broker holds a persistent volume there: it waits for that agent to come back (since
   * {@code failedAtMillis}), or for an operator's replace.
   */
  LOST,
  /** Its partition replicas are being moved to other brokers; it is killed once it holds none. */
  REMOVING,
  /** Removed from the cluster for good: its id is never launched again. */
  REMOVED;

  /** Whether a task of this broker may be alive on an agent. */
  public boolean hasLiveTask() {
    return this == STAGING || this == RUNNING || this == KILLING || this == REMOVING;
  }

  /** Whether Mesos should be asked about its task: alive, or on an agent that may come back. */
  public boolean reconcilable() {
    return hasLiveTask() || this == LOST;
  }
}
