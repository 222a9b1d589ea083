package io.kafkamesos.scheduler.offer;

import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;

/**
 * This cluster's reservations: the labels it puts on what it reserves for a broker, and how it reads
 * them back from offers, in both reservation formats (the refinement stack of {@code reservations},
 * which the framework declares with {@code RESERVATION_REFINEMENT}, and the old
 * {@code role}/{@code reservation}, only read). Resource arithmetic is kafka-commons'
 * {@link io.kafkamesos.commons.mesos.resources.Resources}.
 */
public final class Reservations {

  /** Reservation label naming the cluster that owns a reservation. */
  public static final String FRAMEWORK_LABEL = "kafka_framework";
  /** Reservation label naming the broker that owns a reservation. */
  public static final String BROKER_LABEL = "broker_id";

  private Reservations() {
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
}
