package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.scheduler.offer.Reservations;
import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** Lost agents, replace, remove and orphans through the shell, with persistent volumes. */
class BrokerFaultsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final RecordingDriver driver = new RecordingDriver();
  private final FakeKafkaRegistry kafka = new FakeKafkaRegistry();
  private final FakeClusterOps ops = new FakeClusterOps(kafka);

  private BrokerScheduler scheduler(int brokers, FaultSettings faults) {
    SchedulerSettings s = settings("BROKER_PV", "TRUE", "BROKER_COUNT", Integer.toString(brokers),
        "PLACEMENT_STRATEGY", "NODE");
    BrokerScheduler scheduler = assembled(s, store, faults);
    scheduler.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < brokers; i++) {
      scheduler.offers(List.of(agent(i)));
    }
    driver.launched().forEach(t -> {
      scheduler.update(status(t, TaskState.TASK_RUNNING));
      kafka.register(Integer.parseInt(t.getName().substring("broker-".length())), "host", 9092);
    });
    return scheduler;
  }

  /** As the application builds it, loaded from {@code on}. */
  private BrokerScheduler assembled(SchedulerSettings s, io.kafkamesos.scheduler.state.StateStore on,
      FaultSettings faults) {
    BrokerScheduler scheduler = io.kafkamesos.scheduler.Fixtures.scheduler(s,
        new SchedulerAssembly.Behaviour(io.kafkamesos.scheduler.settings.PlanSettings.defaults(), faults,
            java.util.Map.of()),
        new SchedulerAssembly.Edges(on, driver, kafka, ops, new SchedulerMetrics(new MetricRegistry()), clock));
    scheduler.load();
    return scheduler;
  }

  private static Offer agent(int n) {
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  private static TaskStatus status(TaskInfo task, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(task.getTaskId()).setAgentId(task.getAgentId())
        .setState(state).setUuid(ByteString.copyFromUtf8("u-" + state)).build();
  }

  /** What an agent offers again after launch number {@code n}: its reservation and volume. */
  private List<Resource> reservedAndVolume(int n) {
    var ops = driver.accepted.get(n).operations();
    var held = new ArrayList<>(ops.get(0).getReserve().getResourcesList());
    held.removeIf(r -> r.getName().equals("disk"));
    held.add(ops.get(1).getCreate().getVolumes(0));
    return held;
  }

  private TaskInfo task(int broker) {
    return driver.launched().stream().filter(t -> t.getName().equals("broker-" + broker)).reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void aLostBrokerWaitsForItsAgentAndResumesOnItsVolume() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    TaskInfo first = task(1);
    String volume = store.broker(1).orElseThrow().reservation().volumeId();

    scheduler.update(status(first, TaskState.TASK_UNREACHABLE));
    assertThat(store.broker(1).orElseThrow().state()).isEqualTo(BrokerState.LOST);
    assertThat(scheduler.faults().lost()).singleElement().asString()
        .startsWith("broker 1 lost with agent a1 (host1) since 2026-01-01T00:00:00Z")
        .contains("waiting 600 s more");
    assertThat(scheduler.faults().phases()).extracting(PlanView.Phase::name).containsExactly("lost");

    clock.advance(Duration.ofSeconds(30));
    scheduler.offers(List.of(agent(3)));
    assertThat(driver.launched()).hasSize(3); // an empty agent would lose its data
    scheduler.update(status(first, TaskState.TASK_GONE)); // the agent is back without the task
    scheduler.offers(List.of(offer("a1", "host1").unreserved(2, 2048, 5000, 31000, 31010)
        .resources(reservedAndVolume(1)).build()));

    TaskInfo again = task(1);
    assertThat(again.getTaskId()).isNotEqualTo(first.getTaskId());
    assertThat(again.getAgentId().getValue()).isEqualTo("a1");
    assertThat(again.getResourcesList()).anySatisfy(
        r -> assertThat(r.getDisk().getPersistence().getId()).isEqualTo(volume));
    assertThat(store.broker(1).orElseThrow().state()).isEqualTo(BrokerState.STAGING);
  }

  @Test
  void aLostTaskThatComesBackRunningIsAdoptedNotLaunchedTwice() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    TaskInfo first = task(2);
    scheduler.update(status(first, TaskState.TASK_UNREACHABLE));
    scheduler.update(status(first, TaskState.TASK_RUNNING));
    assertThat(store.broker(2).orElseThrow().state()).isEqualTo(BrokerState.RUNNING);
    assertThat(store.broker(2).orElseThrow().taskId()).isEqualTo(first.getTaskId().getValue());
    assertThat(driver.killed).isEmpty();
    assertThat(driver.launched()).hasSize(3);
  }

  @Test
  void replaceAbandonsTheVolumeLaunchesElsewhereAndReleasesTheOldOneWhenOffered() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    List<Resource> old = reservedAndVolume(1);
    scheduler.update(status(task(1), TaskState.TASK_UNREACHABLE));

    String next = scheduler.replace(1, false);
    assertThat(store.broker(1).orElseThrow().state()).isEqualTo(BrokerState.PENDING);
    assertThat(store.broker(1).orElseThrow().reservation()).isNull();
    assertThat(store.abandoned()).singleElement().satisfies(a -> {
      assertThat(a.agentId()).isEqualTo("a1");
      assertThat(a.brokerId()).isEqualTo(1);
    });

    scheduler.offers(List.of(agent(3)));
    TaskInfo replacement = task(1);
    assertThat(replacement.getTaskId().getValue()).isEqualTo(next);
    assertThat(replacement.getAgentId().getValue()).isEqualTo("a3");
    var ops = driver.accepted.get(driver.accepted.size() - 1).operations();
    assertThat(ops).extracting(Offer.Operation::getType).containsExactly(Offer.Operation.Type.RESERVE,
        Offer.Operation.Type.CREATE, Offer.Operation.Type.LAUNCH);
    scheduler.update(status(replacement, TaskState.TASK_RUNNING));
    assertThat(scheduler.faults().phases()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("replace");
      assertThat(p.steps()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo("replace-1"));
    });

    // the dead machine returns: its old reservation is destroyed, never launched on
    scheduler.offers(List.of(offer("a1", "host1").unreserved(2, 2048, 5000, 31000, 31010)
        .resources(old).build()));
    var release = driver.accepted.get(driver.accepted.size() - 1).operations();
    assertThat(release).extracting(Offer.Operation::getType)
        .containsExactly(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE);
    assertThat(store.abandoned()).hasSize(1); // until an offer shows none of it is left
    clock.advance(Duration.ofSeconds(5));
    scheduler.offers(List.of(offer("a1", "host1").unreserved(4, 4096, 10000, 31000, 31010).build()));
    assertThat(store.abandoned()).hasSize(1); // too soon: part of it may still be in use
    clock.advance(Duration.ofSeconds(20));
    scheduler.offers(List.of(offer("a1", "host1").unreserved(4, 4096, 10000, 31000, 31010).build()));
    assertThat(store.abandoned()).isEmpty();
    assertThat(task(1)).isEqualTo(replacement);
  }

  @Test
  void anAbandonedReservationIsNoLongerWaitedForOnceTheMasterForgetsItsAgent() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    TaskInfo lost = task(1);
    scheduler.update(status(lost, TaskState.TASK_UNREACHABLE));
    scheduler.replace(1, false);
    scheduler.offers(List.of(agent(3)));
    scheduler.update(status(task(1), TaskState.TASK_RUNNING));
    assertThat(store.abandoned()).singleElement()
        .satisfies(a -> assertThat(a.taskId()).isEqualTo(lost.getTaskId().getValue()));
    assertThat(driver.calls.lastIndexOf("revive")).as("offers stay revived to release it")
        .isGreaterThan(driver.calls.lastIndexOf("suppress"));

    // the next reconciliation asks about the old task on its agent
    driver.reconciled.clear();
    scheduler.subscribed(FRAMEWORK_ID);
    assertThat(driver.reconciled.stream().flatMap(List::stream)).anySatisfy(t -> {
      assertThat(t.getTaskId()).isEqualTo(lost.getTaskId());
      assertThat(t.getAgentId().getValue()).isEqualTo("a1");
    });

    // the agent is still unreachable: it may come back, keep waiting
    scheduler.update(status(lost, TaskState.TASK_UNREACHABLE));
    assertThat(store.abandoned()).hasSize(1);
    // the master removed the agent (registry_max_agent_age): it never offers the volume again
    scheduler.update(status(lost, TaskState.TASK_UNKNOWN));
    assertThat(store.abandoned()).isEmpty();
    assertThat(scheduler.faults().abandoned()).isEmpty();
    assertThat(driver.calls.lastIndexOf("suppress")).as("nothing left to wait for")
        .isGreaterThan(driver.calls.lastIndexOf("revive"));
    assertThat(task(1).getAgentId().getValue()).isEqualTo("a3");
  }

  @Test
  void aReplaceCutShortByTheStoreNeverReleasesTheOldVolume() {
    SwitchableStateStore flaky = new SwitchableStateStore();
    SchedulerSettings s = settings("BROKER_PV", "TRUE", "BROKER_COUNT", "3", "PLACEMENT_STRATEGY", "NODE");
    BrokerScheduler scheduler = assembled(s, flaky, FaultSettings.defaults());
    scheduler.subscribed(FRAMEWORK_ID);
    for (int i = 0; i < 3; i++) {
      scheduler.offers(List.of(agent(i)));
    }
    driver.launched().forEach(t -> scheduler.update(status(t, TaskState.TASK_RUNNING)));
    List<Resource> old = reservedAndVolume(1);
    scheduler.update(status(task(1), TaskState.TASK_UNREACHABLE));

    flaky.abandonedDown = true;
    assertThatThrownBy(() -> scheduler.replace(1, false)).isInstanceOf(RuntimeException.class);
    assertThat(flaky.delegate.broker(1).orElseThrow().reservation()).as("the record let go").isNull();
    assertThat(flaky.delegate.abandoned()).isEmpty();

    flaky.abandonedDown = false;
    int accepts = driver.accepted.size();
    scheduler.offers(List.of(offer("a1", "host1").unreserved(2, 2048, 5000, 31000, 31010)
        .resources(old).build()));
    assertThat(driver.accepted.subList(accepts, driver.accepted.size())).as("nothing destroyed")
        .allSatisfy(a -> assertThat(a.operations()).extracting(Offer.Operation::getType)
            .doesNotContain(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE));
    // the broker, holding no reservation, takes its own labelled volume back: its data is kept
    String volume = old.stream().filter(Resource::hasDisk).findFirst().orElseThrow()
        .getDisk().getPersistence().getId();
    assertThat(task(1).getAgentId().getValue()).isEqualTo("a1");
    assertThat(task(1).getResourcesList()).anySatisfy(
        r -> assertThat(r.getDisk().getPersistence().getId()).isEqualTo(volume));
  }

  @Test
  void replacingAHealthyBrokerNeedsForce() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    assertThatThrownBy(() -> scheduler.replace(0, false)).isInstanceOf(BrokerConflictException.class)
        .hasMessageContaining("throws its data away");
    assertThatThrownBy(() -> scheduler.replace(7, true)).isInstanceOf(BrokerNotFoundException.class);
    scheduler.replace(0, true);
    assertThat(driver.killed).hasSize(1);
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.KILLING);
    scheduler.update(status(task(0), TaskState.TASK_KILLED));
    assertThat(store.broker(0).orElseThrow().state()).isEqualTo(BrokerState.PENDING);
    assertThat(store.broker(0).orElseThrow().reservation()).isNull();
  }

  @Test
  void autoReplaceAfterItsDelayWhenTurnedOn() {
    BrokerScheduler scheduler = scheduler(3, new FaultSettings(Duration.ofSeconds(60),
        Optional.of(Duration.ofSeconds(300))));
    scheduler.update(status(task(2), TaskState.TASK_UNREACHABLE));
    clock.advance(Duration.ofSeconds(299));
    scheduler.tick();
    assertThat(store.broker(2).orElseThrow().state()).isEqualTo(BrokerState.LOST);
    clock.advance(Duration.ofSeconds(1));
    scheduler.tick();
    assertThat(store.broker(2).orElseThrow().state()).isEqualTo(BrokerState.PENDING);
    assertThat(store.abandoned()).hasSize(1);
  }

  @Test
  void removeMovesEveryReplicaFirstThenStopsTheBrokerAndReleasesItsResources() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    List<Resource> held = reservedAndVolume(2);
    ops.partitions = List.of(new PartitionState("t", 0, List.of(2, 0), List.of(2, 0), 1),
        new PartitionState("t", 1, List.of(0, 1), List.of(0, 1), 1));

    assertThat(scheduler.remove(2)).isEqualTo("remove-2");
    assertThat(store.broker(2).orElseThrow().state()).isEqualTo(BrokerState.REMOVING);
    assertThat(ops.reassignments).singleElement()
        .satisfies(m -> assertThat(m.get("t").get(0)).containsExactly(1, 0));
    assertThat(driver.killed).isEmpty(); // it still holds a replica
    assertThat(scheduler.faults().phases()).singleElement()
        .satisfies(p -> assertThat(p.steps().get(0).message()).contains("moving 1 partition replicas"));

    ops.partitions = List.of(new PartitionState("t", 0, List.of(1, 0), List.of(1, 0), 1),
        new PartitionState("t", 1, List.of(0, 1), List.of(0, 1), 1));
    clock.advance(Duration.ofSeconds(5));
    scheduler.tick();
    assertThat(driver.killed).hasSize(1);
    scheduler.update(status(task(2), TaskState.TASK_KILLED));
    assertThat(store.broker(2).orElseThrow().state()).isEqualTo(BrokerState.REMOVED);
    assertThat(scheduler.members()).containsExactly(0, 1);

    scheduler.offers(List.of(offer("a2", "host2").resources(held).build()));
    assertThat(driver.accepted.get(driver.accepted.size() - 1).operations())
        .extracting(Offer.Operation::getType)
        .containsExactly(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE);
    assertThat(scheduler.faults().phases()).singleElement().satisfies(p -> assertThat(p.status())
        .isEqualTo("IN_PROGRESS"));
    clock.advance(Duration.ofSeconds(30));
    scheduler.offers(List.of(offer("a2", "host2").unreserved(4, 4096, 10000, 31000, 31010).build()));
    assertThat(scheduler.faults().phases()).singleElement().satisfies(p -> assertThat(p.status())
        .isEqualTo("COMPLETE"));
    // a removed id is never launched again, and is unknown to the API
    scheduler.offers(List.of(agent(5)));
    assertThat(driver.launched()).hasSize(3);
    assertThatThrownBy(() -> scheduler.restart(2)).isInstanceOf(BrokerNotFoundException.class)
        .hasMessageContaining("removed");
  }

  @Test
  void removeIsRefusedWhenTheOthersCannotHoldATopic() {
    BrokerScheduler scheduler = scheduler(3, FaultSettings.defaults());
    ops.partitions = List.of(new PartitionState("t", 0, List.of(0, 1, 2), List.of(0, 1, 2), 1));
    assertThatThrownBy(() -> scheduler.remove(1)).isInstanceOf(BrokerConflictException.class)
        .hasMessageContaining("topic t has replication factor 3");
    assertThat(store.broker(1).orElseThrow().state()).isEqualTo(BrokerState.RUNNING);
    assertThat(ops.reassignments).isEmpty();
  }

  @Test
  void anOrphanIsReportedAndOnlyDestroyedOnTheOperatorsOrder() {
    BrokerScheduler scheduler = scheduler(1, FaultSettings.defaults());
    var labels = List.of(Reservations.brokerReservation("kafka0-role", "kafka0-principal", "kafka0", 4));
    Resource volume = Resources.scalar(Resources.DISK, 1000, labels, null).toBuilder()
        .setDisk(Resource.DiskInfo.newBuilder().setPersistence(
            Resource.DiskInfo.Persistence.newBuilder().setId("lost-volume"))).build();
    Offer withOrphan = offer("a8", "host8").resources(List.of(
        Resources.scalar(Resources.CPUS, 1, labels, null), volume)).build();
    int accepts = driver.accepted.size();

    scheduler.offers(List.of(withOrphan));
    assertThat(driver.accepted).hasSize(accepts);
    assertThat(scheduler.faults().orphans()).singleElement().satisfies(o -> {
      assertThat(o.id()).isEqualTo("lost-volume");
      assertThat(o.brokerId()).isEqualTo(4);
      assertThat(o.hostname()).isEqualTo("host8");
    });
    assertThat(scheduler.deleteOrphan("nope")).isEmpty();
    assertThat(scheduler.deleteOrphan("lost-volume")).isPresent();
    scheduler.offers(List.of(offer("a8", "host8").resources(withOrphan.getResourcesList()).build()));
    assertThat(driver.accepted.get(driver.accepted.size() - 1).operations())
        .extracting(Offer.Operation::getType)
        .containsExactly(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE);
    assertThat(scheduler.faults().orphans()).isEmpty();
  }
}
