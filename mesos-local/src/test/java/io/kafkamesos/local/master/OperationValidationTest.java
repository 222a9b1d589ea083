package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.Resources;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OperationValidationTest {

  private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("u")
      .setName("n").setRole("kafka").setId(Protos.FrameworkID.newBuilder().setValue("fw"))
      .build();

  private static Resource disk(double size, String role) {
    return Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(size))
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("kafka"))
        .addReservations(Resource.ReservationInfo.newBuilder()
            .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole(role)).build();
  }

  private static Resource volume(String id) {
    return disk(10, "kafka").toBuilder().setDisk(Resource.DiskInfo.newBuilder()
        .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId(id))
        .setVolume(Protos.Volume.newBuilder().setContainerPath("data")
            .setMode(Protos.Volume.Mode.RW))).build();
  }

  @Test
  void refusesReservingForAnotherRole() {
    Offer.Operation.Reserve reserve = Offer.Operation.Reserve.newBuilder()
        .addResources(disk(10, "other")).build();
    assertThat(OperationValidation.reserve(reserve, FRAMEWORK)).contains(
        "A reserve operation was attempted for a resource with role 'other', but the resource"
            + " was allocated to role 'kafka'");
    assertThat(OperationValidation.reserve(Offer.Operation.Reserve.newBuilder()
        .addResources(disk(10, "kafka")).build(), FRAMEWORK)).isEmpty();
  }

  @Test
  void refusesAVolumeIdAlreadyInUse() {
    Resources agent = Resources.of(volume("v1")).unallocated();
    Offer.Operation.Create create = Offer.Operation.Create.newBuilder()
        .addVolumes(volume("v1")).build();
    assertThat(OperationValidation.create(create, agent, FRAMEWORK))
        .contains("Persistence ID 'v1' is not unique");
    assertThat(OperationValidation.create(Offer.Operation.Create.newBuilder()
        .addVolumes(volume("v2")).build(), agent, FRAMEWORK)).isEmpty();
  }

  @Test
  void refusesUnreservingAVolumeAndUnreservedResources() {
    assertThat(OperationValidation.unreserve(Offer.Operation.Unreserve.newBuilder()
        .addResources(volume("v1")).build()).orElseThrow())
        .contains("cannot be unreserved directly");
    Resource plain = Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(1)).build();
    assertThat(OperationValidation.unreserve(Offer.Operation.Unreserve.newBuilder()
        .addResources(plain).build()).orElseThrow()).endsWith("is not dynamically reserved");
  }

  @Test
  void refusesDestroyingMissingOrUsedVolumes() {
    Offer.Operation.Destroy destroy = Offer.Operation.Destroy.newBuilder()
        .addVolumes(volume("v1")).build();
    assertThat(OperationValidation.destroy(destroy, Resources.empty(), Resources.empty()))
        .contains("Persistent volumes not found");
    Resources agent = Resources.of(volume("v1")).unallocated();
    assertThat(OperationValidation.destroy(destroy, agent, agent))
        .contains("Persistent volumes in use");
    assertThat(OperationValidation.destroy(destroy, agent, Resources.empty())).isEmpty();
  }

  @Test
  void refusesCreatingAVolumeOnUnreservedDisk() {
    Resource unreserved = volume("v1").toBuilder().clearReservations().build();
    assertThat(OperationValidation.create(Offer.Operation.Create.newBuilder()
        .addVolumes(unreserved).build(), Resources.empty(), FRAMEWORK).orElseThrow())
        .contains("Persistent volumes cannot be created from unreserved resources");
  }
}
