package io.kafkamesos.scheduler.leader;

/**
 * Whether this scheduler may talk to Mesos: open only while it holds the latch and its ZooKeeper
 * connection is up. Closed first thing when either is in doubt, so that no Mesos call leaves a
 * scheduler that may no longer lead. Thread-safe.
 */
public final class LeaderGate {

  private volatile String closedBecause = "this scheduler does not lead yet";

  public void open() {
    closedBecause = null;
  }

  public void close(String reason) {
    closedBecause = reason == null ? "closed" : reason;
  }

  public boolean isOpen() {
    return closedBecause == null;
  }

  /** Why the gate is closed; empty text when open. */
  public String closedBecause() {
    String reason = closedBecause;
    return reason == null ? "" : reason;
  }
}
