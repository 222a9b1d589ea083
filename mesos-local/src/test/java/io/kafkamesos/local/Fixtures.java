package io.kafkamesos.local;

import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Resources and operations for tests. */
final class Fixtures {

  private Fixtures() {
  }

  static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  static Resource reserved(String name, double value, String role) {
    return scalar(name, value).toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole(role).setPrincipal("test"))
        .build();
  }

  static Resource volume(double size, String role, String id, String path) {
    return reserved("disk", size, role).toBuilder().setDisk(Resource.DiskInfo.newBuilder()
        .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId(id)
            .setPrincipal("test"))
        .setVolume(Protos.Volume.newBuilder().setContainerPath(path)
            .setMode(Protos.Volume.Mode.RW))).build();
  }

  static Protos.Offer.Operation reserve(Resource... resources) {
    return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.RESERVE)
        .setReserve(Protos.Offer.Operation.Reserve.newBuilder()
            .addAllResources(java.util.List.of(resources))).build();
  }

  static Protos.Offer.Operation create(Resource... volumes) {
    return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.CREATE)
        .setCreate(Protos.Offer.Operation.Create.newBuilder()
            .addAllVolumes(java.util.List.of(volumes))).build();
  }

  static Protos.Offer.Operation launch(Protos.TaskInfo... tasks) {
    return Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
        .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
            .addAllTaskInfos(java.util.List.of(tasks))).build();
  }
}
