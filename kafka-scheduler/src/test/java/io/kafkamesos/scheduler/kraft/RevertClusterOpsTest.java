package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A revert's view of Kafka: ZooKeeper's, with the brokers the admin client describes (the KRaft
 * brokers, which do not register in ZooKeeper) counted as registered; ZooKeeper's alone when the
 * admin client cannot answer.
 */
class RevertClusterOpsTest {

  private static final List<PartitionState> PARTITIONS = List.of(
      new PartitionState("t", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2));

  /** A side of the ops that answers {@code view}, or throws when it is null; records elections. */
  private static final class Side implements ClusterOps {
    final AtomicReference<ClusterView> view = new AtomicReference<>();
    final List<Integer> elected = new ArrayList<>();

    @Override
    public ClusterView view(Set<Integer> brokers) {
      if (view.get() == null) {
        throw new IllegalStateException("no broker answers");
      }
      return view.get();
    }

    @Override
    public void electPreferredLeaders(int brokerId) {
      elected.add(brokerId);
    }

    @Override
    public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    }

    @Override
    public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    }
  }

  @Test
  void aKraftBrokerTheAdminClientDescribesCountsAsRegistered() {
    Side zookeeper = new Side();
    Side admin = new Side();
    // brokers 1 and 2 are ZooKeeper-mode brokers in migration mode, broker 0 a KRaft broker;
    // /controller names the KRaft controller 3001
    zookeeper.view.set(new ClusterView(Set.of(0, 1, 2), Set.of(1, 2), 3001, PARTITIONS));
    admin.view.set(new ClusterView(Set.of(0, 1, 2), Set.of(0, 1, 2), -1, List.of()));
    RevertClusterOps ops = new RevertClusterOps(zookeeper, () -> admin.view(Set.of()).registered(),
        admin::electPreferredLeaders);

    ClusterView view = ops.view(Set.of(0, 1, 2));
    assertThat(view.registered()).containsExactly(0, 1, 2);
    assertThat(view.controller()).as("ZooKeeper's /controller").isEqualTo(3001);
    assertThat(view.partitions()).as("ZooKeeper's partitions").isEqualTo(PARTITIONS);

    admin.view.set(null);
    assertThat(ops.view(Set.of(0, 1, 2)).registered()).as("the admin client cannot answer: the"
        + " KRaft broker counts as down, so the roll waits").containsExactly(1, 2);

    // once a ZooKeeper-mode broker controls, ZooKeeper's registrations alone
    admin.view.set(new ClusterView(Set.of(0, 1, 2), Set.of(0, 1, 2), -1, List.of()));
    zookeeper.view.set(new ClusterView(Set.of(0, 1, 2), Set.of(1, 2), 1, PARTITIONS));
    assertThat(ops.view(Set.of(0, 1, 2)).registered()).containsExactly(1, 2);

    ops.electPreferredLeaders(0);
    assertThat(admin.elected).containsExactly(0);
    assertThat(zookeeper.elected).isEmpty();
  }
}
