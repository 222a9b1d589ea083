package io.kafkamesos.commons.mesos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static Resource reserved(String name, double value, String role) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .addReservations(Resource.ReservationInfo.newBuilder()
            .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole(role))
        .build();
  }

  @Test
  void parsesAgentNotationAndSumsScalars() {
    Resources r = Resources.parse("cpus:2;mem:4096;disk:20000;ports:[31000-32000]");
    assertThat(r.scalar("cpus")).contains(2.0);
    assertThat(r.plus(Resources.parse("cpus:0.5")).scalar("cpus")).contains(2.5);
    assertThat(r.toQuantities()).containsEntry("ports", "[31000-32000]");
  }

  @Test
  void subtractsRangesAndNeverGoesNegative() {
    Resources r = Resources.parse("ports:[31000-31010];cpus:1");
    Resources left = r.minus(Resources.parse("ports:[31005-31005];cpus:3"));
    assertThat(left.toQuantities()).containsEntry("ports", "[31000-31004, 31006-31010]");
    assertThat(left.scalar("cpus")).isEmpty();
    assertThat(r.contains(Resources.parse("ports:[31002-31003]"))).isTrue();
    assertThat(left.contains(Resources.parse("ports:[31005-31005]"))).isFalse();
  }

  @Test
  void keepsReservedAndUnreservedApart() {
    Resources r = Resources.parse("cpus:2").plus(Resources.of(reserved("cpus", 1, "kafka")));
    assertThat(r.toList()).hasSize(2);
    assertThat(r.reservedFor("kafka").scalar("cpus")).contains(1.0);
    assertThat(r.unreserved().contains(Resources.of(reserved("cpus", 1, "kafka")))).isFalse();
  }

  @Test
  void upgradesOldReservationFormat() {
    Resource old = Resource.newBuilder().setName("mem").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(64)).setRole("kafka")
        .setReservation(Resource.ReservationInfo.newBuilder().setPrincipal("p")).build();
    Resource upgraded = Resources.of(old).toList().get(0);
    assertThat(upgraded.hasRole()).isFalse();
    assertThat(upgraded.getReservations(0).getType()).isEqualTo(Resource.ReservationInfo.Type.DYNAMIC);
    assertThat(ResourceFormat.downgrade(upgraded).getRole()).isEqualTo("kafka");
    assertThat(ResourceFormat.downgrade(upgraded).getReservation().getPrincipal()).isEqualTo("p");
  }

  @Test
  void treatsPersistentVolumesAsIndivisible() {
    Resource volume = reserved("disk", 100, "kafka").toBuilder()
        .setDisk(Resource.DiskInfo.newBuilder()
            .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("v1"))
            .setVolume(org.apache.mesos.v1.Protos.Volume.newBuilder().setContainerPath("data")
                .setMode(org.apache.mesos.v1.Protos.Volume.Mode.RW)))
        .build();
    Resources r = Resources.of(volume);
    Resource half = volume.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(50)).build();
    assertThat(r.contains(Resources.of(half))).isFalse();
    assertThat(r.contains(Resources.of(volume))).isTrue();
    assertThat(r.minus(Resources.of(volume)).isEmpty()).isTrue();
  }

  @Test
  void refusesBadNotation() {
    assertThatThrownBy(() -> Resources.parse("cpus=2")).hasMessageContaining("cpus=2");
    assertThatThrownBy(() -> Resources.parse("ports:[5-1]")).hasMessageContaining("ports");
  }

  @Test
  void buildsScalarsAndPortsInMesosFixedPoint() {
    Resource cpus = Resources.scalar(Resources.CPUS, 1.0 + 0.1, java.util.List.of(), null);
    Resource port = Resources.port(31005, java.util.List.of(), null);

    assertThat(cpus.getScalar().getValue()).isEqualTo(1.1);
    assertThat(Resources.of(cpus).contains(Resources.parse("cpus:1.1"))).isTrue();
    assertThat(Resources.of(cpus).contains(Resources.parse("cpus:1.101"))).isFalse();
    assertThat(Resources.parse("ports:[31000-31010]").minus(Resources.of(port)).ranges(Resources.PORTS))
        .extracting(Value.Range::getBegin, Value.Range::getEnd)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(31000L, 31004L),
            org.assertj.core.groups.Tuple.tuple(31006L, 31010L));
    assertThat(Resources.round(0.1 + 0.2)).isEqualTo(0.3);
  }
}
