package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.Voter;

/**
 * The controller quorum through Kafka's admin client (KIP-919: bootstrapped from the controllers
 * themselves). Calls are bounded in time and throw when the quorum cannot be reached or refuses.
 */
public interface QuorumAccess {

  /** The quorum as its leader describes it now. */
  QuorumView describe();

  /** Adds a voter (Kafka's {@code addRaftVoter}: the replica must have caught up as an observer). */
  void addVoter(int nodeId, String directoryId, Voter endpoint);

  /** Removes a voter (Kafka's {@code removeRaftVoter}). */
  void removeVoter(int nodeId, String directoryId);
}
