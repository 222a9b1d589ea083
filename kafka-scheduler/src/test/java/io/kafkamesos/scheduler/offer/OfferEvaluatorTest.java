package io.kafkamesos.scheduler.offer;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Offer.Operation;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class OfferEvaluatorTest {

  /** What the needs are launched with: the cluster's own settings. */
  private static final io.kafkamesos.scheduler.plan.NodeSpec SPEC =
      io.kafkamesos.scheduler.plan.NodeSpec.of(io.kafkamesos.scheduler.Fixtures.settings());

  private static OfferEvaluator evaluator(SchedulerSettings s) {
    return new OfferEvaluator(s, new TaskInfoFactory(s));
  }

  private static BrokerNeed need(int id) {
    return new BrokerNeed(id, BrokerTaskId.next(id).toString(), null, 0, SPEC);
  }

  private static Offer bigOffer(String agent, String host) {
    return offer(agent, host).unreserved(8, 8192, 20000, 31000, 31100).build();
  }

  @Test
  void anOfferOfExactlyWhatABrokerNeedsFitsInMesosFixedPoint() {
    // 1.0 + 0.1 cpus is 1.1000000000000001 in doubles; Mesos keeps three decimals and so do we
    Offer exact = offer("a1", "host1").unreserved(1.1, 640, 1000, 31000, 31000).build();
    Offer short1 = offer("a2", "host2").unreserved(1.099, 640, 1000, 31000, 31000).build();

    assertThat(evaluator(settings()).evaluate(exact, FRAMEWORK_ID, List.of(need(0)), Map.of()).accepts()).isTrue();
    assertThat(evaluator(settings()).evaluate(short1, FRAMEWORK_ID, List.of(need(0)), Map.of()).declineReason())
        .contains("broker 0 waits for an offer with cpus 1.1, mem 640 MB, disk 1000 MB and one port; host2 offers"
            + " cpus 1.099, mem 640 MB, disk 1000 MB, ports 31000-31000");
  }

  @Test
  void launchesABrokerWithoutVolumeOnUnreservedResources() {
    SchedulerSettings s = settings("KAFKA_OVERRIDE_NUM_PARTITIONS", "6");
    BrokerNeed need = new BrokerNeed(0, BrokerTaskId.next(0).toString(), null, 0,
        io.kafkamesos.scheduler.plan.NodeSpec.of(s));
    OfferDecision d = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need), Map.of());

    assertThat(d.accepts()).isTrue();
    assertThat(d.operations()).extracting(Operation::getType).containsExactly(Operation.Type.LAUNCH);
    assertThat(d.placements()).containsExactly(
        new Placement(0, need.taskId(), "a1", "host1", 31000, null));
    TaskInfo task = d.operations().get(0).getLaunch().getTaskInfos(0);
    assertThat(task.getName()).isEqualTo("broker-0");
    assertThat(task.getTaskId().getValue()).isEqualTo(need.taskId());
    assertThat(task.getAgentId().getValue()).isEqualTo("a1");
    assertThat(scalar(task.getResourcesList(), "cpus")).isEqualTo(1.0);
    assertThat(scalar(task.getResourcesList(), "mem")).isEqualTo(512);
    assertThat(scalar(task.getResourcesList(), "disk")).isEqualTo(1000);
    assertThat(task.getResourcesList()).allSatisfy(r -> {
      assertThat(r.getReservationsCount()).isZero();
      assertThat(r.getAllocationInfo().getRole()).isEqualTo("kafka0-role");
    });
    assertThat(task.getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(60_000_000_000L);

    var executor = task.getExecutor();
    assertThat(executor.getExecutorId().getValue())
        .isEqualTo(BrokerTaskId.parse(need.taskId()).orElseThrow().executorId());
    assertThat(executor.getFrameworkId()).isEqualTo(FRAMEWORK_ID);
    assertThat(executor.getCommand().getValue()).isEqualTo("java " + TaskInfoFactory.EXECUTOR_JVM_FLAGS + " -Xmx64m -jar kafka-executor.jar");
    assertThat(executor.getCommand().getShell()).isTrue();
    assertThat(executor.getCommand().getUrisList()).extracting(CommandInfo.URI::getValue,
        CommandInfo.URI::getExtract, CommandInfo.URI::getExecutable).containsExactly(
            org.assertj.core.groups.Tuple.tuple("file:///dist/kafka-executor.jar", false, false),
            org.assertj.core.groups.Tuple.tuple("file:///dist/kafka-dist.tar.gz", true, false));
    assertThat(scalar(executor.getResourcesList(), "cpus")).isEqualTo(0.1);
    assertThat(scalar(executor.getResourcesList(), "mem")).isEqualTo(128);

    BrokerTaskSpec spec = BrokerTaskSpec.decode(task.getData().toByteArray());
    assertThat(spec).isEqualTo(new BrokerTaskSpec(0, "kafka0", "127.0.0.1:2181/kafka0", "host1", 31000,
        256, "kafka-data", "", Map.of("num.partitions", "6"), "3.9.1"));
  }

  @Test
  void theTaskRunsItsLaunchSpecsSoftwareAndPins() {
    SchedulerSettings s = settings("KAFKA_VERSION", "2.4.1");
    var pinned = io.kafkamesos.scheduler.plan.NodeSpec.of(settings("KAFKA_VERSION", "3.9.1"))
        .pinned("2.4", "2.4");
    BrokerNeed need = new BrokerNeed(0, BrokerTaskId.next(0).toString(), null, 0, pinned);
    OfferDecision d = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need), Map.of());
    TaskInfo task = d.operations().get(0).getLaunch().getTaskInfos(0);
    BrokerTaskSpec spec = BrokerTaskSpec.decode(task.getData().toByteArray());
    assertThat(spec.kafkaVersion()).isEqualTo("3.9.1");
    assertThat(spec.overrides()).containsEntry("inter.broker.protocol.version", "2.4")
        .containsEntry("log.message.format.version", "2.4");
  }

  @Test
  void declinesAnOfferTooSmallAndSaysWhatIsMissing() {
    Offer small = offer("a1", "host1").unreserved(0.5, 8192, 20000, 31000, 31100).build();
    OfferDecision d = evaluator(settings()).evaluate(small, FRAMEWORK_ID, List.of(need(2)), Map.of());
    assertThat(d.accepts()).isFalse();
    assertThat(d.unplaced()).containsOnlyKeys(2);
    assertThat(d.declineReason()).contains("broker 2 waits for an offer with cpus 1.1, mem 640 MB")
        .contains("host1 offers cpus 0.50");
  }

  @Test
  void declinesAnOfferWithoutPorts() {
    Offer noPorts = offer("a1", "host1").unreserved(8, 8192, 20000, 31000, 31000).build();
    OfferEvaluator e = evaluator(settings());
    OfferDecision d = e.evaluate(noPorts, FRAMEWORK_ID, List.of(need(0), need(1)), Map.of());
    assertThat(d.placements()).extracting(Placement::brokerId).containsExactly(0);
    assertThat(d.unplaced().get(1)).contains("no ports");
  }

  @Test
  void declinesWhenNoBrokerWaits() {
    OfferDecision d = evaluator(settings()).evaluate(bigOffer("a1", "h"), FRAMEWORK_ID, List.of(), Map.of());
    assertThat(d.accepts()).isFalse();
    assertThat(d.declineReason()).isEqualTo("no broker is waiting for resources");
  }

  @Test
  void anyPlacementPutsSeveralBrokersOnOneHostWithDistinctPorts() {
    OfferDecision d = evaluator(settings()).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID,
        List.of(need(0), need(1), need(2)), Map.of(3, "host1"));
    assertThat(d.placements()).extracting(Placement::brokerId).containsExactly(0, 1, 2);
    assertThat(d.placements()).extracting(Placement::port).containsExactly(31000, 31001, 31002);
    assertThat(d.operations()).hasSize(3);
  }

  @Test
  void nodePlacementNeverPutsTwoBrokersOnOneHost() {
    SchedulerSettings s = settings("PLACEMENT_STRATEGY", "NODE");
    OfferDecision d = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID,
        List.of(need(0), need(1)), Map.of());
    assertThat(d.placements()).extracting(Placement::brokerId).containsExactly(0);
    assertThat(d.unplaced().get(1)).isEqualTo("broker 1 waits for an offer: NODE placement needs a host "
        + "without a broker, and host1 has broker 0");

    OfferDecision taken = evaluator(s).evaluate(bigOffer("a2", "host2"), FRAMEWORK_ID,
        List.of(need(3)), Map.of(0, "host1", 1, "host2", 2, "host3"));
    assertThat(taken.accepts()).isFalse();
    assertThat(taken.declineReason()).startsWith("broker 3 waits for an offer: NODE placement needs a host "
        + "without a broker");
  }

  @Test
  void withVolumesReservesCreatesAndLaunches() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE");
    BrokerNeed need = need(1);
    OfferDecision d = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need), Map.of());

    assertThat(d.operations()).extracting(Operation::getType).containsExactly(
        Operation.Type.RESERVE, Operation.Type.CREATE, Operation.Type.LAUNCH);
    List<Resource> reserved = d.operations().get(0).getReserve().getResourcesList();
    assertThat(scalar(reserved, "cpus")).isEqualTo(1.1);
    assertThat(scalar(reserved, "mem")).isEqualTo(640);
    assertThat(scalar(reserved, "disk")).isEqualTo(1000);
    assertThat(reserved).allSatisfy(r -> {
      assertThat(r.getReservationsCount()).isEqualTo(1);
      assertThat(r.getReservations(0).getRole()).isEqualTo("kafka0-role");
      assertThat(r.getReservations(0).getPrincipal()).isEqualTo("kafka0-principal");
      assertThat(Reservations.reservedBroker(r, "kafka0-role", "kafka0")).isEqualTo(1);
    });
    Resource volume = d.operations().get(1).getCreate().getVolumes(0);
    assertThat(volume.getDisk().getVolume().getContainerPath()).isEqualTo("kafka-data");
    String volumeId = volume.getDisk().getPersistence().getId();
    assertThat(volumeId).startsWith("kafka0-broker-1-");

    TaskInfo task = d.operations().get(2).getLaunch().getTaskInfos(0);
    assertThat(task.getResourcesList()).contains(volume);
    assertThat(task.getExecutor().getResourcesList()).allSatisfy(
        r -> assertThat(Reservations.reservedBroker(r, "kafka0-role", "kafka0")).isEqualTo(1));
    assertThat(d.placements().get(0).reservation())
        .isEqualTo(new Reservation("a1", "host1", volumeId, 1.1, 640, 1000, 31000));
  }

  @Test
  void relaunchesBrokerOnItsOwnVolume() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE");
    OfferDecision first = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need(1)),
        Map.of());
    Reservation reservation = first.placements().get(0).reservation();
    // what the agent offers after RESERVE + CREATE: the reserved resources and the volume
    List<Resource> held = new ArrayList<>(first.operations().get(0).getReserve().getResourcesList());
    held.removeIf(r -> r.getName().equals("disk"));
    held.add(first.operations().get(1).getCreate().getVolumes(0));
    Offer again = offer("a1", "host1").unreserved(4, 4096, 10000, 31000, 31100).resources(held).build();

    BrokerNeed relaunch = new BrokerNeed(1, BrokerTaskId.next(1).toString(), reservation, 31000, SPEC);
    OfferDecision d = evaluator(s).evaluate(again, FRAMEWORK_ID, List.of(relaunch), Map.of(1, "host1"));

    assertThat(d.operations()).extracting(Operation::getType).containsExactly(Operation.Type.LAUNCH);
    TaskInfo task = d.operations().get(0).getLaunch().getTaskInfos(0);
    assertThat(task.getResourcesList()).anySatisfy(r ->
        assertThat(r.getDisk().getPersistence().getId()).isEqualTo(reservation.volumeId()));
    assertThat(task.getResourcesList()).allSatisfy(r ->
        assertThat(Reservations.reservedBroker(r, "kafka0-role", "kafka0")).isEqualTo(1));
    assertThat(d.placements().get(0).port()).isEqualTo(31000);
    assertThat(d.placements().get(0).reservation().volumeId()).isEqualTo(reservation.volumeId());
  }

  @Test
  void brokerWithVolumeWaitsForItsAgent() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE");
    Reservation elsewhere = new Reservation("a1", "host1", "v-1", 1.1, 640, 1000, 31000);
    BrokerNeed need = new BrokerNeed(0, BrokerTaskId.next(0).toString(), elsewhere, 31000, SPEC);
    OfferDecision d = evaluator(s).evaluate(bigOffer("a2", "host2"), FRAMEWORK_ID, List.of(need), Map.of());
    assertThat(d.accepts()).isFalse();
    assertThat(d.declineReason()).isEqualTo(
        "broker 0 waits for an offer from agent a1 (host1) which holds its persistent volume");
  }

  @Test
  void reReservesOnItsAgentWhenTheReservationIsGone() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE", "PLACEMENT_STRATEGY", "NODE");
    Reservation lost = new Reservation("a1", "host1", "v-1", 1.1, 640, 1000, 31005);
    BrokerNeed need = new BrokerNeed(0, BrokerTaskId.next(0).toString(), lost, 31005, SPEC);
    OfferDecision d = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need),
        Map.of(0, "host1"));
    assertThat(d.operations()).extracting(Operation::getType).containsExactly(
        Operation.Type.RESERVE, Operation.Type.CREATE, Operation.Type.LAUNCH);
    assertThat(d.placements().get(0).port()).isEqualTo(31005);
  }

  @Test
  void ignoresResourcesReservedForOtherBrokersOrRoles() {
    SchedulerSettings s = settings("BROKER_PV", "TRUE");
    OfferDecision first = evaluator(s).evaluate(bigOffer("a1", "host1"), FRAMEWORK_ID, List.of(need(1)),
        Map.of());
    List<Resource> brokerOnes = first.operations().get(0).getReserve().getResourcesList();
    Offer onlyReserved = offer("a1", "host1").resources(brokerOnes).build();
    OfferDecision d = evaluator(s).evaluate(onlyReserved, FRAMEWORK_ID, List.of(need(2)), Map.of());
    assertThat(d.accepts()).isFalse();
    assertThat(d.declineReason()).contains("broker 2 waits for an offer with cpus 1.1");
  }

  private static double scalar(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }
}
