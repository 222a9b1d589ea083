package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.Resources;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ConversionTest {

  private static Resource disk(double size) {
    return Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(size)).build();
  }

  private static Resource reserved(double size) {
    return disk(size).toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("kafka")).build();
  }

  private static Resource volume(double size) {
    return reserved(size).toBuilder().setDisk(Resource.DiskInfo.newBuilder()
        .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("v"))
        .setVolume(Protos.Volume.newBuilder().setContainerPath("data")
            .setMode(Protos.Volume.Mode.RW))).build();
  }

  @Test
  void reservesThenCreatesThenUndoes() {
    Resources agent = Resources.of(disk(100));
    Offer.Operation reserve = Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE)
        .setReserve(Offer.Operation.Reserve.newBuilder().addResources(reserved(40))).build();
    Resources afterReserve = Conversion.of(reserve).apply(agent).resources();
    assertThat(afterReserve.unreserved().scalar("disk")).contains(60.0);
    assertThat(afterReserve.reservedFor("kafka").scalar("disk")).contains(40.0);

    Offer.Operation create = Offer.Operation.newBuilder().setType(Offer.Operation.Type.CREATE)
        .setCreate(Offer.Operation.Create.newBuilder().addVolumes(volume(40))).build();
    Resources afterCreate = Conversion.of(create).apply(afterReserve).resources();
    assertThat(afterCreate.persistentVolumes().toList()).containsExactly(volume(40));

    Offer.Operation destroy = Offer.Operation.newBuilder().setType(Offer.Operation.Type.DESTROY)
        .setDestroy(Offer.Operation.Destroy.newBuilder().addVolumes(volume(40))).build();
    Resources afterDestroy = Conversion.of(destroy).apply(afterCreate).resources();
    assertThat(afterDestroy).isEqualTo(afterReserve);

    Offer.Operation unreserve = Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.UNRESERVE).setUnreserve(
            Offer.Operation.Unreserve.newBuilder().addResources(reserved(40))).build();
    assertThat(Conversion.of(unreserve).apply(afterDestroy).resources()).isEqualTo(agent);
  }

  @Test
  void refusesToConvertWhatIsNotThere() {
    Offer.Operation create = Offer.Operation.newBuilder().setType(Offer.Operation.Type.CREATE)
        .setCreate(Offer.Operation.Create.newBuilder().addVolumes(volume(40))).build();
    Conversion.Result result = Conversion.of(create).apply(Resources.of(disk(100)));
    assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("does not contain"));
  }
}
