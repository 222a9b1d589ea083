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
  /** Reservation label naming the KRaft controller (by node id) that owns a reservation. */
  public static final String CONTROLLER_LABEL = "controller_id";

  private Reservations() {
  }

  /** The dynamic reservation of one broker's resources for the framework's role. */
  public static ReservationInfo brokerReservation(String role, String principal, String frameworkName,
      int brokerId) {
    return nodeReservation(role, principal, frameworkName, io.kafkamesos.commons.node.NodeKind.BROKER,
        brokerId);
  }

  /**
   * The dynamic reservation of one node's resources for the framework's role, labelled with the
   * cluster and {@code broker_id=<id>} (a broker) or {@code controller_id=<node id>} (a controller).
   */
  public static ReservationInfo nodeReservation(String role, String principal, String frameworkName,
      io.kafkamesos.commons.node.NodeKind kind, int nodeId) {
    String label = kind == io.kafkamesos.commons.node.NodeKind.CONTROLLER ? CONTROLLER_LABEL
        : BROKER_LABEL;
    return ReservationInfo.newBuilder()
        .setType(ReservationInfo.Type.DYNAMIC)
        .setRole(role)
        .setPrincipal(principal)
        .setLabels(Labels.newBuilder()
            .addLabels(Label.newBuilder().setKey(FRAMEWORK_LABEL).setValue(frameworkName))
            .addLabels(Label.newBuilder().setKey(label).setValue(Integer.toString(nodeId))))
        .build();
  }

  /** Whether nobody has reserved this resource (neither format). */
  public static boolean isUnreserved(Resource r) {
    return r.getReservationsCount() == 0 && !r.hasReservation()
        && (!r.hasRole() || "*".equals(r.getRole()));
  }

  /**
   * The node (a broker by its broker id, a controller by its node id: the two never meet) a
   * resource is dynamically reserved for by this cluster under {@code role}, or -1 when it is not
   * such a reservation.
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
      String controller = label(labels, CONTROLLER_LABEL);
      return broker != null ? Integer.parseInt(broker)
          : controller != null ? Integer.parseInt(controller) : -1;
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
