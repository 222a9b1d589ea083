package io.kafkamesos.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract, both stores: the Curator one on a real (test) ZooKeeper server. */
class StateStoreContractTest {

  private static TestingServer zookeeper;
  private static CuratorFramework curator;
  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zookeeper = new TestingServer(true);
    curator = ZooKeeperClients.client(zookeeper.getConnectString() + "/chroot", null);
    curator.start();
    curator.blockUntilConnected();
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    if (curator != null) {
      curator.close();
    }
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  static Stream<Named<Supplier<StateStore>>> stores() {
    return Stream.of(
        Named.of("in memory", InMemoryStateStore::new),
        // a fresh framework name per test: an empty store each time
        Named.of("curator", () -> new CuratorStateStore(curator, JSON, "kafka-" + UUID.randomUUID())));
  }

  private static BrokerRecord sample(int id) {
    return new BrokerRecord(id, BrokerState.RUNNING, "broker-" + id + "__" + UUID.randomUUID(),
        null, "agent-" + id, "host" + id, 31000 + id,
        new Reservation("agent-" + id, "host" + id, "vol-" + id, 1.1, 640, 1000, 31000 + id), "cfg",
        RestartMode.ROLLING, "TASK_RUNNING", "new broker", 2, 1234L, 5678L);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void startsEmpty(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    assertThat(store.frameworkId()).isEmpty();
    assertThat(store.brokers()).isEmpty();
    assertThat(store.broker(0)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void keepsTheFrameworkIdUntilCleared(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    store.storeFrameworkId("fw-1");
    assertThat(store.frameworkId()).contains("fw-1");
    store.storeFrameworkId("fw-2");
    assertThat(store.frameworkId()).contains("fw-2");
    store.clearFrameworkId();
    assertThat(store.frameworkId()).isEmpty();
    store.clearFrameworkId();
    assertThat(store.frameworkId()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void storesReplacesAndRemovesBrokerRecords(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    BrokerRecord zero = sample(0);
    BrokerRecord eleven = sample(11);
    store.storeBroker(eleven);
    store.storeBroker(zero);
    assertThat(store.broker(0)).contains(zero);
    assertThat(store.brokers()).containsExactly(
        java.util.Map.entry(0, zero), java.util.Map.entry(11, eleven));
    assertThat(List.copyOf(store.brokers().keySet())).containsExactly(0, 11);

    BrokerRecord pending = BrokerRecord.pending(0, "broker-0__" + UUID.randomUUID(), "restart");
    store.storeBroker(pending);
    assertThat(store.broker(0)).contains(pending);

    store.removeBroker(0);
    store.removeBroker(5);
    assertThat(store.brokers()).containsOnlyKeys(11);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void keepsTheTargetAndEachBrokersTargetId(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    assertThat(store.target()).isEmpty();
    var config = io.kafkamesos.scheduler.settings.TargetConfiguration.of(
        io.kafkamesos.scheduler.Fixtures.settings("KAFKA_OVERRIDE_NUM_PARTITIONS", "6"), "/kafka0");
    Target first = new Target("1", 1000L, config, List.of(), null);
    store.storeTarget(first);
    assertThat(store.target()).contains(first);
    Target second = new Target(first.nextId(), 2000L, config, List.of("BROKER_COUNT: 3 -> 4"), "1");
    store.storeTarget(second);
    assertThat(store.target()).contains(second);
    assertThat(second.id()).isEqualTo("2");

    BrokerRecord running = sample(1).launched("broker-1__x", "a", "h", 31001, null, "cfg", "2");
    store.storeBroker(running);
    assertThat(store.broker(1)).hasValueSatisfying(r -> assertThat(r.targetId()).isEqualTo("2"));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void keepsTheAbandonedReservationsWithTheTaskToReconcile(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    assertThat(store.abandoned()).isEmpty();
    List<AbandonedReservation> abandoned = List.of(
        new AbandonedReservation("agent-1", "host1", 1, "vol-1", "replace requested", 1000L, "broker-1__x"),
        new AbandonedReservation("agent-2", "host2", 2, null, "operator deleted orphan o", 2000L));
    store.storeAbandoned(abandoned);
    assertThat(store.abandoned()).isEqualTo(abandoned);
    assertThat(store.abandoned().get(1).taskId()).isNull();
    store.storeAbandoned(List.of());
    assertThat(store.abandoned()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void keepsThePlanWithItsTargetAndItsProgress(Supplier<StateStore> factory) {
    StateStore store = factory.get();
    assertThat(store.plan()).isEmpty();
    var config = io.kafkamesos.scheduler.settings.TargetConfiguration.of(
        io.kafkamesos.scheduler.Fixtures.settings("KAFKA_VERSION", "3.9.1"), null);
    Target target = new Target("4", 1000L, config, List.of("KAFKA_VERSION: 2.4.1 -> 3.9.1"), "3");
    PlanState plan = new PlanState("4", PlanKind.UPGRADE,
        new PlanState.UpgradeRecord("2.4.1", "3.9.1", "2.4", "2.4"),
        java.util.Map.of("abc", new PlanState.SpecRecord(config,
            java.util.Map.of("inter.broker.protocol.version", "2.4"))), PlanProgress.NONE);
    store.storeTarget(target, plan);
    assertThat(store.target()).contains(target);
    assertThat(store.plan()).contains(plan);

    PlanProgress moved = new PlanProgress(true, java.util.Set.of("finalize"),
        java.util.Set.of("upgrade"), java.util.Set.of("launch", "upgrade"),
        java.util.Map.of("upgrade-0", new PlanProgress.StepRecord("ERROR", "broker 0 failed", 5L, "t0", 0)));
    store.storePlan(plan.withProgress(moved));
    assertThat(store.plan()).hasValueSatisfying(p -> {
      assertThat(p.progress()).isEqualTo(moved);
      assertThat(p.upgrade().protocol()).isEqualTo("2.4");
      assertThat(p.specs().get("abc").pins()).containsEntry("inter.broker.protocol.version", "2.4");
    });

    Target next = new Target("5", 2000L, config, List.of(), "4");
    PlanState nextPlan = new PlanState("5", PlanKind.CONFIGURATION, null, java.util.Map.of(), null);
    store.storeTarget(next, nextPlan);
    assertThat(store.target()).contains(next);
    assertThat(store.plan()).contains(nextPlan);
    assertThat(nextPlan.progress()).isEqualTo(PlanProgress.NONE);
  }
}
