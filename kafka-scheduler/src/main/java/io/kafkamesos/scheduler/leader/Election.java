package io.kafkamesos.scheduler.leader;

import java.time.Duration;
import java.util.Optional;

/**
 * The election among the schedulers of one framework: one holds the latch and acts, the others
 * stand by. The lifecycle of a scheduler process drives it; {@link CuratorElection} holds it in
 * ZooKeeper.
 */
public interface Election {

  /**
   * What happens to this process's ZooKeeper session. Called on ZooKeeper's threads; each may come
   * more than once.
   */
  interface Events {

    /** The connection is away: the session (and the latch with it) may or may not live on. */
    void suspended();

    /** The connection is back with the same session: whatever was held is held still. */
    void reconnected();

    /** The latch is gone from this process (the session expired, or its node was taken away). */
    void lost(String reason);

    /**
     * Something the election waits for happened (the first connection, the latch won): worth a
     * look now rather than at the next periodic step.
     */
    default void progressed() {
    }
  }

  /** Enters the election and starts watching the session; returns at once. Once. */
  void join(Events events);

  /** Whether the ZooKeeper connection is up now. */
  boolean connected();

  /** Whether this process holds the latch. */
  boolean leads();

  /** Waits up to {@code wait} for the latch; answers whether this process holds it. */
  boolean awaitLeadership(Duration wait) throws InterruptedException;

  /** Who holds the latch, as ZooKeeper says now; empty when nobody does or it cannot be read. */
  Optional<LeaderInfo> leader();

  /** Why ZooKeeper cannot be reached, in words (probes the servers: call it now and then). */
  String problem();

  /** Leaves the election, releasing the latch if held. */
  void leave();
}
