package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * What an offer operation turns into what: RESERVE turns unreserved into reserved resources,
 * CREATE turns reserved disk into a volume, and UNRESERVE and DESTROY undo them.
 *
 * @param consumed what the operation takes
 * @param converted what it gives back in its place
 */
public record Conversion(Resources consumed, Resources converted) {

  public static Conversion of(Offer.Operation operation) {
    return switch (operation.getType()) {
      case RESERVE -> new Conversion(popped(operation.getReserve().getResourcesList()),
          Resources.of(operation.getReserve().getResourcesList()));
      case UNRESERVE -> new Conversion(Resources.of(operation.getUnreserve().getResourcesList()),
          popped(operation.getUnreserve().getResourcesList()));
      case CREATE -> new Conversion(stripped(operation.getCreate().getVolumesList()),
          Resources.of(operation.getCreate().getVolumesList()));
      case DESTROY -> new Conversion(Resources.of(operation.getDestroy().getVolumesList()),
          stripped(operation.getDestroy().getVolumesList()));
      default -> throw new IllegalArgumentException("no conversion for " + operation.getType());
    };
  }

  /** The resources after the conversion, or why it cannot apply. */
  public Result apply(Resources resources) {
    if (!resources.contains(consumed)) {
      return new Result(resources, Optional.of("Invalid resources conversion: " + resources
          + " does not contain " + consumed));
    }
    return new Result(resources.minus(consumed).plus(converted), Optional.empty());
  }

  /** The outcome of {@link #apply}: the new resources or the error. */
  public record Result(Resources resources, Optional<String> error) {
  }

  private static Resources popped(List<Resource> resources) {
    return Resources.of(resources.stream().map(r -> {
      Resource up = Resources.of(r).toList().isEmpty() ? r : Resources.of(r).toList().get(0);
      Resource.Builder b = up.toBuilder();
      if (b.getReservationsCount() > 0) {
        b.removeReservations(b.getReservationsCount() - 1);
      }
      return b.build();
    }).toList());
  }

  private static Resources stripped(List<Resource> volumes) {
    return Resources.of(volumes.stream().map(v -> {
      Resource.Builder b = v.toBuilder();
      if (v.getDisk().hasSource()) {
        b.getDiskBuilder().clearPersistence().clearVolume();
      } else {
        b.clearDisk();
      }
      return b.build();
    }).toList());
  }
}
