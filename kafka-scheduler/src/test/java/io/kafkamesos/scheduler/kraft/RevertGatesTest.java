package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/**
 * A revert's gates on the records and on what Kafka reports, and its clearing of Kafka's migration
 * state in a real ZooKeeper (curator-test's server) as Kafka leaves it in dual-write.
 */
class RevertGatesTest {

  private static final String KRAFT_CONTROLLER = "{\"version\":2,\"brokerid\":3001,"
      + "\"timestamp\":\"1\",\"kraftControllerEpoch\":3}";
  private static final String MIGRATION = "{\"version\":0,\"kraft_metadata_offset\":181,"
      + "\"kraft_controller_id\":3001,\"kraft_metadata_epoch\":5,\"kraft_controller_epoch\":3}";

  private final Map<Integer, BrokerRecord> records = new HashMap<>();

  private static ClusterView view(int controller) {
    return new ClusterView(Set.of(0, 1, 2), Set.of(0, 1, 2), controller, List.of());
  }

  private void node(NodeKind kind, int id, BrokerState state) {
    Reservation place = new Reservation("a" + id, "h" + id, "v" + id, 1, 1, 1, 32000);
    records.put(id, BrokerRecord.pending(kind, id, "t" + id, "new")
        .launched("t" + id, "a" + id, "h" + id, 32000, place, "c", "2")
        .withStatus(state, "TASK_" + state, 1));
  }

  @Test
  void theControllersGatePassesOnceNoControllerIsLeftInTheRecords() {
    GateCondition gate = RevertGates.controllersRemoved(() -> records);
    node(NodeKind.BROKER, 0, BrokerState.RUNNING);
    node(NodeKind.CONTROLLER, 3000, BrokerState.REMOVING);
    node(NodeKind.CONTROLLER, 3001, BrokerState.REMOVED);
    assertThat(gate.check(view(0)).reason()).contains("controllers [3000 (REMOVING,"
        + " reservation on h3000), 3001 (REMOVED, reservation on h3001)] are being stopped");
    records.remove(3000);
    records.remove(3001);
    assertThat(gate.check(view(0)).allowed()).isTrue();
  }

  @Test
  void theZooKeeperControllerGateWaitsForMigrationGoneAndABrokerElected() {
    AtomicReference<Optional<MigrationProbe.ZkMigration>> znode = new AtomicReference<>(
        Optional.of(CuratorMigrationProbe.parse(new ObjectMapper(), MIGRATION)));
    GateCondition gate = RevertGates.zookeeperController(znode::get);
    assertThat(gate.check(view(0)).reason()).contains("/migration znode (of controller 3001) is not"
        + " deleted yet");
    znode.set(Optional.empty());
    assertThat(gate.check(view(3001)).reason()).contains("/controller names 3001, not a registered"
        + " ZooKeeper-mode broker");
    assertThat(gate.check(view(-1)).reason()).contains("no broker was elected controller");
    assertThat(gate.check(view(2)).allowed()).isTrue();
  }

  @Test
  void clearingDeletesMigrationAndAKraftControllersControllerButNotABrokersOne() throws Exception {
    try (TestingServer zookeeper = new TestingServer(true);
        CuratorFramework root = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
            new RetryOneTime(100));
        CuratorFramework zk = CuratorFrameworkFactory.newClient(zookeeper.getConnectString()
            + "/kafka0", new RetryOneTime(100))) {
      root.start();
      root.create().forPath("/kafka0"); // the chroot, as Kafka's first broker made it
      zk.start();
      zk.create().creatingParentsIfNeeded().forPath("/migration",
          MIGRATION.getBytes(StandardCharsets.UTF_8));
      zk.create().withMode(CreateMode.EPHEMERAL).forPath("/controller",
          KRAFT_CONTROLLER.getBytes(StandardCharsets.UTF_8));
      CuratorMigrationProbe probe = new CuratorMigrationProbe(zk, new ObjectMapper());

      probe.clearForZookeeper(Set.of(0, 1, 2));

      assertThat(zk.checkExists().forPath("/migration")).isNull();
      assertThat(zk.checkExists().forPath("/controller")).isNull();
      assertThat(probe.read()).isEmpty();

      // a broker elected meanwhile keeps its place; clearing again does nothing
      zk.create().withMode(CreateMode.EPHEMERAL).forPath("/controller",
          "{\"version\":2,\"brokerid\":1,\"timestamp\":\"2\"}".getBytes(StandardCharsets.UTF_8));
      probe.clearForZookeeper(Set.of(0, 1, 2));
      assertThat(zk.checkExists().forPath("/controller")).isNotNull();
    }
  }
}
