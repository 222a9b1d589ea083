package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.proto.Roles;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Mesos' checks of RESERVE, UNRESERVE, CREATE and DESTROY sent by a framework; messages are
 * Mesos'. Resources are expected upgraded and with the offer's allocation info injected.
 */
public final class OperationValidation {

  private OperationValidation() {
  }

  public static Optional<String> reserve(Offer.Operation.Reserve reserve, FrameworkInfo framework) {
    List<Resource> resources = reserve.getResourcesList();
    Optional<String> error = ResourceValidation.validate(resources);
    if (error.isPresent()) {
      return Optional.of("Invalid resources: " + error.get());
    }
    List<String> roles = Roles.of(framework);
    for (Resource r : Resources.of(resources)) {
      boolean dynamic = r.getReservationsCount() > 0
          && r.getReservations(r.getReservationsCount() - 1).getType()
          == Resource.ReservationInfo.Type.DYNAMIC;
      if (!dynamic) {
        return Optional.of("Resource " + Resources.of(r) + " is not dynamically reserved");
      }
      if (framework.hasPrincipal()) {
        Resource.ReservationInfo last = r.getReservations(r.getReservationsCount() - 1);
        if (!last.hasPrincipal()) {
          return Optional.of("A reserve operation was attempted by principal '"
              + framework.getPrincipal() + "', but there is a reserved resource in the request"
              + " with no principal set");
        }
        if (!last.getPrincipal().equals(framework.getPrincipal())) {
          return Optional.of("A reserve operation was attempted by authenticated principal '"
              + framework.getPrincipal() + "', which does not match a reserved resource in the"
              + " request with principal '" + last.getPrincipal() + "'");
        }
      }
      String role = Resources.reservationRole(r);
      if (!r.getAllocationInfo().hasRole()) {
        return Optional.of("A reserve operation was attempted on unallocated resource "
            + Resources.of(r) + ", but frameworks can only perform reservations on allocated"
            + " resources");
      }
      String allocated = r.getAllocationInfo().getRole();
      if (!allocated.equals(role)) {
        return Optional.of("A reserve operation was attempted for a resource with role '" + role
            + "', but the resource was allocated to role '" + allocated + "'");
      }
      if (!roles.contains(allocated)) {
        return Optional.of("A reserve operation was attempted for a resource allocated to role '"
            + allocated + "', but the framework only has roles '" + roles + "'");
      }
    }
    return ResourceValidation.singleAllocationRole(resources)
        .map(e -> "Invalid reservation resources: " + e);
  }

  public static Optional<String> unreserve(Offer.Operation.Unreserve unreserve) {
    List<Resource> resources = unreserve.getResourcesList();
    Optional<String> error = ResourceValidation.validate(resources);
    if (error.isPresent()) {
      return Optional.of("Invalid resources: " + error.get());
    }
    for (Resource r : Resources.of(resources)) {
      boolean dynamic = r.getReservationsCount() > 0
          && r.getReservations(r.getReservationsCount() - 1).getType()
          == Resource.ReservationInfo.Type.DYNAMIC;
      if (!dynamic) {
        return Optional.of("Resource " + Resources.of(r) + " is not dynamically reserved");
      }
      if (Resources.isPersistentVolume(r)) {
        return Optional.of("A dynamically reserved persistent volume " + Resources.of(r)
            + " cannot be unreserved directly. Please destroy the persistent volume first then"
            + " unreserve the resource");
      }
    }
    return Optional.empty();
  }

  /**
   * @param agentTotal the agent's total resources, with the volumes it already has
   */
  public static Optional<String> create(Offer.Operation.Create create, Resources agentTotal,
      FrameworkInfo framework) {
    List<Resource> volumes = create.getVolumesList();
    Optional<String> error = ResourceValidation.validate(volumes);
    if (error.isPresent()) {
      return Optional.of("Invalid resources: " + error.get());
    }
    error = ResourceValidation.persistentVolumes(volumes);
    if (error.isPresent()) {
      return Optional.of("Not a persistent volume: " + error.get());
    }
    error = ResourceValidation.uniquePersistenceIds(
        agentTotal.unallocated().plus(Resources.of(volumes).unallocated()));
    if (error.isPresent()) {
      return error;
    }
    for (Resource volume : volumes) {
      if (volume.hasShared() && !Roles.hasCapability(framework,
          FrameworkInfo.Capability.Type.SHARED_RESOURCES)) {
        return Optional.of("Create volume operation for '" + Resources.of(volume)
            + "' has been attempted by framework '" + framework.getId().getValue()
            + "' with no SHARED_RESOURCES capability");
      }
    }
    return ResourceValidation.singleAllocationRole(volumes)
        .map(e -> "Invalid volume resources: " + e);
  }

  /**
   * @param agentTotal the agent's total resources (unallocated)
   * @param used what tasks and executors on the agent use (unallocated)
   */
  public static Optional<String> destroy(Offer.Operation.Destroy destroy, Resources agentTotal,
      Resources used) {
    Resources volumes = Resources.of(destroy.getVolumesList()).unallocated();
    Optional<String> error = ResourceValidation.validate(volumes.toList());
    if (error.isPresent()) {
      return Optional.of("Invalid resources: " + error.get());
    }
    error = ResourceValidation.persistentVolumes(volumes.toList());
    if (error.isPresent()) {
      return Optional.of("Not a persistent volume: " + error.get());
    }
    for (Resource volume : volumes) {
      if (!agentTotal.contains(volume)) {
        return Optional.of("Persistent volumes not found");
      }
    }
    for (Resource volume : volumes) {
      if (used.contains(volume)) {
        return Optional.of("Persistent volumes in use");
      }
    }
    return Optional.empty();
  }
}
