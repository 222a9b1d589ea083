package io.kafkamesos.scheduler.offer;

import static io.kafkamesos.scheduler.Fixtures.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.scheduler.offer.HeldReservations.Held;
import io.kafkamesos.scheduler.offer.HeldReservations.Kind;
import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.junit.jupiter.api.Test;

/** Which reservations of an offer are the cluster's, abandoned, or orphans. */
class HeldReservationsTest {

  private static List<Resource> reserved(String framework, int broker, String volumeId) {
    List<ReservationInfo> r = List.of(Reservations.brokerReservation("kafka0-role", "kafka0-principal",
        framework, broker));
    List<Resource> resources = new ArrayList<>();
    resources.add(Resources.scalar(Resources.CPUS, 1.1, r, null));
    resources.add(Resources.scalar(Resources.MEM, 640, r, null));
    resources.add(Resources.port(31000 + broker, r, null));
    Resource disk = Resources.scalar(Resources.DISK, 1000, r, null);
    if (volumeId != null) {
      disk = disk.toBuilder().setDisk(DiskInfo.newBuilder()
          .setPersistence(DiskInfo.Persistence.newBuilder().setId(volumeId))).build();
    }
    resources.add(disk);
    return resources;
  }

  private static BrokerRecord holding(int broker, String agent, String volumeId) {
    return new BrokerRecord(broker, BrokerState.RUNNING, "broker-" + broker + "__x", null, agent, "h", 31000,
        volumeId == null ? null : new Reservation(agent, "h", volumeId, 1.1, 640, 1000, 31000), "c", null,
        null, null, 0, 0, 0);
  }

  private static Held only(Offer o) {
    List<Held> held = HeldReservations.of(o, "kafka0-role", "kafka0");
    assertThat(held).hasSize(1);
    return held.get(0);
  }

  @Test
  void findsOnlyThisClustersReservationsPerBroker() {
    Offer o = offer("a1", "host1").unreserved(2, 2048, 5000, 31000, 31010)
        .resources(reserved("kafka0", 1, "v1")).resources(reserved("other-cluster", 2, "v9")).build();
    Held h = only(o);
    assertThat(h.brokerId()).isEqualTo(1);
    assertThat(h.volumeId()).isEqualTo("v1");
    assertThat(h.id()).isEqualTo("v1");
    assertThat(h.resources()).hasSize(4);
  }

  @Test
  void theBrokersOwnReservationIsOwned() {
    Held h = only(offer("a1", "host1").resources(reserved("kafka0", 1, "v1")).build());
    assertThat(HeldReservations.classify(h, Map.of(1, holding(1, "a1", "v1")), List.of())).isEqualTo(Kind.OWNED);
  }

  @Test
  void aBrokerWithoutReservationAdoptsItsLabelledVolume() {
    BrokerRecord pending = BrokerRecord.pending(1, "broker-1__y", "state lost");
    Held h = only(offer("a1", "host1").resources(reserved("kafka0", 1, "v1")).build());
    assertThat(HeldReservations.classify(h, Map.of(1, pending), List.of())).isEqualTo(Kind.OWNED);
  }

  @Test
  void reservationsNoRecordOwnsAreOrphans() {
    Held unknownBroker = only(offer("a1", "host1").resources(reserved("kafka0", 7, "v7")).build());
    assertThat(HeldReservations.classify(unknownBroker, Map.of(), List.of())).isEqualTo(Kind.ORPHAN);
    // broker 1 holds another volume elsewhere: this one is not its, and is kept, not destroyed
    Held stale = only(offer("a3", "host3").resources(reserved("kafka0", 1, "old")).build());
    assertThat(HeldReservations.classify(stale, Map.of(1, holding(1, "a1", "v1")), List.of()))
        .isEqualTo(Kind.ORPHAN);
    Held noVolume = only(offer("a3", "host3").resources(reserved("kafka0", 7, null)).build());
    assertThat(noVolume.id()).isEqualTo("a3:7");
  }

  @Test
  void abandonedReservationsAreReleasedWithDestroyThenUnreserve() {
    Held h = only(offer("a1", "host1").resources(reserved("kafka0", 1, "v1")).build());
    var abandoned = List.of(new AbandonedReservation("a1", "host1", 1, "v1", "replaced", 0));
    assertThat(HeldReservations.classify(h, Map.of(1, BrokerRecord.pending(1, "broker-1__z", "replace")),
        abandoned)).isEqualTo(Kind.ABANDONED);
    // the same broker's new volume on another agent is not touched
    Held fresh = only(offer("a2", "host2").resources(reserved("kafka0", 1, "v2")).build());
    assertThat(HeldReservations.classify(fresh, Map.of(1, holding(1, "a2", "v2")), abandoned))
        .isEqualTo(Kind.OWNED);

    List<Offer.Operation> ops = HeldReservations.release(h);
    assertThat(ops).extracting(Offer.Operation::getType)
        .containsExactly(Offer.Operation.Type.DESTROY, Offer.Operation.Type.UNRESERVE);
    assertThat(ops.get(0).getDestroy().getVolumes(0).getDisk().getPersistence().getId()).isEqualTo("v1");
    assertThat(ops.get(1).getUnreserve().getResourcesList()).hasSize(4)
        .allSatisfy(r -> assertThat(r.hasDisk()).isFalse());
  }

  @Test
  void aVolumeABrokerRecordHoldsIsNeverReleasedEvenIfListedAsAbandoned() {
    Held h = only(offer("a1", "host1").resources(reserved("kafka0", 1, "v1")).build());
    var abandoned = List.of(new AbandonedReservation("a1", "host1", 1, "v1", "replaced", 0));
    assertThat(HeldReservations.classify(h, Map.of(1, holding(1, "a1", "v1")), abandoned))
        .isEqualTo(Kind.OWNED);
  }
}
