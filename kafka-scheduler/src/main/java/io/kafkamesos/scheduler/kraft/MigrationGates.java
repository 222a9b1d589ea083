package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.plan.Migration;
import io.kafkamesos.scheduler.plan.Verdict;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The conditions of a migration's gates ({@link Migration}), on what Kafka reports: the quorum as
 * the {@link QuorumGate} last described it, and the {@code /migration} znode Kafka's active
 * controller keeps. No sleeping: a gate passes on the first tick Kafka says so.
 */
public final class MigrationGates {

  private MigrationGates() {
  }

  /** The gates and the quorum's voters of a migration, as of {@code records}. */
  public static Migration.Checks checks(QuorumGate quorum, MigrationProbe probe,
      Supplier<Map<Integer, BrokerRecord>> records, Collection<Integer> controllers,
      String migrationControllerConfig) {
    return new Migration.Checks(quorumReady(quorum, records, controllers, migrationControllerConfig),
        migrated(probe), voters(records.get(), controllers));
  }

  /**
   * {@value Migration#CONTROLLERS}: every controller runs in migration mode (its latest launch
   * had {@code configId}) and the quorum has a leader.
   */
  static GateCondition quorumReady(QuorumGate quorum, Supplier<Map<Integer, BrokerRecord>> records,
      Collection<Integer> controllers, String configId) {
    Objects.requireNonNull(quorum);
    List<Integer> ids = List.copyOf(controllers);
    return view -> {
      List<Integer> notYet = new ArrayList<>();
      for (int id : ids) {
        BrokerRecord r = records.get().get(id);
        if (r == null || r.state() != BrokerState.RUNNING || !configId.equals(r.configId())) {
          notYet.add(id);
        }
      }
      if (!notYet.isEmpty()) {
        return Verdict.refuse("controllers " + notYet + " do not run in migration mode yet");
      }
      if (quorum.leader() < 0) {
        return Verdict.refuse("the controller quorum has no leader yet");
      }
      return Verdict.allow();
    };
  }

  /** {@value Migration#MIGRATED}: Kafka's {@code /migration} says the metadata was migrated. */
  static GateCondition migrated(MigrationProbe probe) {
    return MigrationProbe.gate(probe, (state, view) -> {
      if (state.isEmpty()) {
        return Verdict.refuse("no KRaft controller claimed the cluster in ZooKeeper yet (no"
            + " /migration znode)");
      }
      if (!state.get().migrated()) {
        return Verdict.refuse("controller " + state.get().kraftControllerId() + " migrates the"
            + " metadata from ZooKeeper (it waits for every broker to run in migration mode)");
      }
      return Verdict.allow();
    });
  }

  /**
   * {@code controller.quorum.voters} of the controllers' reserved places
   * ({@code 3000@host:port,...}); empty until every controller has its own.
   */
  public static String voters(Map<Integer, BrokerRecord> records, Collection<Integer> controllers) {
    List<String> voters = new ArrayList<>();
    for (int id : controllers) {
      BrokerRecord r = records.get(id);
      if (r == null || r.kind() != NodeKind.CONTROLLER || r.reservation() == null) {
        return "";
      }
      voters.add(id + "@" + r.reservation().hostname() + ":" + r.reservation().port());
    }
    return String.join(",", voters);
  }
}
