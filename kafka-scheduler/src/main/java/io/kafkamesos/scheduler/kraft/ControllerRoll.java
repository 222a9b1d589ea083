package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.plan.RollRules;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The rules of a roll of KRaft controllers: a controller goes down only while a majority of the
 * other voters is caught up with the leader ({@link QuorumCheck}, as the {@link QuorumGate} sees the
 * quorum); it is back once it is a voter caught up again in a description of the quorum made after
 * it started; the leader (the active controller) goes last. The brokers' Kafka view plays no part.
 */
public final class ControllerRoll {

  private ControllerRoll() {
  }

  /**
   * @param gate the quorum as last described
   * @param runningSince when each controller's task last started running (epoch if unknown)
   */
  public static RollRules rules(QuorumGate gate, IntFunction<Instant> runningSince) {
    Objects.requireNonNull(gate);
    Objects.requireNonNull(runningSince);
    return new RollRules((node, view) -> gate.verdict(node),
        (node, view) -> gate.notCaughtUp(node, runningSince.apply(node)),
        view -> gate.leader(), "controller");
  }
}
