package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The migration's gates on what Kafka reports, and the identity a migrating cluster keeps. */
class MigrationGatesTest {

  private static final List<Integer> CONTROLLERS = List.of(3000, 3001, 3002);
  private static final ClusterView VIEW = new ClusterView(java.util.Set.of(0), java.util.Set.of(0), 0,
      List.of());

  private final Map<Integer, BrokerRecord> records = new HashMap<>();
  private final AtomicInteger leader = new AtomicInteger(-1);
  private final QuorumGate quorum = new QuorumGate() {
    @Override
    public boolean mayRestart(int controller) {
      return true;
    }

    @Override
    public int leader() {
      return leader.get();
    }
  };

  private void controller(int id, BrokerState state, String configId) {
    Reservation place = new Reservation("a" + id, "h" + id, "v" + id, 1, 1, 1, 32000 + id - 3000);
    BrokerRecord r = BrokerRecord.pending(NodeKind.CONTROLLER, id, "t" + id, "new")
        .launched("t" + id, "a" + id, "h" + id, 32000 + id - 3000, place, configId, "2");
    records.put(id, r.withStatus(state, "TASK_" + state, 1));
  }

  @Test
  void theControllersGatePassesOnceEveryControllerRunsInMigrationModeAndTheQuorumHasALeader() {
    GateCondition gate = MigrationGates.quorumReady(quorum, () -> records, CONTROLLERS, "mig");
    controller(3000, BrokerState.RUNNING, "mig");
    controller(3001, BrokerState.STAGING, "mig");
    controller(3002, BrokerState.RUNNING, "other");
    assertThat(gate.check(VIEW).reason()).isEqualTo("controllers [3001, 3002] do not run in migration"
        + " mode yet");
    controller(3001, BrokerState.RUNNING, "mig");
    controller(3002, BrokerState.RUNNING, "mig");
    assertThat(gate.check(VIEW).reason()).isEqualTo("the controller quorum has no leader yet");
    leader.set(3001);
    assertThat(gate.check(VIEW).allowed()).isTrue();
  }

  @Test
  void theMigratedGateFollowsKafkasMigrationZnode() {
    AtomicReference<Optional<MigrationProbe.ZkMigration>> znode = new AtomicReference<>(Optional.empty());
    GateCondition gate = MigrationGates.migrated(znode::get);
    assertThat(gate.check(VIEW).reason()).contains("no /migration znode");
    // as Kafka's active controller writes it before and after the initial metadata migration
    znode.set(Optional.of(CuratorMigrationProbe.parse(new ObjectMapper(),
        "{\"version\":0,\"kraft_metadata_offset\":-1,\"kraft_controller_id\":3001,"
            + "\"kraft_metadata_epoch\":-1,\"kraft_controller_epoch\":5}")));
    assertThat(gate.check(VIEW).reason()).startsWith("controller 3001 migrates the metadata");
    znode.set(Optional.of(CuratorMigrationProbe.parse(new ObjectMapper(),
        "{\"version\":0,\"kraft_metadata_offset\":181,\"kraft_controller_id\":3001,"
            + "\"kraft_metadata_epoch\":5,\"kraft_controller_epoch\":5}")));
    assertThat(gate.check(VIEW).allowed()).isTrue();

    GateCondition unreadable = MigrationGates.migrated(() -> {
      throw new IllegalStateException("cannot read Kafka's /migration in ZooKeeper: connection loss");
    });
    assertThat(unreadable.check(VIEW).reason()).contains("connection loss");
  }

  @Test
  void theVotersAreKnownOnceEveryControllerHasItsPlace() {
    controller(3000, BrokerState.RUNNING, "mig");
    controller(3001, BrokerState.RUNNING, "mig");
    assertThat(MigrationGates.voters(records, CONTROLLERS)).isEmpty();
    controller(3002, BrokerState.STAGING, "mig");
    assertThat(MigrationGates.voters(records, CONTROLLERS))
        .isEqualTo("3000@h3000:32000,3001@h3001:32001,3002@h3002:32002");
  }

  @Test
  void aMigratingClusterKeepsItsZooKeeperClusterIdOnce() {
    SchedulerSettings settings = Fixtures.settings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE",
        "KRAFT", "CONTROLLER_COUNT", "3");
    InMemoryStateStore store = new InMemoryStateStore();
    MigrationStart.keepClusterId(settings, store, () -> Optional.of("zkClusterId0123456789A"));
    KraftState kept = store.kraft().orElseThrow();
    assertThat(kept.clusterId()).isEqualTo("zkClusterId0123456789A");
    assertThat(kept.quorum()).isEqualTo(io.kafkamesos.commons.node.QuorumMode.STATIC);
    assertThat(kept.bootstrapped()).isFalse();
    MigrationStart.keepClusterId(settings, store, () -> Optional.of("another"));
    assertThat(store.kraft().orElseThrow().clusterId()).as("chosen once").isEqualTo("zkClusterId0123456789A");

    InMemoryStateStore empty = new InMemoryStateStore();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MigrationStart.keepClusterId(settings,
        empty, Optional::empty)).hasMessageContaining("has no id in ZooKeeper (/cluster/id)");
  }
}
