package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static io.kafkamesos.local.it.TestTasks.EXECUTOR_CPUS;
import static io.kafkamesos.local.it.TestTasks.EXECUTOR_MEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dynamic reservations and persistent volumes through the offer cycle (docs/reservation.md,
 * docs/persistent-volume.md): RESERVE + CREATE + LAUNCH in one ACCEPT; reserved resources and the
 * volume are offered again to the role only; /state shows them; a task relaunched on the volume
 * finds the data of the first run; DESTROY + UNRESERVE give the resources back unreserved and the
 * volume's data is gone.
 */
class ReservationVolumeIT {

  private static final String ROLE = "kafka-role";
  private static final String PRINCIPAL = "kafka-principal";
  private static final String VOLUME_ID = "broker-0-volume";
  private static final double RESERVED_CPUS = 0.5;
  private static final double RESERVED_MEM = 256;
  private static final double RESERVED_DISK = 1024;

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1)
      .withResources("cpus:2;mem:4096;disk:20000;ports:[31000-32000]"));

  @Test
  void reserveCreateLaunchRelaunchOnTheVolumeThenDestroyAndUnreserve() {
    TestFramework kafka = cluster.framework("volumes", b -> b.role(ROLE).principal(PRINCIPAL));
    Offer offer = kafka.awaitOffers(1, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();

    // 1. RESERVE + CREATE + LAUNCH in one ACCEPT
    TaskInfo first = launchOnNewVolume(kafka, offer, "volume-task-1", "first-run");
    TaskStatus firstRunning = kafka.awaitUpdate(0, first.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(TestExecutor.report(firstRunning).getProperty("previous")).isEqualTo("<none>");

    // 2. /state shows the reservation
    JsonObject reserved = MasterState.reservedFor(cluster.state().agent(agent.getValue()), ROLE)
        .orElseThrow(() -> new AssertionError("no reserved_resources for " + ROLE + " in /state: "
            + cluster.state()));
    assertThat(MasterState.quantity(reserved, "cpus")).isCloseTo(RESERVED_CPUS, within(1e-6));
    assertThat(MasterState.quantity(reserved, "mem")).isCloseTo(RESERVED_MEM, within(1e-6));
    assertThat(MasterState.quantity(reserved, "disk")).isCloseTo(RESERVED_DISK, within(1e-6));

    // 3. another role is offered only what is unreserved and unused
    kafka.suppress();
    Poll.sleep(1000); // offers already on their way before SUPPRESS are declined too
    kafka.declineAll(3600);
    TestFramework other = cluster.framework("bystander", b -> b.role("other-role"));
    Offer otherOffer = other.awaitOfferMatching(agent, o -> true, "an offer to other-role",
        TIMEOUT);
    assertThat(otherOffer.getResourcesList()).allSatisfy(r -> {
      assertThat(TestTasks.isUnreserved(r)).as("reserved resource offered to another role: %s", r)
          .isTrue();
      assertThat(TestTasks.isVolume(r)).isFalse();
    });
    assertThat(TestTasks.sum(otherOffer.getResourcesList(), "disk"))
        .isCloseTo(20000 - RESERVED_DISK, within(1e-6));
    assertThat(TestTasks.sum(otherOffer.getResourcesList(), "cpus"))
        .isCloseTo(2 - RESERVED_CPUS - EXECUTOR_CPUS, within(1e-6));
    other.teardown();
    other.close();

    // 4. kill; the reserved resources and the volume come back to the role
    int beforeKill = kafka.mark();
    kafka.kill(first.getTaskId(), agent);
    kafka.awaitUpdate(beforeKill, first.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    kafka.revive();
    Offer withVolume = kafka.awaitOfferMatching(agent, ReservationVolumeIT::canRelaunch,
        "an offer with the volume, the reserved resources and room for an executor", TIMEOUT);
    Resource volume = withVolume.getResourcesList().stream().filter(TestTasks::isVolume)
        .findFirst().orElseThrow();
    assertThat(volume.getDisk().getPersistence().getId()).isEqualTo(VOLUME_ID);
    assertThat(volume.getDisk().getVolume().getContainerPath()).isEqualTo("data");
    assertThat(TestTasks.reservationRole(volume)).isEqualTo(ROLE);
    assertThat(volume.getScalar().getValue()).isCloseTo(RESERVED_DISK, within(1e-6));

    // 5. relaunch on the same volume: the first run's data is there
    TaskInfo second = TestTasks.task("volume-task-2", withVolume,
        Map.of("volume", "data", "marker", "second-run"), reservedTaskResources(withVolume));
    int beforeSecond = kafka.mark();
    kafka.accept(withVolume, List.of(TestTasks.launch(second)));
    TaskStatus secondRunning = kafka.awaitUpdate(beforeSecond, second.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT);
    assertThat(TestExecutor.report(secondRunning).getProperty("previous")).isEqualTo("first-run");

    // 6. kill, DESTROY + UNRESERVE: everything is unreserved again
    int beforeSecondKill = kafka.mark();
    kafka.kill(second.getTaskId(), agent);
    kafka.awaitUpdate(beforeSecondKill, second.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    Offer toRelease = kafka.awaitOfferMatching(agent, ReservationVolumeIT::canRelaunch,
        "an offer with the volume and the reserved resources", TIMEOUT);
    Resource offeredVolume = toRelease.getResourcesList().stream().filter(TestTasks::isVolume)
        .findFirst().orElseThrow();
    List<Resource> toUnreserve = new ArrayList<>(toRelease.getResourcesList().stream()
        .filter(r -> ROLE.equals(TestTasks.reservationRole(r)) && !TestTasks.isVolume(r))
        .toList());
    toUnreserve.add(offeredVolume.toBuilder().clearDisk().build());
    kafka.accept(List.of(toRelease.getId()), List.of(
        TestTasks.destroy(offeredVolume), TestTasks.unreserve(toUnreserve)), 0.1);

    Offer released = kafka.awaitOfferMatching(agent,
        o -> Math.abs(TestTasks.sum(o.getResourcesList(), "cpus") - 2) < 1e-6
            && o.getResourcesList().stream().allMatch(TestTasks::isUnreserved),
        "an offer of the whole agent, unreserved", TIMEOUT);
    assertThat(TestTasks.sum(released.getResourcesList(), "disk")).isCloseTo(20000, within(1e-6));
    assertThat(TestTasks.sum(released.getResourcesList(), "mem")).isCloseTo(4096, within(1e-6));
    assertThat(MasterState.reservedFor(cluster.state().agent(agent.getValue()), ROLE)
        .map(r -> MasterState.quantity(r, "disk") + MasterState.quantity(r, "cpus"))
        .orElse(0.0)).isZero();

    // 7. a new volume of the same id starts empty: DESTROY removed the data
    TaskInfo third = launchOnNewVolume(kafka, released, "volume-task-3", "third-run");
    TaskStatus thirdRunning = kafka.awaitUpdate(0, third.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(TestExecutor.report(thirdRunning).getProperty("previous")).isEqualTo("<none>");
  }

  @Test
  void aVolumeIdInUseIsNotCreatedTwiceAndAVolumeIsNotUnreservedBeforeItIsDestroyed() {
    String role = "dup-role";
    TestFramework framework = cluster.framework("duplicate-volumes",
        b -> b.role(role).principal(PRINCIPAL));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    var allocation = offer.getAllocationInfo();
    Resource half = TestTasks.reserved(TestTasks.scalar("disk", 512, allocation), role, PRINCIPAL);
    Resource volume = TestTasks.volume(half, "dup-volume", "data", PRINCIPAL);
    Resource sameId = TestTasks.volume(half, "dup-volume", "other", PRINCIPAL);
    framework.accept(List.of(offer.getId()), List.of(
        TestTasks.reserve(List.of(TestTasks.reserved(
            TestTasks.scalar("disk", 1024, allocation), role, PRINCIPAL))),
        TestTasks.create(volume),
        TestTasks.create(sameId)), 0.1);

    // validation.cpp: "Persistence ID 'dup-volume' is not unique": the second CREATE is dropped
    Predicate<Resource> reservedPlainDisk = r -> role.equals(TestTasks.reservationRole(r))
        && r.getName().equals("disk") && !TestTasks.isVolume(r);
    Offer created = framework.awaitOfferMatching(agent,
        o -> o.getResourcesList().stream().anyMatch(TestTasks::isVolume)
            && TestTasks.sum(o.getResourcesList(), "disk", reservedPlainDisk) > 0,
        "an offer with the volume and the rest of the reserved disk", TIMEOUT);
    assertThat(created.getResourcesList().stream().filter(TestTasks::isVolume).toList())
        .hasSize(1);
    assertThat(TestTasks.sum(created.getResourcesList(), "disk", reservedPlainDisk))
        .isCloseTo(512, within(1e-6));

    // validation.cpp: a reserved persistent volume cannot be unreserved directly
    Resource offeredVolume = created.getResourcesList().stream().filter(TestTasks::isVolume)
        .findFirst().orElseThrow();
    framework.accept(List.of(created.getId()),
        List.of(TestTasks.unreserve(List.of(offeredVolume))), 0.1);
    Offer still = framework.awaitOfferMatching(agent,
        o -> o.getResourcesList().stream().anyMatch(TestTasks::isVolume)
            && TestTasks.sum(o.getResourcesList(), "disk", reservedPlainDisk) > 0,
        "an offer with the volume still there", TIMEOUT);
    Resource stillVolume = still.getResourcesList().stream().filter(TestTasks::isVolume)
        .findFirst().orElseThrow();
    assertThat(stillVolume.getDisk().getPersistence().getId()).isEqualTo("dup-volume");

    // clean up: DESTROY, then UNRESERVE the whole reserved disk
    framework.accept(List.of(still.getId()), List.of(
        TestTasks.destroy(stillVolume),
        TestTasks.unreserve(List.of(TestTasks.reserved(
            TestTasks.scalar("disk", 1024, still.getAllocationInfo()), role, PRINCIPAL)))), 0.1);
    Poll.until("no reservation for " + role + " in /state", TIMEOUT,
        () -> MasterState.reservedFor(cluster.state().agent(agent.getValue()), role)
            .map(r -> MasterState.quantity(r, "disk")).orElse(0.0) == 0.0);
  }

  /** RESERVE cpus, mem and disk, CREATE a volume on the disk, LAUNCH a task that uses them. */
  private static TaskInfo launchOnNewVolume(TestFramework framework, Offer offer, String taskId,
      String marker) {
    var allocation = offer.getAllocationInfo();
    Resource cpus = TestTasks.reserved(TestTasks.scalar("cpus", RESERVED_CPUS, allocation), ROLE,
        PRINCIPAL);
    Resource mem = TestTasks.reserved(TestTasks.scalar("mem", RESERVED_MEM, allocation), ROLE,
        PRINCIPAL);
    Resource disk = TestTasks.reserved(TestTasks.scalar("disk", RESERVED_DISK, allocation), ROLE,
        PRINCIPAL);
    Resource volume = TestTasks.volume(disk, VOLUME_ID, "data", PRINCIPAL);
    TaskInfo task = TestTasks.task(taskId, offer, Map.of("volume", "data", "marker", marker),
        List.of(cpus, mem, volume));
    framework.accept(List.of(offer.getId()), List.of(
        TestTasks.reserve(List.of(cpus, mem, disk)),
        TestTasks.create(volume),
        TestTasks.launch(task)), 0.1);
    return task;
  }

  /** The reserved cpus and mem and the volume of an offer, as a task would use them. */
  private static List<Resource> reservedTaskResources(Offer offer) {
    return offer.getResourcesList().stream()
        .filter(r -> ROLE.equals(TestTasks.reservationRole(r)))
        .filter(r -> r.getName().equals("cpus") || r.getName().equals("mem")
            || TestTasks.isVolume(r))
        .toList();
  }

  private static boolean canRelaunch(Offer offer) {
    List<Resource> r = offer.getResourcesList();
    Predicate<Resource> reserved = res -> ROLE.equals(TestTasks.reservationRole(res));
    return r.stream().anyMatch(TestTasks::isVolume)
        && TestTasks.sum(r, "cpus", reserved) >= RESERVED_CPUS - 1e-6
        && TestTasks.sum(r, "mem", reserved) >= RESERVED_MEM - 1e-6
        && TestTasks.sum(r, "cpus", TestTasks::isUnreserved) >= EXECUTOR_CPUS - 1e-6
        && TestTasks.sum(r, "mem", TestTasks::isUnreserved) >= EXECUTOR_MEM - 1e-6;
  }
}
