package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.plan.Revert;
import io.kafkamesos.scheduler.plan.Verdict;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The conditions of a revert's gates ({@link Revert}), on the scheduler's records and on what Kafka
 * reports in ZooKeeper: the controllers gone from the records (the shell drops a controller's
 * record only once its reservation and volume are released), then no {@code /migration} and a
 * registered ZooKeeper-mode broker as the controller. No sleeping: a gate passes on the first tick
 * that says so.
 */
public final class RevertGates {

  private RevertGates() {
  }

  /** The gates of a revert, as of {@code records} and {@code probe}. */
  public static Revert.Checks checks(Supplier<Map<Integer, BrokerRecord>> records,
      MigrationProbe probe) {
    return new Revert.Checks(controllersRemoved(records), zookeeperController(probe));
  }

  /** {@value Revert#REMOVE_CONTROLLERS}: no controller is left in the scheduler's records. */
  static GateCondition controllersRemoved(Supplier<Map<Integer, BrokerRecord>> records) {
    Objects.requireNonNull(records);
    return view -> {
      List<String> left = records.get().values().stream()
          .filter(r -> r.kind() == NodeKind.CONTROLLER)
          .map(r -> r.brokerId() + " (" + r.state() + (r.reservation() == null ? ""
              : ", reservation on " + r.reservation().hostname()) + ")")
          .toList();
      if (!left.isEmpty()) {
        return Verdict.refuse("controllers " + left + " are being stopped and their reservations"
            + " and volumes released");
      }
      return Verdict.allow();
    };
  }

  /**
   * {@value Revert#ZOOKEEPER_CONTROLLER}: Kafka's {@code /migration} is gone and a registered
   * ZooKeeper-mode broker holds {@code /controller}.
   */
  static GateCondition zookeeperController(MigrationProbe probe) {
    return MigrationProbe.gate(probe, (state, view) -> {
      if (state.isPresent()) {
        return Verdict.refuse("Kafka's /migration znode (of controller "
            + state.get().kraftControllerId() + ") is not deleted yet");
      }
      if (view.controller() < 0) {
        return Verdict.refuse("no broker was elected controller in ZooKeeper yet");
      }
      if (!view.registered().contains(view.controller())) {
        return Verdict.refuse("/controller names " + view.controller() + ", not a registered"
            + " ZooKeeper-mode broker (a KRaft controller held it)");
      }
      return Verdict.allow();
    });
  }
}
