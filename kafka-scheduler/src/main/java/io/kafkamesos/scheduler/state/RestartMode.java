package io.kafkamesos.scheduler.state;

/** Whether a restart of a broker was asked for, and how it waits for the rest of the cluster. */
public enum RestartMode {
  NONE,
  /** Kill now (restart of one broker). */
  NOW,
  /** Kill when every other broker runs (restart of all, one at a time). */
  ROLLING
}
