package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.ResourceFormat;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.proto.Roles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/** Mesos' checks of resources in operations, tasks and executors; messages are Mesos'. */
public final class ResourceValidation {

  private ResourceValidation() {
  }

  /** The general checks ({@code resource::validate}). */
  public static Optional<String> validate(List<Resource> resources) {
    for (Resource r : resources) {
      Optional<String> error = validateOne(r);
      if (error.isPresent()) {
        return Optional.of("Invalid resources: " + error.get());
      }
    }
    for (Resource r : resources) {
      if (!r.hasDisk()) {
        continue;
      }
      Resource up = ResourceFormat.upgrade(r);
      if (r.getDisk().hasPersistence()) {
        if (r.hasRevocable()) {
          return Optional.of("Invalid DiskInfo: Persistent volumes cannot be created from "
              + "revocable resources");
        }
        if (up.getReservationsCount() == 0) {
          return Optional.of("Invalid DiskInfo: Persistent volumes cannot be created from "
              + "unreserved resources");
        }
        if (!r.getDisk().hasVolume()) {
          return Optional.of("Invalid DiskInfo: Expecting 'volume' to be set for persistent "
              + "volume");
        }
        if (r.getDisk().getVolume().hasHostPath()) {
          return Optional.of("Invalid DiskInfo: Expecting 'host_path' to be unset for "
              + "persistent volume");
        }
        Optional<String> idError = Roles.validateId(r.getDisk().getPersistence().getId());
        if (idError.isPresent()) {
          return Optional.of("Invalid DiskInfo: Invalid persistence ID for persistent volume: "
              + idError.get());
        }
      } else if (r.getDisk().hasVolume()) {
        return Optional.of("Invalid DiskInfo: Non-persistent volume not supported");
      } else if (!r.getDisk().hasSource()) {
        return Optional.of("Invalid DiskInfo: DiskInfo is set but empty");
      }
    }
    for (Resource r : resources) {
      Resource up = ResourceFormat.upgrade(r);
      boolean dynamic = up.getReservationsList().stream()
          .anyMatch(i -> i.getType() == Resource.ReservationInfo.Type.DYNAMIC);
      if (dynamic && r.hasRevocable()) {
        return Optional.of("Invalid ReservationInfo: Dynamically reserved resource "
            + Resources.of(r) + " cannot be created from revocable resources");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> validateOne(Resource r) {
    if (ResourceFormat.mixesFormats(r)) {
      return Optional.of("Resource " + r.getName() + " sets both 'reservations' and the"
          + " deprecated 'role'/'reservation' fields");
    }
    if (r.getName().isEmpty()) {
      return Optional.of("Empty resource name");
    }
    boolean ok = switch (r.getType()) {
      case SCALAR -> r.hasScalar() && !r.hasRanges() && !r.hasSet()
          && r.getScalar().getValue() >= 0 && !Double.isNaN(r.getScalar().getValue());
      case RANGES -> r.hasRanges() && !r.hasScalar() && !r.hasSet()
          && r.getRanges().getRangeList().stream().allMatch(x -> x.getBegin() <= x.getEnd());
      case SET -> r.hasSet() && !r.hasScalar() && !r.hasRanges();
      default -> false;
    };
    if (!ok) {
      return Optional.of("Invalid " + r.getType() + " resource: '" + r.getName() + "'");
    }
    Resource up = ResourceFormat.upgrade(r);
    for (Resource.ReservationInfo info : up.getReservationsList()) {
      if (info.getRole().equals("*")) {
        return Optional.of("Invalid reservation: role \"*\" cannot be reserved");
      }
      Optional<String> roleError = Roles.validate(info.getRole());
      if (roleError.isPresent()) {
        return Optional.of("Invalid reservation: " + roleError.get());
      }
    }
    if (r.getDisk().hasPersistence() && r.getType() != Value.Type.SCALAR) {
      return Optional.of("Persistent volume must be a scalar resource");
    }
    return Optional.empty();
  }

  /** Persistence ids must be unique per role within these resources. */
  public static Optional<String> uniquePersistenceIds(Resources resources) {
    Map<String, Set<String>> ids = new HashMap<>();
    for (Resource volume : resources.persistentVolumes()) {
      String role = Resources.reservationRole(volume);
      String id = volume.getDisk().getPersistence().getId();
      if (!ids.computeIfAbsent(role, k -> new HashSet<>()).add(id)) {
        return Optional.of("Persistence ID '" + id + "' is not unique");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> persistentVolumes(List<Resource> volumes) {
    for (Resource volume : volumes) {
      if (!volume.hasDisk()) {
        return Optional.of("Resource " + Resources.of(volume) + " does not have DiskInfo");
      } else if (!volume.getDisk().hasPersistence()) {
        return Optional.of("'persistence' is not set in DiskInfo");
      } else if (!volume.getDisk().hasVolume()) {
        return Optional.of("Expecting 'volume' to be set for persistent volume");
      } else if (volume.getDisk().getVolume().getMode() == Volume.Mode.RO) {
        return Optional.of("Read-only persistent volume not supported");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> singleAllocationRole(List<Resource> resources) {
    String role = null;
    for (Resource r : resources) {
      if (!r.getAllocationInfo().hasRole()) {
        return Optional.of("The resources are not allocated to a role");
      }
      String next = r.getAllocationInfo().getRole();
      if (role == null) {
        role = next;
      } else if (!role.equals(next)) {
        return Optional.of("The resources have multiple allocation roles ('" + next + "' and '"
            + role + "') but only one allocation role is allowed");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> revocableMix(Resources resources) {
    Map<String, Set<Boolean>> kinds = new HashMap<>();
    for (Resource r : resources) {
      kinds.computeIfAbsent(r.getName(), k -> new HashSet<>()).add(r.hasRevocable());
    }
    return kinds.entrySet().stream().filter(e -> e.getValue().size() > 1).findFirst()
        .map(e -> "Cannot use both revocable and non-revocable '" + e.getKey()
            + "' at the same time");
  }
}
