package io.kafkamesos.scheduler.offer;

import io.kafkamesos.commons.mesos.resources.ResourceFormat;
import io.kafkamesos.commons.mesos.resources.Resources;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.AllocationInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of one offer while the evaluator hands it out: the unreserved cpus, mem, root disk
 * and ports, and per broker what this cluster reserved for it. Lives for one evaluation.
 *
 * <p>The amounts are kafka-commons {@link Resources}, so that this pool adds, subtracts and
 * compares with Mesos' own fixed-point arithmetic, as mesos-local's master does.
 */
final class OfferPool {

  private static final Set<String> NEEDED =
      Set.of(Resources.CPUS, Resources.MEM, Resources.DISK, Resources.PORTS);

  /** Resources of one kind of reservation: amounts, ports, and a persistent volume if any. */
  static final class Pool {
    /** The plain quantities (no reservation, allocation or disk info: the pool is of one kind). */
    private Resources left = Resources.empty();
    /** The volume offered as is (with {@code pv}), or null. */
    Resource volume;
    /** The reservation stack to put on resources taken from this pool. */
    List<ReservationInfo> reservations = List.of();
    /**
     * {@link #describe()} of what is left, until it changes: every node that does not fit names
     * what is left, and with many nodes waiting that is the same text many times per offer.
     */
    private String description;
    /**
     * The cpus, mem and disk a node asked for that this pool could not give, until it changes: the
     * nodes waiting for an offer mostly ask for the same, and the next ones are refused at once.
     */
    private double[] refused;

    boolean isEmpty() {
      return left.isEmpty() && volume == null;
    }

    boolean has(double wantCpus, double wantMem, double wantDisk) {
      if (refused != null && wantCpus >= refused[0] && wantMem >= refused[1] && wantDisk >= refused[2]) {
        return false; // no less than what did not fit a moment ago, and nothing was taken or added since
      }
      boolean has = left.contains(amounts(wantCpus, wantMem, wantDisk));
      if (!has) {
        refused = new double[] {wantCpus, wantMem, wantDisk};
      }
      return has;
    }

    /** The ports left, as sorted ranges. */
    List<Value.Range> freePorts() {
      return left.ranges(Resources.PORTS);
    }

    /** Takes the amounts and {@code ports} (any ports, not necessarily one run). */
    void take(double takeCpus, double takeMem, double takeDisk, List<Integer> ports) {
      description = null;
      refused = null;
      left = left.minus(amounts(takeCpus, takeMem, takeDisk)
          .plus(PortChoice.resource(ports, List.of(), null)));
    }

    void add(Resource r) {
      description = null;
      refused = null;
      left = left.plus(plain(r));
    }

    double amount(String name) {
      return left.scalar(name).orElse(0.0);
    }

    String describe() {
      if (description == null) {
        description = describeNow();
      }
      return description;
    }

    private String describeNow() {
      List<Value.Range> ports = left.ranges(Resources.PORTS);
      // cpus with Mesos' precision (three decimals), so that 1.099 never reads as 1.10
      return String.format(Locale.ROOT, "cpus %s, mem %.0f MB, disk %.0f MB, %s",
          new DecimalFormat("0.00#", DecimalFormatSymbols.getInstance(Locale.ROOT))
              .format(amount(Resources.CPUS)), amount(Resources.MEM), amount(Resources.DISK),
          ports.isEmpty() ? "no ports" : "ports " + ports.stream()
              .map(r -> r.getBegin() + "-" + r.getEnd()).collect(Collectors.joining(",")));
    }

    private static Resources amounts(double cpus, double mem, double disk) {
      return Resources.of(Resources.scalar(Resources.CPUS, cpus, List.of(), null),
          Resources.scalar(Resources.MEM, mem, List.of(), null),
          Resources.scalar(Resources.DISK, disk, List.of(), null));
    }

    /** The resource's name and value only. */
    private static Resource plain(Resource r) {
      return r.toBuilder().clearReservations().clearRole().clearReservation().clearAllocationInfo()
          .clearDisk().build();
    }
  }

  final Pool unreserved = new Pool();
  final Map<Integer, Pool> reserved = new HashMap<>();
  AllocationInfo allocation;

  static OfferPool of(Offer offer, String role, String frameworkName) {
    OfferPool pool = new OfferPool();
    for (Resource r : offer.getResourcesList()) {
      if (r.hasRevocable() || r.hasShared()) {
        continue; // never build a broker on resources that may vanish or are shared
      }
      if (r.hasAllocationInfo() && pool.allocation == null) {
        pool.allocation = r.getAllocationInfo();
      }
      Pool target;
      if (Reservations.isUnreserved(r)) {
        if (r.hasDisk()) {
          continue; // only the agent's root disk: other disk sources need their own handling
        }
        target = pool.unreserved;
      } else {
        int broker = Reservations.reservedBroker(r, role, frameworkName);
        if (broker < 0) {
          continue; // reserved for someone else
        }
        target = pool.reserved.computeIfAbsent(broker, b -> new Pool());
        if (target.reservations.isEmpty()) {
          target.reservations = List.copyOf(ResourceFormat.upgrade(r).getReservationsList());
        }
        if (r.hasDisk() && r.getDisk().hasPersistence()) {
          target.volume = r;
          continue;
        }
      }
      if (NEEDED.contains(r.getName()) && isNeededType(r)) {
        target.add(r); // other resources (gpus, ...) are not needed
      }
    }
    return pool;
  }

  private static boolean isNeededType(Resource r) {
    return r.getName().equals(Resources.PORTS) ? r.getType() == Value.Type.RANGES
        : r.getType() == Value.Type.SCALAR;
  }
}
