package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.plan.Verdict;
import java.time.Instant;

/**
 * Whether a controller may be taken down now ({@link QuorumCheck} on the latest view of the
 * quorum), whether a restarted one is back, and which controller leads. Asked on the scheduler's
 * thread; never blocks on Kafka.
 */
@FunctionalInterface
public interface QuorumGate {

  /** No quorum of ours (a ZooKeeper-mode cluster): nothing to keep. */
  QuorumGate NONE = controller -> true;

  /** Whether the controller may restart now; a refusal is logged by the gate, once per reason. */
  boolean mayRestart(int controller);

  /** {@link #mayRestart} with the reason of a refusal. */
  default Verdict verdict(int controller) {
    return mayRestart(controller) ? Verdict.allow()
        : Verdict.refuse("controller " + controller + " waits for the quorum");
  }

  /**
   * What keeps a controller that runs again since {@code runningSince} from counting as back
   * (a voter caught up with the leader, seen by a description of the quorum made after it started);
   * "" when nothing does.
   */
  default String notCaughtUp(int controller, Instant runningSince) {
    return "";
  }

  /** The quorum's leader (the active controller), -1 when unknown. */
  default int leader() {
    return -1;
  }
}
