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
  FAILED;

  /** Whether a task of this broker may be alive on an agent. */
  public boolean hasLiveTask() {
    return this == STAGING || this == RUNNING || this == KILLING;
  }
}
