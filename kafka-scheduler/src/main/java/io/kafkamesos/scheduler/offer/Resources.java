package io.kafkamesos.scheduler.offer;

import java.util.List;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.AllocationInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * Builds and reads Mesos resources in the reservation-refinement format (a stack of
 * {@code reservations}), which the framework declares with {@code RESERVATION_REFINEMENT}. The old
 * {@code role}/{@code reservation} fields are only read.
 */
public final class Resources {

  public static final String CPUS = "cpus";
  public static final String MEM = "mem";
  public static final String DISK = "disk";
  public static final String PORTS = "ports";

  /** Reservation label naming the cluster that owns a reservation. */
  public static final String FRAMEWORK_LABEL = "kafka_framework";
  /** Reservation label naming the broker that owns a reservation. */
  public static final String BROKER_LABEL = "broker_id";

  /** Differences below this are rounding (Mesos keeps three decimals). */
  static final double EPSILON = 1e-6;

  private Resources() {
  }

  public static Resource scalar(String name, double value, List<ReservationInfo> reservations,
      AllocationInfo allocation) {
    Resource.Builder b = Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(round(value)))
        .addAllReservations(reservations);
    if (allocation != null) {
      b.setAllocationInfo(allocation);
    }
    return b.build();
  }

  public static Resource port(int port, List<ReservationInfo> reservations, AllocationInfo allocation) {
    Resource.Builder b = Resource.newBuilder()
        .setName(PORTS)
        .setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder()
            .addRange(Value.Range.newBuilder().setBegin(port).setEnd(port)))
        .addAllReservations(reservations);
    if (allocation != null) {
      b.setAllocationInfo(allocation);
    }
    return b.build();
  }

  /** The dynamic reservation of one broker's resources for the framework's role. */
  public static ReservationInfo brokerReservation(String role, String principal, String frameworkName,
      int brokerId) {
    return ReservationInfo.newBuilder()
        .setType(ReservationInfo.Type.DYNAMIC)
        .setRole(role)
        .setPrincipal(principal)
        .setLabels(Labels.newBuilder()
            .addLabels(Label.newBuilder().setKey(FRAMEWORK_LABEL).setValue(frameworkName))
            .addLabels(Label.newBuilder().setKey(BROKER_LABEL).setValue(Integer.toString(brokerId))))
        .build();
  }

  /** Whether nobody has reserved this resource (neither format). */
  public static boolean isUnreserved(Resource r) {
    return r.getReservationsCount() == 0 && !r.hasReservation()
        && (!r.hasRole() || "*".equals(r.getRole()));
  }

  /**
   * The broker a resource is dynamically reserved for by this cluster under {@code role}, or -1 when
   * it is not such a reservation.
   */
  public static int reservedBroker(Resource r, String role, String frameworkName) {
    Labels labels;
    String reservedRole;
    if (r.getReservationsCount() > 0) {
      ReservationInfo last = r.getReservations(r.getReservationsCount() - 1);
      if (last.getType() != ReservationInfo.Type.DYNAMIC) {
        return -1;
      }
      labels = last.getLabels();
      reservedRole = last.getRole();
    } else if (r.hasReservation()) {
      labels = r.getReservation().getLabels();
      reservedRole = r.getRole();
    } else {
      return -1;
    }
    if (!role.equals(reservedRole) || !frameworkName.equals(label(labels, FRAMEWORK_LABEL))) {
      return -1;
    }
    try {
      String broker = label(labels, BROKER_LABEL);
      return broker == null ? -1 : Integer.parseInt(broker);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String label(Labels labels, String key) {
    for (Label label : labels.getLabelsList()) {
      if (key.equals(label.getKey())) {
        return label.getValue();
      }
    }
    return null;
  }

  static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
