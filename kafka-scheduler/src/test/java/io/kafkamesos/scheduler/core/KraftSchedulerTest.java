package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static io.kafkamesos.scheduler.core.SchedulerShell.agent;
import static io.kafkamesos.scheduler.core.SchedulerShell.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.KraftState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * A KRaft cluster's nodes through the scheduler's shell: the controllers reserve first, launch with
 * one initial voter set, and the brokers follow once a majority of them runs.
 */
class KraftSchedulerTest {

  private final SchedulerShell shell = new SchedulerShell();
  private final InMemoryStateStore store = shell.store;
  private final RecordingDriver driver = shell.driver;
  private final Set<Integer> quorumRefuses = new HashSet<>();

  /** A scheduler of {@code s}, loaded; the quorum lets a controller restart unless it refuses it. */
  private BrokerScheduler scheduler(SchedulerSettings s) {
    return shell.scheduler(s, id -> !quorumRefuses.contains(id));
  }

  private static SchedulerSettings kraft(String... more) {
    List<String> env = new ArrayList<>(List.of("KAFKA_VERSION", "4.4.0", "BROKER_COUNT", "2",
        "PLACEMENT_STRATEGY", "NODE"));
    env.addAll(List.of(more));
    return settings(env.toArray(String[]::new));
  }

  private static TaskStatus status(TaskInfo task, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state)).build();
  }

  @Test
  void aNewClusterGetsItsIdentityOnceAndKeepsIt() {
    scheduler(kraft());
    KraftState state = store.kraft().orElseThrow();
    assertThat(state.clusterId()).hasSize(22);
    assertThat(state.quorum()).isEqualTo(QuorumMode.DYNAMIC);
    assertThat(state.directoryIds()).containsOnlyKeys(3000, 3001, 3002);
    assertThat(state.bootstrapped()).isFalse();

    scheduler(kraft());
    assertThat(store.kraft()).contains(state);
  }

  @Test
  void controllersReserveFirstThenLaunchWithOneInitialVoterSetThenTheBrokersFollow() {
    BrokerScheduler scheduler = scheduler(kraft());
    scheduler.subscribed(FRAMEWORK_ID);

    // each controller reserves on its own host, none launches before all three have
    for (int i = 0; i < 3; i++) {
      scheduler.offers(List.of(agent(i)));
    }
    assertThat(driver.launched()).isEmpty();
    assertThat(driver.accepted).hasSize(3).allSatisfy(a -> assertThat(a.operations())
        .extracting(Offer.Operation::getType)
        .containsExactly(Offer.Operation.Type.RESERVE, Offer.Operation.Type.CREATE));
    assertThat(driver.accepted.get(0).operations().get(0).getReserve().getResources(0)
        .getReservations(0).getLabels().getLabelsList())
        .anySatisfy(l -> assertThat(l.getKey() + "=" + l.getValue()).isEqualTo("controller_id=3000"));
    assertThat(store.broker(3000).orElseThrow().reservation().volumeId())
        .startsWith("kafka0-controller-3000-");
    assertThat(scheduler.view().waitReasons().get(0))
        .isEqualTo("broker 0 waits for the controller quorum: 0 of 3 controllers run, 2 needed");

    for (int i = 0; i < 3; i++) {
      scheduler.offers(List.of(shell.reservedOn(i)));
    }
    List<TaskInfo> controllers = driver.launched();
    assertThat(controllers).extracting(TaskInfo::getName)
        .containsExactly("controller-3000", "controller-3001", "controller-3002");
    assertThat(controllers.get(0).getTaskId().getValue()).startsWith("controller-3000__");
    KraftState state = store.kraft().orElseThrow();
    assertThat(state.bootstrapped()).isTrue();
    for (TaskInfo task : controllers) {
      BrokerTaskSpec spec = spec(task);
      assertThat(spec.kind()).isEqualTo(NodeKind.CONTROLLER);
      assertThat(spec.heapMb()).isEqualTo(256);
      assertThat(spec.kraft().format()).isEqualTo(KraftSpec.Format.INITIAL);
      assertThat(spec.kraft().initialControllers()).isEqualTo(state.initialControllers());
      assertThat(spec.kraft().clusterId()).isEqualTo(state.clusterId());
      assertThat(spec.kraft().bootstrapServers()).isEqualTo("host0:31000,host1:31000,host2:31000");
    }
    assertThat(store.broker(3001).orElseThrow().configId()).isEqualTo(
        scheduler.view().records().get(3001).configId());

    // a majority runs: the brokers launch, each on a host without a broker
    scheduler.update(status(controllers.get(0), TaskState.TASK_RUNNING));
    scheduler.offers(List.of(agent(0)));
    assertThat(driver.launched()).hasSize(3);
    scheduler.update(status(controllers.get(1), TaskState.TASK_RUNNING));
    scheduler.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> brokers = driver.launched().subList(3, driver.launched().size());
    assertThat(brokers).extracting(TaskInfo::getName).containsExactly("broker-0", "broker-1");
    BrokerTaskSpec broker = spec(brokers.get(0));
    assertThat(broker.kind()).isEqualTo(NodeKind.BROKER);
    assertThat(broker.zookeeperConnect()).isEmpty();
    assertThat(broker.kraft().format()).isEqualTo(KraftSpec.Format.PLAIN);
    assertThat(broker.kraft().bootstrapServers()).isEqualTo("host0:31000,host1:31000,host2:31000");
  }

  @Test
  void aControllerHeapChangeRestartsTheControllersOneAtATimeTheLeaderLastAndNoBroker() {
    BrokerScheduler first = scheduler(kraft());
    first.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < 3; i++) {
      first.offers(List.of(agent(i)));
    }
    for (int i = 0; i < 3; i++) {
      first.offers(List.of(shell.reservedOn(i)));
    }
    driver.launched().forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    first.offers(List.of(agent(0), agent(1)));
    List<TaskInfo> running = new ArrayList<>(driver.launched());
    assertThat(running).extracting(TaskInfo::getName).containsExactly("controller-3000",
        "controller-3001", "controller-3002", "broker-0", "broker-1");
    running.subList(3, 5).forEach(t -> first.update(status(t, TaskState.TASK_RUNNING)));
    shell.kafka.register(0, "host0", 31001);
    shell.kafka.register(1, "host1", 31001);

    // the next scheduler runs CONTROLLER_HEAP_MB=192; the quorum lets every controller go, 3001 leads
    driver.killed.clear();
    io.kafkamesos.scheduler.kraft.QuorumGate leader3001 = new io.kafkamesos.scheduler.kraft.QuorumGate() {
      @Override
      public boolean mayRestart(int controller) {
        return true;
      }

      @Override
      public int leader() {
        return 3001;
      }
    };
    BrokerScheduler second = shell.scheduler(kraft("CONTROLLER_HEAP_MB", "192"), leader3001);
    second.subscribed(FRAMEWORK_ID);
    running.forEach(t -> second.update(status(t, TaskState.TASK_RUNNING))); // reconciliation answers

    List<Integer> order = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      second.tick();
      assertThat(driver.killed).as("one controller at a time").hasSize(1);
      String killed = driver.killed.remove(0);
      assertThat(killed).startsWith("controller-");
      int id = Integer.parseInt(killed.substring("controller-".length(), killed.indexOf("__")));
      order.add(id);
      TaskInfo old = running.stream().filter(t -> t.getTaskId().getValue().equals(killed))
          .findFirst().orElseThrow();
      second.update(status(old, TaskState.TASK_KILLED));
      second.tick();
      assertThat(driver.killed).as("the next waits for controller " + id).isEmpty();
      int before = driver.launched().size();
      second.offers(List.of(shell.reservedOn(id - 3000)));
      TaskInfo relaunched = driver.launched().get(before);
      assertThat(relaunched.getName()).isEqualTo("controller-" + id);
      assertThat(spec(relaunched).heapMb()).isEqualTo(192);
      running.add(relaunched);
      second.update(status(relaunched, TaskState.TASK_RUNNING));
      second.tick(); // the step completes; the next starts on the next tick
    }
    assertThat(order).containsExactly(3000, 3002, 3001);
    second.tick();
    assertThat(driver.killed).as("no broker restarted").isEmpty();
    var plan = second.coordinator().view();
    assertThat(plan.status()).isEqualTo("COMPLETE");
  }

  @Test
  void aStaticQuorumOfKafka391NamesEveryVoterOnEveryNode() {
    BrokerScheduler scheduler = scheduler(settings("KAFKA_VERSION", "3.9.1",
        "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1", "BROKER_COUNT", "1"));
    scheduler.subscribed(FRAMEWORK_ID);
    scheduler.offers(List.of(agent(0)));
    scheduler.offers(List.of(shell.reservedOn(0)));
    TaskInfo controller = driver.launched().get(0);
    assertThat(spec(controller).kraft().quorum()).isEqualTo(QuorumMode.STATIC);
    assertThat(spec(controller).kraft().votersProperty()).isEqualTo("3000@host0:31000");
    assertThat(store.kraft().orElseThrow().directoryIds()).isEmpty();

    scheduler.update(status(controller, TaskState.TASK_RUNNING));
    scheduler.offers(List.of(agent(1)));
    assertThat(spec(driver.launched().get(1)).kraft().votersProperty()).isEqualTo("3000@host0:31000");
  }

  @Test
  void aControllerRestartWaitsForTheQuorumCheck() {
    BrokerScheduler scheduler = scheduler(kraft("CONTROLLER_COUNT", "1", "BROKER_COUNT", "1"));
    scheduler.subscribed(FRAMEWORK_ID);
    scheduler.offers(List.of(agent(0)));
    scheduler.offers(List.of(shell.reservedOn(0)));
    TaskInfo controller = driver.launched().get(0);
    scheduler.update(status(controller, TaskState.TASK_RUNNING));

    quorumRefuses.add(3000);
    List<String> next = scheduler.restartController(3000);
    assertThat(next).singleElement().asString().startsWith("controller-3000__");
    assertThat(driver.killed).isEmpty();
    assertThat(store.broker(3000).orElseThrow().state()).isEqualTo(BrokerState.RUNNING);

    quorumRefuses.clear();
    scheduler.tick();
    assertThat(driver.killed).containsExactly(controller.getTaskId().getValue());
  }

  @Test
  void aReplacedControllerJoinsOnANewVolumeAndAStaticOneCannotBeReplaced() {
    BrokerScheduler scheduler = scheduler(kraft("CONTROLLER_COUNT", "1", "BROKER_COUNT", "1"));
    scheduler.subscribed(FRAMEWORK_ID);
    scheduler.offers(List.of(agent(0)));
    scheduler.offers(List.of(shell.reservedOn(0)));
    TaskInfo controller = driver.launched().get(0);
    scheduler.update(status(controller, TaskState.TASK_LOST));
    assertThat(store.broker(3000).orElseThrow().state()).isEqualTo(BrokerState.LOST);

    assertThatThrownBy(() -> scheduler.replaceController(7, false))
        .isInstanceOf(BrokerNotFoundException.class).hasMessageContaining("controllers are [3000]");
    String task = scheduler.replaceController(3000, false);
    assertThat(task).startsWith("controller-3000__");
    assertThat(store.broker(3000).orElseThrow().reservation()).isNull();
    assertThat(store.abandoned()).singleElement()
        .satisfies(a -> assertThat(a.brokerId()).isEqualTo(3000));

    scheduler.offers(List.of(agent(5)));
    // no other controller to bootstrap from: a quorum of one cannot replace its only voter
    assertThat(driver.launched()).hasSize(1);
    assertThat(scheduler.view().waitReasons().get(3000)).contains("no other controller");

    InMemoryStateStore staticStore = new InMemoryStateStore();
    BrokerScheduler statik = io.kafkamesos.scheduler.Fixtures.scheduler(settings("KAFKA_VERSION",
        "3.9.1", "KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "1"),
        new SchedulerAssembly.Edges(staticStore, new RecordingDriver(), shell.kafka, shell.ops,
            new SchedulerMetrics(new MetricRegistry()), shell.clock));
    statik.load();
    assertThatThrownBy(() -> statik.replaceController(3000, true))
        .isInstanceOf(BrokerConflictException.class).hasMessageContaining("static quorum");
  }
}
