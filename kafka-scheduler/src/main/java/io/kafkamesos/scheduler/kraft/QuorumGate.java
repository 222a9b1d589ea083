package io.kafkamesos.scheduler.kraft;

/**
 * Whether a controller may be taken down now ({@link QuorumCheck} on the latest view of the
 * quorum). Asked on the scheduler's thread; never blocks on Kafka.
 */
@FunctionalInterface
public interface QuorumGate {

  /** No quorum of ours (a ZooKeeper-mode cluster): nothing to keep. */
  QuorumGate NONE = controller -> true;

  /** Whether the controller may restart now; a refusal is logged by the gate, once per reason. */
  boolean mayRestart(int controller);
}
